import { describe, expect, it } from 'vitest';
import { fixture } from './install.fixture.js';
import { installInputs } from './install.js';

describe('installInputs', () => {
  it('lists what to ask, in command-line order, without fixed values', () => {
    expect(installInputs(fixture('com.example/weather'), {})).toEqual([
      { key: 'OPENWEATHER_API_KEY', kind: 'environment', description: 'API key', isRequired: true, isSecret: true, format: 'string' },
      { key: 'WEATHER_CACHE_DIR', kind: 'environment', description: 'Where to cache', isRequired: false, isSecret: false, format: 'filepath' },
      {
        key: '--units',
        kind: 'argument',
        description: 'Units',
        isRequired: false,
        isSecret: false,
        format: 'string',
        default: 'metric',
        choices: ['metric', 'imperial'],
      },
    ]);
    expect(installInputs(fixture('io.github.acme/search'), {}).map((i) => [i.key, i.kind])).toEqual([
      ['source_path', 'variable'],
      ['SEARCH_TOKEN', 'environment'],
    ]);
    expect(installInputs(fixture('com.example/tenant-crm'), { remote: 0 }).map((i) => [i.key, i.kind, i.isSecret])).toEqual([
      ['tenant', 'variable', false],
      ['X-Api-Key', 'header', true],
    ]);
    expect(installInputs(fixture('com.example/notes'), { remote: 0 }).map((i) => i.key)).toEqual(['token', 'X-Region']);
  });
});
