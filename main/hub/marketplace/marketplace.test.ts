import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_ENTRIES, latestNames, type FixtureEntry } from '../../../test/fixtures/registry/entries.js';
import { startTestRegistry, type TestRegistry } from '../../../test/fixtures/registry/server.js';
import { removeDir, tempDir } from '../../../test/helpers.js';
import { Marketplace, type MarketplaceOptions } from './marketplace.js';
import { SNAPSHOT_REGISTRY } from './snapshot.js';

const HOUR = 3_600_000;
let registry: TestRegistry;
let cacheDir: string;
let clock: number;
const opened: TestRegistry[] = [];

beforeEach(async () => {
  registry = await startTestRegistry();
  opened.push(registry);
  cacheDir = await tempDir('mcp-hub-marketplace-');
  clock = Date.parse('2026-09-01T12:00:00Z');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
  await removeDir(cacheDir);
});

function marketplace(options: Partial<MarketplaceOptions> = {}): Marketplace {
  return new Marketplace({
    registries: [registry.url],
    cacheDir,
    ttlMs: HOUR,
    now: () => clock,
    client: { pageSize: 5, retries: 1, retryDelayMs: 5, timeoutMs: 2_000 },
    ...options,
  });
}

const listRequests = (r: TestRegistry = registry) => r.requests.filter((req) => req.path === '/v0.1/servers');

/** A registry URL nothing listens on. */
async function deadUrl(): Promise<string> {
  const dead = await startTestRegistry();
  await dead.close();
  return dead.url;
}

