import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApp } from '../../main/hub/compose.js';
import { MarketplaceDetailsOutputSchema, MarketplaceListOutputSchema, type InstallOption, type MarketplaceEntry, type MarketplaceVersion } from '../../shared/marketplace.js';
import type { FixtureEntry } from '../fixtures/registry/entries.js';
import { startTestRegistry, type TestRegistry } from '../fixtures/registry/server.js';
import { callApi, FULL_VIEW, removeDir, tempDir, waitFor, writeConfig } from '../helpers.js';

/**
 * The marketplace tells which entries the config already runs, and which of those the registry
 * has a newer version of, from the server entries themselves. The memory entry is installed for
 * real: `npx -y @modelcontextprotocol/server-memory@<the installed version>` finds the package in
 * this repository's node_modules, and npm is kept offline so that nothing is ever downloaded.
 */

const MEMORY = 'io.github.modelcontextprotocol/server-memory';
const official = (entry: FixtureEntry) => entry._meta['io.modelcontextprotocol.registry/official'];

let dir: string;
let registry: TestRegistry;
let config: string;
let hub: HubApp;

beforeAll(async () => {
  dir = await tempDir();
  registry = await startTestRegistry();
  // Disabled: they only have to be in the config, never to run (their packages do not exist).
  config = await writeConfig(dir, {
    'old-weather': { command: 'npx', args: ['-y', '@example/weather-mcp@1.1.0'], disabled: true },
    notes: { type: 'streamable-http', url: 'https://mcp.notes.example.com/mcp', disabled: true },
  });
  hub = new HubApp({
    configFiles: [config],
    port: 0,
    marketplace: { registries: [registry.url], cacheDir: join(dir, 'cache') },
    env: { ...process.env, MCP_HUB_ENV: JSON.stringify({ npm_config_offline: 'true' }) },
  });
  await hub.start();
});
afterAll(async () => {
  await hub?.stop();
  await registry?.close();
  await removeDir(dir);
});

async function list(query = ''): Promise<MarketplaceEntry[]> {
  const { status, json } = await callApi(hub.url, `/marketplace${query}`, undefined, { headers: FULL_VIEW });
  expect(status).toBe(200);
  expect(MarketplaceListOutputSchema.safeParse(json).error).toBeUndefined();
  return json['servers'] as MarketplaceEntry[];
}

async function details(mcpId: string) {
  const { status, json } = await callApi(hub.url, '/marketplace/details', { mcpId }, { headers: FULL_VIEW });
  expect(status).toBe(200);
  expect(MarketplaceDetailsOutputSchema.safeParse(json).error).toBeUndefined();
  return json['server'] as { server: MarketplaceEntry; versions: MarketplaceVersion[] | null; install: InstallOption[] };
}

describe('installed entries and updates in the marketplace', () => {
  it('marks the entries the config runs, with an update when it pins an older version', async () => {
    const servers = await list();
    const byId = new Map(servers.map((entry) => [entry.id, entry]));
    expect(byId.get('com.example/weather')?.installed).toEqual([{ server: 'old-weather', version: '1.1.0', latestVersion: '1.2.0', updateAvailable: true }]);
    expect(byId.get('com.example/notes')?.installed).toEqual([{ server: 'notes', version: null, latestVersion: null, updateAvailable: false }]);
    expect(servers.filter((entry) => entry.installed).map((entry) => entry.id).sort()).toEqual(['com.example/notes', 'com.example/weather']);
  });

  it('gives, with the details, every version and what each package or remote needs', async () => {
    const weather = await details('com.example/weather');
    expect(weather.server.installed?.[0]).toMatchObject({ server: 'old-weather', updateAvailable: true });
    expect(weather.versions?.map((v) => [v.version, v.isLatest])).toEqual([
      ['1.2.0', true],
      ['1.1.0', false],
    ]);
    const [npm] = weather.install;
    expect(npm).toMatchObject({ kind: 'package', index: 0, transport: 'stdio', unsupported: null, runtime: { runtime: 'node', command: 'npx' } });
    expect(npm?.runtime?.path).toEqual(expect.any(String));
    expect(npm?.inputs).toContainEqual(
      expect.objectContaining({ key: 'OPENWEATHER_API_KEY', kind: 'environment', isRequired: true, isSecret: true }),
    );
    expect(npm?.inputs).toContainEqual(expect.objectContaining({ key: '--units', default: 'metric', choices: ['metric', 'imperial'] }));

    const notes = await details('com.example/notes');
    expect(notes.install.map((o) => [o.kind, o.index, o.transport, o.runtime])).toEqual([
      ['remote', 0, 'streamable-http', null],
      ['remote', 1, 'sse', null],
    ]);
    expect(notes.install[0]?.inputs.map((input) => [input.key, input.isSecret])).toEqual([
      ['token', true],
      ['X-Region', false],
    ]);

    // The runtime check says what to install when the runtime is missing (uvx is not on every machine).
    const postgres = (await details('io.github.acme/postgres')).install[0]?.runtime;
    expect(postgres).toMatchObject({ runtime: 'uv', command: 'uvx' });
    expect(postgres?.path === null ? postgres.message : 'found').toMatch(/^(found|uvx was not found on PATH)/);

    expect((await details('io.github.bundles/editor')).install[0]?.unsupported).toMatch(/mcpb/);
    expect((await details('io.github.acme/http-only')).install[0]?.unsupported).toMatch(/runs its own streamable-http server/);
  });

  it('installs a real npm server, then shows it installed, then shows the update the registry publishes', async () => {
    const { status, json } = await callApi(hub.url, '/marketplace/install', { mcpId: MEMORY, server_name: 'memory' });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(await readFile(config, 'utf8')).toContain('@modelcontextprotocol/server-memory@2026.8.31');
    const connected = await waitFor(async () => {
      const { json: info } = await callApi(hub.url, '/servers/info', { server_name: 'memory' });
      const server = info['server'] as { status: string; capabilities: { tools: { name: string }[] } };
      return server.status === 'connected' ? server : undefined;
    }, 'the installed server to connect');
    expect(connected.capabilities.tools.map((tool) => tool.name)).toContain('create_entities');

    const installed = (await list('?search=memory')).find((entry) => entry.id === MEMORY)?.installed;
    expect(installed).toEqual([{ server: 'memory', version: '2026.8.31', latestVersion: '2026.8.31', updateAvailable: false }]);

    const current = registry.entries.find((entry) => entry.server.name === MEMORY)!;
    official(current).isLatest = false;
    const newer = structuredClone(current);
    newer.server.version = '2026.9.1';
    (newer.server['packages'] as { version: string }[])[0]!.version = '2026.9.1';
    Object.assign(official(newer), { isLatest: true, publishedAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    registry.entries.push(newer);

    // Within the cache's TTL the hub still knows the old version; a refresh asks the registry.
    expect((await list('?search=memory')).find((entry) => entry.id === MEMORY)?.installed?.[0]?.updateAvailable).toBe(false);
    const refreshed = (await list('?search=memory&refresh=true')).find((entry) => entry.id === MEMORY);
    expect(refreshed?.version).toBe('2026.9.1');
    expect(refreshed?.installed).toEqual([{ server: 'memory', version: '2026.8.31', latestVersion: '2026.9.1', updateAvailable: true }]);
  });
});
