import { describe, expect, it } from 'vitest';
import { edit, FIXTURE } from './edit.fixture.js';
import { parseConfigText } from './load.js';

describe('applyConfigEdits on a commented JSONC file', () => {
  it('leaves the text alone when there is nothing to do', () => {
    expect(edit(FIXTURE)).toBe(FIXTURE);
    expect(edit(FIXTURE, { kind: 'setField', name: 'memory', field: 'cwd', value: undefined })).toBe(FIXTURE);
    expect(edit(FIXTURE, { kind: 'rename', from: 'memory', to: 'memory' })).toBe(FIXTURE);
  });

  it('applies several edits in order', () => {
    const text = edit(
      FIXTURE,
      { kind: 'rename', from: 'search', to: 'web' },
      { kind: 'setField', name: 'web', field: 'timeout', value: 5000 },
      { kind: 'remove', name: 'filesystem' },
      { kind: 'set', name: 'filesystem', config: { command: 'npx' } },
    );
    expect(parseConfigText(text, 'mcp.json').servers.map((s) => [s.name, s.entry])).toEqual([
      ['web', { url: 'https://example.com/mcp', type: 'http', timeout: 5000 }],
      ['memory', { command: 'node', args: ['memory.js'] }],
      ['filesystem', { command: 'npx' }],
    ]);
    expect(text).toContain('"web": { "url": "https://example.com/mcp", "type": "http", "timeout": 5000 },');
  });
});