describe('Marketplace.list', () => {
  it('reads every page of the registry once, then serves the cache within the TTL', async () => {
    const first = await marketplace().list();
    expect(first).toMatchObject({ source: 'registry', stale: false, errors: [], truncated: false });
    expect(first.fetchedAt).toBe(new Date(clock).toISOString());
    expect(first.servers.map((s) => s.id).sort()).toEqual(latestNames().sort());
    expect(listRequests()).toHaveLength(3);
    expect(listRequests().every((r) => r.query['version'] === 'latest')).toBe(true);

    clock += HOUR / 2;
    // A new instance (a restarted hub) reads the cache file instead of the network.
    const again = await marketplace().list({ search: 'openweather' });
    expect(again).toMatchObject({ source: 'cache', stale: false, ageMs: HOUR / 2 });
    expect(again.servers.map((s) => s.id)).toEqual(['com.example/weather']);
    expect(listRequests()).toHaveLength(3);
  });

  it('shares one refresh between concurrent requests', async () => {
    const m = marketplace();
    const results = await Promise.all([m.list(), m.list({ search: 'a' }), m.details('com.example/notes')]);
    expect(results[0].servers.length).toBe(latestNames().length);
    expect(listRequests()).toHaveLength(3);
  });

  it('does not answer a forced refresh with an ordinary read already under way', async () => {
    const m = marketplace();
    await m.list();
    const before = listRequests().length;
    const [ordinary, forced] = await Promise.all([m.list(), m.list({}, { refresh: true })]);
    expect(ordinary.source).toBe('cache');
    expect(forced.source).toBe('registry');
    expect(listRequests().length).toBeGreaterThan(before);
  });

  it('serves the stale cache, saying so, when the registry is offline', async () => {
    const online = await marketplace().list();
    await registry.close();
    clock += 2 * HOUR;
    const offline = await marketplace().list();
    expect(offline).toMatchObject({ source: 'cache', stale: true, ageMs: 2 * HOUR, fetchedAt: online.fetchedAt });
    expect(offline.servers).toEqual(online.servers);
    expect(offline.errors).toEqual([{ registry: registry.url, message: expect.stringContaining('cannot reach the registry') }]);
  });

  it('does not ask a failed registry again until the backoff has passed, unless forced', async () => {
    const m = marketplace({ failureBackoffMs: 60_000 });
    await m.list();
    clock += 2 * HOUR;
    registry.failAlways({ status: 503 });
    const before = registry.requests.length;
    expect((await m.list()).stale).toBe(true);
    const afterFailure = registry.requests.length;
    expect(afterFailure - before).toBe(2);
    clock += 30_000;
    const again = await m.list({ search: 'notes' });
    expect(again).toMatchObject({ stale: true, source: 'cache' });
    expect(again.errors[0]?.message).toContain('answered 503');
    expect(registry.requests.length).toBe(afterFailure);
    registry.failAlways(undefined);
    expect((await m.list({}, { refresh: true })).source).toBe('registry');
    clock += 61_000;
    await m.list();
    expect(registry.requests.length).toBeGreaterThan(afterFailure);
  });

  it('serves the stale cache on invalid JSON or a timeout, with a clear error', async () => {
    const m = marketplace({ client: { pageSize: 5, retries: 0, timeoutMs: 150 } });
    const online = await m.list();
    clock += 2 * HOUR;
    registry.fail({ badJson: true });
    const bad = await m.list();
    expect(bad).toMatchObject({ source: 'cache', stale: true });
    expect(bad.servers).toEqual(online.servers);
    expect(bad.errors[0]?.message).toContain('the registry answered with invalid JSON');

    clock += 61_000; // past the failure backoff
    registry.fail({ delayMs: 1_000 });
    const slow = await m.list();
    expect(slow).toMatchObject({ source: 'cache', stale: true });
    expect(slow.errors[0]?.message).toContain('no answer within 150 ms');
  });

  it('falls back to the bundled snapshot with neither network nor cache', async () => {
    const result = await marketplace({ registries: [await deadUrl()] }).list();
    expect(result).toMatchObject({ source: 'snapshot', stale: true, fetchedAt: null, ageMs: null });
    expect(result.errors).toHaveLength(1);
    expect(result.servers.map((s) => s.id).sort()).toEqual([
      'io.github.modelcontextprotocol/server-everything',
      'io.github.modelcontextprotocol/server-fetch',
      'io.github.modelcontextprotocol/server-filesystem',
      'io.github.modelcontextprotocol/server-git',
      'io.github.modelcontextprotocol/server-memory',
      'io.github.modelcontextprotocol/server-sequential-thinking',
      'io.github.modelcontextprotocol/server-time',
    ]);
    expect(result.servers.every((s) => s.registry === SNAPSHOT_REGISTRY)).toBe(true);
    // v4 query semantics apply to the snapshot too.
    expect((await marketplace({ registries: [await deadUrl()] }).list({ search: 'GIT' })).servers.map((s) => s.name)).toEqual([
      'server-git',
    ]);
  });

  it('merges registries, the organisation one first winning duplicate names', async () => {
    const own: FixtureEntry[] = [
      {
        server: {
          name: 'com.example/weather',
          description: 'Weather, vetted by our security team',
          version: '1.0.0-corp',
          packages: [{ registryType: 'npm', identifier: '@corp/weather', version: '1.0.0', transport: { type: 'stdio' } }],
        },
        _meta: {
          'io.modelcontextprotocol.registry/official': {
            status: 'active',
            publishedAt: '2024-01-01T00:00:00Z',
            updatedAt: '2024-01-01T00:00:00Z',
            isLatest: true,
          },
        },
      },
      {
        server: { name: 'com.corp/internal-wiki', description: 'Our wiki', version: '3.0.0', remotes: [{ type: 'streamable-http', url: 'https://wiki.corp/mcp' }] },
        _meta: {
          'io.modelcontextprotocol.registry/official': {
            status: 'active',
            publishedAt: '2024-02-01T00:00:00Z',
            updatedAt: '2024-02-01T00:00:00Z',
            isLatest: true,
          },
        },
      },
    ];
    const corp = await startTestRegistry({ entries: own });
    opened.push(corp);
    const result = await marketplace({ registries: [corp.url, registry.url] }).list({ sort: 'stars' });
    expect(result.source).toBe('registry');
    const weather = result.servers.filter((s) => s.id === 'com.example/weather');
    expect(weather).toHaveLength(1);
    expect(weather[0]).toMatchObject({ description: 'Weather, vetted by our security team', registry: corp.url, version: '1.0.0-corp' });
    expect(result.servers.find((s) => s.id === 'com.corp/internal-wiki')?.registry).toBe(corp.url);
    expect(result.servers.find((s) => s.id === 'io.github.acme/postgres')?.registry).toBe(registry.url);
    // Own entries come first when the order is kept.
    expect(result.servers.slice(0, 2).map((s) => s.id)).toEqual(['com.corp/internal-wiki', 'com.example/weather']);
    expect(result.servers).toHaveLength(latestNames().length + 1);
  });

  it('serves what it has when one of two registries is down', async () => {
    const result = await marketplace({ registries: [await deadUrl(), registry.url] }).list();
    expect(result).toMatchObject({ source: 'registry', stale: false });
    expect(result.servers).toHaveLength(latestNames().length);
    expect(result.errors).toHaveLength(1);
  });

  it('refreshes incrementally with updated_since and applies deletions', async () => {
    const m = marketplace();
    await m.list();
    const postgres = registry.entries.find((e) => e.server.name === 'io.github.acme/postgres')!;
    postgres.server.description = 'Query PostgreSQL, now with writes';
    postgres._meta['io.modelcontextprotocol.registry/official'].updatedAt = '2026-09-01T12:30:00Z';
    const clock2 = registry.entries.find((e) => e.server.name === 'io.github.someone/clock')!;
    clock2._meta['io.modelcontextprotocol.registry/official'].status = 'deleted';
    clock2._meta['io.modelcontextprotocol.registry/official'].updatedAt = '2026-09-01T12:31:00Z';
    clock += HOUR + 1;
    const before = listRequests().length;
    const result = await m.list();
    expect(result.source).toBe('registry');
    const incremental = listRequests().slice(before);
    expect(incremental).toHaveLength(1);
    expect(incremental[0]?.query['updated_since']).toBe('2026-09-01T11:55:00.000Z');
    expect(result.servers.find((s) => s.id === 'io.github.acme/postgres')?.description).toBe('Query PostgreSQL, now with writes');
    expect(result.servers.some((s) => s.id === 'io.github.someone/clock')).toBe(false);
    expect(result.servers).toHaveLength(latestNames().length - 1);

    // After fullSyncMs the whole catalog is read again.
    clock += 25 * HOUR;
    const full = listRequests().length;
    await m.list();
    expect(listRequests().slice(full).every((r) => r.query['updated_since'] === undefined)).toBe(true);
  });

  it('refreshes a fresh cache on request', async () => {
    const m = marketplace();
    await m.list();
    await m.list({}, { refresh: true });
    expect(listRequests().length).toBeGreaterThan(3);
  });
});

