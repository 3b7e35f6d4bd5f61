import { describe, expect, it } from 'vitest';
import { secretPlaceholder } from './install-values.js';
import { expectValidConfig, fixture } from './install.fixture.js';
import { configFromEntry } from './install.js';
import { requiredRuntime } from './runtime.js';

describe('configFromEntry: npm', () => {
  const weather = fixture('com.example/weather');

  it('runs npx with the pinned version, arguments, and the secret as a placeholder', () => {
    const result = configFromEntry(weather, { package: 0 }, { OPENWEATHER_API_KEY: 'sk-weather-123' });
    expect(result).toEqual({
      config: {
        command: 'npx',
        args: ['-y', '@example/weather-mcp@1.2.0', '--units', 'metric', '--stdio'],
        env: { OPENWEATHER_API_KEY: '${secret:server:com.example/weather:OPENWEATHER_API_KEY}' },
      },
      secrets: [{ name: 'server:com.example/weather:OPENWEATHER_API_KEY', value: 'sk-weather-123' }],
      missing: [],
      invalid: [],
      notices: [],
    });
    expect(JSON.stringify(result.config)).not.toContain('sk-weather-123');
    expectValidConfig(result);
    expect(requiredRuntime(result.config!)).toBe('node');
  });

  it('lists required values that are missing and uses given optional ones', () => {
    const result = configFromEntry(weather, {}, { '--units': 'imperial', WEATHER_CACHE_DIR: '/tmp/w', OPENWEATHER_API_KEY: '' });
    expect(result.missing).toEqual(['OPENWEATHER_API_KEY']);
    expect(result.secrets).toEqual([]);
    expect(result.config).toEqual({
      command: 'npx',
      args: ['-y', '@example/weather-mcp@1.2.0', '--units', 'imperial', '--stdio'],
      env: { WEATHER_CACHE_DIR: '/tmp/w' },
    });
  });

  it('refuses a value outside the declared choices', () => {
    const result = configFromEntry(weather, {}, { '--units': 'kelvin', OPENWEATHER_API_KEY: 'k' });
    expect(result.invalid).toEqual(['--units: must be one of metric, imperial']);
    expect((result.config as { args: string[] }).args).not.toContain('kelvin');
  });

  it('names secrets as the caller wants', () => {
    const result = configFromEntry(weather, {}, { OPENWEATHER_API_KEY: 'k' }, { secretName: (key) => `server:weather:${key}` });
    expect(result.secrets).toEqual([{ name: 'server:weather:OPENWEATHER_API_KEY', value: 'k' }]);
    expect((result.config as { env: Record<string, string> }).env['OPENWEATHER_API_KEY']).toBe(secretPlaceholder('server:weather:OPENWEATHER_API_KEY'));
  });

  it('asks for a required repeated path', () => {
    const files = fixture('io.github.someone/files');
    expect(configFromEntry(files, {}, {}).missing).toEqual(['allowed_directory']);
    expect(configFromEntry(files, {}, { allowed_directory: '/home/me/docs' }).config).toEqual({
      command: 'npx',
      args: ['-y', 'files-mcp@0.3.0', '/home/me/docs'],
    });
  });
});

describe('configFromEntry: PyPI', () => {
  it('runs uvx with ==version, defaults filled, secrets as placeholders', () => {
    const result = configFromEntry(fixture('io.github.acme/postgres'), {}, { DATABASE_URL: 'postgres://u:pw@db/x' });
    expect(result.config).toEqual({
      command: 'uvx',
      args: ['acme-postgres-mcp==0.9.1', 'public'],
      env: { DATABASE_URL: '${secret:server:io.github.acme/postgres:DATABASE_URL}', PG_POOL_SIZE: '4' },
    });
    expect(result.secrets).toEqual([{ name: 'server:io.github.acme/postgres:DATABASE_URL', value: 'postgres://u:pw@db/x' }]);
    expectValidConfig(result);
    expect(requiredRuntime(result.config!)).toBe('uv');
  });

  it('checks number formats', () => {
    const result = configFromEntry(fixture('io.github.acme/postgres'), {}, { DATABASE_URL: 'x', PG_POOL_SIZE: 'many', schema: 'sales' });
    expect(result.invalid).toEqual(['PG_POOL_SIZE: must be a number']);
    expect((result.config as { args: string[] }).args).toEqual(['acme-postgres-mcp==0.9.1', 'sales']);
  });
});

describe('configFromEntry: OCI', () => {
  it('runs docker run -i --rm with runtime arguments, -e names and the tagged image', () => {
    const result = configFromEntry(fixture('io.github.acme/search'), {}, { source_path: '/home/me/docs', SEARCH_TOKEN: 'tok-123456' });
    expect(result.config).toEqual({
      command: 'docker',
      args: [
        'run',
        '-i',
        '--rm',
        '--network',
        'host',
        '--mount',
        'type=bind,src=/home/me/docs,dst=/data',
        '-e',
        'SEARCH_TOKEN',
        'ghcr.io/acme/search-mcp:1.4.0',
      ],
      env: { SEARCH_TOKEN: '${secret:server:io.github.acme/search:SEARCH_TOKEN}' },
    });
    expect(JSON.stringify(result.config)).not.toContain('tok-123456');
    expectValidConfig(result);
    expect(requiredRuntime(result.config!)).toBe('docker');
  });

  it('reports variables of fixed values that are missing', () => {
    expect(configFromEntry(fixture('io.github.acme/search'), {}, {}).missing).toEqual(['source_path', 'SEARCH_TOKEN']);
  });

  it('appends the version as the tag for entries from before schema 2025-10-11', () => {
    const result = configFromEntry(fixture('com.example/legacy-db'), {}, {});
    expect(result.config).toEqual({
      command: 'docker',
      args: ['run', '-i', '--rm', 'example/database-manager-mcp:3.1.0', '--host', 'localhost'],
    });
    expect(result.missing).toEqual([]);
  });
});

describe('configFromEntry: other package types', () => {
  it('runs NuGet packages with dnx', () => {
    const result = configFromEntry(fixture('io.github.dotnet/sample'), {}, {});
    expect(result.config).toEqual({ command: 'dnx', args: ['Knapcode.SampleMcpServer@0.5.0', '--yes', '--', 'mcp', 'start'] });
    expect(requiredRuntime(result.config!)).toBeUndefined();
  });

  it('says why MCP bundles and self-hosted HTTP packages cannot be installed', () => {
    const bundle = configFromEntry(fixture('io.github.bundles/editor'), {}, {});
    expect(bundle.config).toBeNull();
    expect(bundle.notices[0]).toContain('mcpb');
    const http = configFromEntry(fixture('io.github.acme/http-only'), {}, {});
    expect(http.config).toBeNull();
    expect(http.notices[0]).toContain('runs its own streamable-http server at http://localhost:{PORT}/mcp');
  });

  it('handles an entry with nothing to install', () => {
    const empty = { id: 'x/y', packages: [], remotes: [] };
    expect(configFromEntry(empty, {}, {})).toMatchObject({ config: null, notices: ['x/y lists neither a package nor a remote'] });
  });
});
