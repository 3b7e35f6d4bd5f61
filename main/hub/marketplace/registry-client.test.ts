import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestNames } from '../../../test/fixtures/registry/entries.js';
import { startTestRegistry, type TestRegistry } from '../../../test/fixtures/registry/server.js';
import {
  OFFICIAL_REGISTRY_URL,
  RegistryClient,
  RegistryError,
  resolveRegistryUrls,
  type FetchLike,
  type RegistryClientOptions,
} from './registry-client.js';

let registry: TestRegistry;

beforeEach(async () => {
  registry = await startTestRegistry();
});

afterEach(async () => {
  await registry.close();
});

function client(options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({ baseUrl: registry.url, retryDelayMs: 5, timeoutMs: 2_000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError');
}

describe('resolveRegistryUrls', () => {
  it('puts the organisation registries first, then the official default', () => {
    expect(resolveRegistryUrls({ own: ['https://mcp.corp.example/registry/'], env: {} })).toEqual([
      'https://mcp.corp.example/registry',
      OFFICIAL_REGISTRY_URL,
    ]);
  });

  it('takes the default from MCP_HUB_REGISTRY_URL, and a setting over both', () => {
    const env = { MCP_HUB_REGISTRY_URL: 'https://mirror.example/' };
    expect(resolveRegistryUrls({ env })).toEqual(['https://mirror.example']);
    expect(resolveRegistryUrls({ env, defaultUrl: 'https://setting.example' })).toEqual(['https://setting.example']);
    expect(resolveRegistryUrls({ env: {} })).toEqual([OFFICIAL_REGISTRY_URL]);
  });

  it('can drop the default registry and removes duplicates', () => {
    expect(resolveRegistryUrls({ own: ['https://a.example', 'https://a.example/'], defaultUrl: null, env: {} })).toEqual([
      'https://a.example',
    ]);
  });

  it('rejects URLs that are not http(s) with a clear message', () => {
    expect(() => resolveRegistryUrls({ own: ['ftp://x.example'], env: {} })).toThrow('must use http or https');
    expect(() => resolveRegistryUrls({ own: ['not a url'], env: {} })).toThrow('"not a url" is not a valid URL');
  });
});

describe('RegistryClient', () => {
  it('follows nextCursor over every page', async () => {
    const result = await client({ pageSize: 5 }).listAll({ version: 'latest' });
    expect(result.pages).toBe(3);
    expect(result.truncated).toBe(false);
    expect(result.servers.map((s) => s.server.name).sort()).toEqual(latestNames().sort());
    const listCalls = registry.requests.filter((r) => r.path === '/v0.1/servers');
    expect(listCalls.map((r) => r.query['cursor'])).toEqual([undefined, expect.any(String), expect.any(String)]);
    expect(listCalls.every((r) => r.query['limit'] === '5' && r.query['version'] === 'latest')).toBe(true);
  });

  it('stops at the page cap and says the list is truncated', async () => {
    const result = await client({ pageSize: 5, maxPages: 2 }).listAll({ version: 'latest' });
    expect(result).toMatchObject({ pages: 2, truncated: true });
    expect(result.servers).toHaveLength(10);
  });

  it('passes search, version and updated_since to the registry', async () => {
    const search = await client().listAll({ search: 'WEATHER', version: 'latest' });
    expect(search.servers.map((s) => s.server.name)).toEqual(['com.example/weather']);
    expect(search.servers[0]?.server.version).toBe('1.2.0');

    const all = await client().listAll({ search: 'weather' });
    expect(all.servers.map((s) => s.server.version)).toEqual(['1.1.0', '1.2.0']);

    const recent = await client().listAll({ updatedSince: '2025-11-30T00:00:00Z', version: 'latest' });
    // With updated_since the registry includes deleted entries, so a mirror learns of removals.
    expect(recent.servers.map((s) => s.server.name).sort()).toEqual([
      'com.example/notes',
      'com.example/removed',
      'io.github.acme/postgres',
      'io.github.modelcontextprotocol/server-memory',
    ]);
    expect(registry.requests.at(-1)?.query['updated_since']).toBe('2025-11-30T00:00:00Z');
  });

  it('keeps fields it does not know and reads the registry metadata', async () => {
    registry.entries[0]!.server['x-future-field'] = { anything: true };
    const page = await client().listPage({ search: 'com.example/weather', version: 'latest' });
    const weather = page.servers[0]!;
    expect(weather.server['x-future-field']).toEqual({ anything: true });
    expect(weather._meta?.['io.modelcontextprotocol.registry/official']).toMatchObject({ status: 'active', isLatest: true });
  });

  it('retries a 503 and then succeeds', async () => {
    registry.fail({ status: 503 }, { status: 502 });
    const page = await client().listPage({ version: 'latest' });
    expect(page.servers.length).toBeGreaterThan(0);
    expect(registry.requests).toHaveLength(3);
  });

  it('retries dropped connections and 429 with Retry-After', async () => {
    registry.fail({ drop: true }, { status: 429, headers: { 'retry-after': '0' } });
    const page = await client().listPage({});
    expect(page.servers.length).toBeGreaterThan(0);
    expect(registry.requests).toHaveLength(3);
  });

  it('gives up after the retries with the last error', async () => {
    registry.failAlways({ status: 500, body: JSON.stringify({ error: 'database is down' }) });
    const error = await failure(client({ retries: 2 }).listPage({}));
    expect(error).toMatchObject({ kind: 'http', status: 500 });
    expect(error.message).toContain('answered 500 (database is down)');
    expect(registry.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    registry.fail({ status: 404, body: JSON.stringify({ error: 'no such endpoint' }) });
    const error = await failure(client().listPage({}));
    expect(error).toMatchObject({ kind: 'http', status: 404, retryable: false });
    expect(registry.requests).toHaveLength(1);

    const bad = await failure(client().listPage({ updatedSince: 'yesterday' }));
    expect(bad.message).toContain('answered 400 (updated_since must be RFC 3339)');
    expect(registry.requests).toHaveLength(2);
  });

  it('reports invalid JSON clearly and does not retry it', async () => {
    registry.fail({ badJson: true });
    const error = await failure(client().listPage({}));
    expect(error.kind).toBe('invalid-json');
    expect(error.message).toMatch(/\/v0\.1\/servers\?limit=100: the registry answered with invalid JSON/);
    expect(registry.requests).toHaveLength(1);
  });

  it('rejects a body that is not a server list, naming what is wrong', async () => {
    registry.fail({ status: 200, body: JSON.stringify({ servers: 'none', metadata: {} }) });
    const error = await failure(client().listPage({}));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('servers: ');
    expect(error.message).toContain('not a server list');
  });

  it('skips one malformed entry and keeps the rest of the page', async () => {
    const body = {
      servers: [
        { server: { name: 'com.example/ok', description: 'fine', version: '1.0.0' } },
        { server: { name: 'com.example/broken', description: 'no version', packages: 'npm' } },
        'garbage',
      ],
      metadata: { nextCursor: null, count: 3 },
    };
    registry.fail({ status: 200, body: JSON.stringify(body) });
    const page = await client().listPage({});
    expect(page.servers.map((s) => s.server.name)).toEqual(['com.example/ok']);
    expect(page.nextCursor).toBeUndefined();
    expect(page.skipped).toHaveLength(2);
    expect(page.skipped[0]).toMatchObject({ name: 'com.example/broken' });
    expect(page.skipped[0]?.reason).toContain('servers[1].server.version');
  });

  it('times out a registry that does not answer', async () => {
    registry.failAlways({ delayMs: 1_000 });
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 100, retries: 1 }).listPage({}));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no answer within 100 ms');
    expect(Date.now() - started).toBeLessThan(900);
    expect(registry.requests).toHaveLength(2);
  });

  it('reports an unreachable registry as a network error', async () => {
    const url = registry.url;
    await registry.close();
    const error = await failure(new RegistryClient({ baseUrl: url, retries: 1, retryDelayMs: 5 }).listPage({}));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('cannot reach the registry (ECONNREFUSED)');
    registry = await startTestRegistry();
  });

  it('gets one server by name, URL-encoded, and 404 as undefined', async () => {
    const latest = await client().getServer('com.example/weather');
    expect(latest?.server.version).toBe('1.2.0');
    expect(registry.requests.at(-1)?.path).toBe('/v0.1/servers/com.example%2Fweather/versions/latest');
    expect((await client().getServer('com.example/weather', '1.1.0'))?.server.version).toBe('1.1.0');
    expect(await client().getServer('com.example/nope')).toBeUndefined();
    const versions = await client().listVersions('com.example/weather');
    expect(versions?.map((v) => v.server.version)).toEqual(['1.2.0', '1.1.0']);
    expect(await client().listVersions('com.example/nope')).toBeUndefined();
  });

  it('resolves paths below a base URL that has a path', async () => {
    const seen: string[] = [];
    const fetch: FetchLike = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ servers: [] }), { headers: { 'content-type': 'application/json' } });
    };
    await new RegistryClient({ baseUrl: 'https://corp.example/mcp/registry/', fetch }).listPage({ search: 'a b' });
    expect(seen).toEqual(['https://corp.example/mcp/registry/v0.1/servers?limit=100&search=a+b']);
  });
});