describe('Marketplace.list query (mcp-hub v4 semantics)', () => {
  it('searches name, description and tags, case-insensitively', async () => {
    const m = marketplace();
    const ids = async (search: string) => (await m.list({ search, sort: 'name' })).servers.map((s) => s.id);
    expect(await ids('POSTGRES')).toEqual(['io.github.acme/postgres']);
    expect(await ids('full-text')).toEqual(['io.github.acme/search']);
    expect(await ids('SQL')).toEqual(['io.github.acme/postgres']);
    expect(await ids('api')).toEqual(['com.example/notes', 'com.example/weather']);
    expect(await ids('nothing matches this')).toEqual([]);
  });

  it('filters category exactly and requires every tag', async () => {
    const m = marketplace();
    expect((await m.list({ category: 'database' })).servers.map((s) => s.id)).toEqual(['io.github.acme/postgres']);
    expect((await m.list({ category: 'Database' })).servers).toEqual([]);
    expect((await m.list({ tags: ['api'] })).servers.map((s) => s.id).sort()).toEqual(['com.example/notes', 'com.example/weather']);
    expect((await m.list({ tags: ['api', 'weather'] })).servers.map((s) => s.id)).toEqual(['com.example/weather']);
    expect((await m.list({ tags: ['api', 'nope'] })).servers).toEqual([]);
  });

  it('sorts newest first by default, by name, and keeps the order for stars', async () => {
    const m = marketplace();
    const newest = (await m.list()).servers;
    const times = newest.map((s) => Date.parse(s.updatedAt ?? ''));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(newest[0]?.id).toBe('io.github.modelcontextprotocol/server-memory');

    const byName = (await m.list({ sort: 'name' })).servers.map((s) => s.name.toLowerCase());
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));

    const stars = (await m.list({ sort: 'stars' })).servers.map((s) => s.id);
    const registryOrder = FIXTURE_ENTRIES.map((e) => e.server.name)
      .filter((name, i, all) => all.indexOf(name) === i)
      .filter((name) => latestNames().includes(name))
      .sort((a, b) => a.localeCompare(b));
    expect(stars).toEqual(registryOrder);
    // Sorting one request does not reorder the next one's results.
    expect((await m.list({ sort: 'stars' })).servers.map((s) => s.id)).toEqual(stars);
  });

  it('filters by transport, package type and status', async () => {
    const m = marketplace();
    expect((await m.list({ transport: 'sse', sort: 'name' })).servers.map((s) => s.id)).toEqual([
      'com.example/notes',
      'com.example/tenant-crm',
    ]);
    expect((await m.list({ registryType: 'oci', sort: 'name' })).servers.map((s) => s.id)).toEqual([
      'com.example/legacy-db',
      'io.github.acme/search',
    ]);
    expect((await m.list({ registryType: 'remote' })).servers).toHaveLength(2);
    expect((await m.list({ status: 'deprecated' })).servers.map((s) => s.id)).toEqual(['com.example/old-thing']);
  });
});

describe('Marketplace entries', () => {
  it('keep v4 fields and add the registry fields', async () => {
    const weather = await marketplace().details('com.example/weather');
    expect(weather).toEqual({
      id: 'com.example/weather',
      name: 'Weather',
      description: 'Forecasts and current conditions from OpenWeather',
      author: 'example',
      url: 'https://github.com/example/weather-mcp',
      category: 'data',
      tags: ['weather', 'api'],
      transports: ['stdio'],
      updatedAt: '2025-11-20T10:00:00Z',
      publishedAt: '2025-11-20T10:00:00Z',
      stars: null,
      version: '1.2.0',
      status: 'active',
      statusMessage: null,
      isLatest: true,
      title: 'Weather',
      packages: [expect.objectContaining({ registryType: 'npm', identifier: '@example/weather-mcp', version: '1.2.0' })],
      remotes: [],
      repository: { url: 'https://github.com/example/weather-mcp', source: 'github' },
      websiteUrl: 'https://example.com/weather',
      icons: [],
      registry: registry.url,
    });
    const notes = await marketplace().details('com.example/notes');
    expect(notes).toMatchObject({ name: 'Notes (hosted)', transports: ['streamable-http', 'sse'], url: 'https://notes.example.com', author: 'com.example' });
    const clock2 = await marketplace().details('io.github.someone/clock');
    expect(clock2).toMatchObject({ name: 'clock', author: 'someone', url: '', category: null, tags: [] });
    const old = await marketplace().details('com.example/old-thing');
    expect(old).toMatchObject({ status: 'deprecated', statusMessage: 'Use com.example/weather' });
  });

  it('never shows deleted entries', async () => {
    const m = marketplace();
    expect((await m.list({ search: 'removed' })).servers).toEqual([]);
    expect(await m.details('com.example/removed')).toBeUndefined();
  });
});

describe('Marketplace.details', () => {
  it('finds an id, case-insensitively as a fallback, and undefined for an unknown one', async () => {
    const m = marketplace();
    expect((await m.details('io.github.acme/postgres'))?.version).toBe('0.9.1');
    expect((await m.details('IO.GITHUB.ACME/POSTGRES'))?.id).toBe('io.github.acme/postgres');
    expect(await m.details('com.example/unknown')).toBeUndefined();
    // The catalog is complete, so an unknown id costs no extra request.
    expect(registry.requests.filter((r) => r.path.includes('/versions'))).toEqual([]);
  });

  it('asks the registry for an id beyond a truncated catalog', async () => {
    const m = marketplace({ client: { pageSize: 5, maxPages: 1, retries: 0 } });
    const list = await m.list({ sort: 'stars' });
    expect(list.truncated).toBe(true);
    expect(list.servers.some((s) => s.id === 'io.github.someone/files')).toBe(false);
    const files = await m.details('io.github.someone/files');
    expect(files).toMatchObject({ id: 'io.github.someone/files', registry: registry.url });
    expect(registry.requests.at(-1)?.path).toBe('/v0.1/servers/io.github.someone%2Ffiles/versions/latest');
    expect(await m.details('com.example/unknown')).toBeUndefined();
  });

  it('answers from the snapshot when offline without a cache', async () => {
    const m = marketplace({ registries: [await deadUrl()] });
    expect((await m.details('io.github.modelcontextprotocol/server-fetch'))?.packages[0]).toMatchObject({
      registryType: 'pypi',
      identifier: 'mcp-server-fetch',
    });
    expect(await m.details('com.example/weather')).toBeUndefined();
  });

  it('lists the versions of an entry', async () => {
    const versions = await marketplace().versions('com.example/weather');
    expect(versions?.map((v) => [v.version, v.isLatest])).toEqual([
      ['1.2.0', true],
      ['1.1.0', false],
    ]);
  });
});
