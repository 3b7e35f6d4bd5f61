import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApp } from '../../main/hub/compose.js';
import { startTestRegistry, type TestRegistry } from '../fixtures/registry/server.js';
import { callApi, FULL_VIEW, removeDir, tempDir, writeConfig } from '../helpers.js';

let dir: string;
let registry: TestRegistry;
let hub: HubApp;

beforeAll(async () => {
  dir = await tempDir();
  registry = await startTestRegistry();
  hub = new HubApp({
    configFiles: [await writeConfig(dir, {})],
    port: 0,
    marketplace: { registries: [registry.url], cacheDir: join(dir, 'cache') },
  });
  await hub.start();
});
afterAll(async () => {
  await hub?.stop();
  await registry?.close();
  await removeDir(dir);
});

describe('/api/marketplace (mcp-hub v4 routes on the MCP Registry)', () => {
  it('searches the registry, answering v4 clients with v4 entries and the UI with the registry’s own', async () => {
    const { status, json } = await callApi(hub.url, '/marketplace?search=weather');
    expect(status).toBe(200);
    const servers = json['servers'] as Record<string, unknown>[];
    // v4's search covers descriptions too: the deprecated server that points to it matches as well.
    expect(servers.map((s) => s['id'])).toEqual(['com.example/weather', 'com.example/old-thing']);
    expect(servers[0]).toMatchObject({ id: 'com.example/weather', stars: 0, featured: false, lastCommit: expect.any(Number), category: expect.any(String) });
    expect(servers[0]).not.toHaveProperty('packages');
    const installations = servers[0]!['installations'] as { name: string; config: string; parameters: { key: string }[] }[];
    expect(installations.length).toBeGreaterThan(0);
    // What mcphub.nvim writes to its config file: a JSON string whose values to fill in are ${KEY}s.
    const config = JSON.parse(installations[0]!.config) as { command: string; args: string[]; env?: Record<string, string> };
    expect(config).toMatchObject({ command: 'npx', args: expect.arrayContaining(['-y', '@example/weather-mcp@1.2.0', '--units', 'metric']) });
    expect(config.env).toEqual({ OPENWEATHER_API_KEY: '${OPENWEATHER_API_KEY}', WEATHER_CACHE_DIR: '${WEATHER_CACHE_DIR}' });
    expect(installations[0]!.parameters).toContainEqual(expect.objectContaining({ key: 'OPENWEATHER_API_KEY', required: true }));
    for (const { key } of installations[0]!.parameters) expect(installations[0]!.config).toContain(`\${${key}}`);
    expect(json).toMatchObject({ source: 'registry', stale: false, timestamp: expect.any(String) });

    // A remote: its secret header, made of a variable, is a placeholder for that variable.
    const notes = (await callApi(hub.url, '/marketplace?search=notes')).json['servers'] as { id: string; installations: { config: string; parameters: { key: string }[] }[] }[];
    const remote = notes.find((entry) => entry.id === 'com.example/notes')!.installations[0]!;
    expect(JSON.parse(remote.config)).toEqual({ type: 'streamable-http', url: 'https://mcp.notes.example.com/mcp', headers: { Authorization: 'Bearer ${token}', 'X-Region': 'eu' } });
    expect(remote.parameters.map((parameter) => parameter.key)).toEqual(['token']);

    const full = await callApi(hub.url, '/marketplace?search=weather', undefined, { headers: FULL_VIEW });
    expect((full.json['servers'] as Record<string, unknown>[])[0]).toMatchObject({
      id: 'com.example/weather',
      transports: expect.any(Array),
      packages: expect.any(Array),
      registry: registry.url,
    });
  });

  it('answers details in v4’s nested shape, and 400 for a missing or unknown id', async () => {
    const { status, json } = await callApi(hub.url, '/marketplace/details', { mcpId: 'com.example/weather' });
    expect(status).toBe(200);
    expect(json['server']).toMatchObject({ server: { id: 'com.example/weather' }, readmeContent: null });
    expect((await callApi(hub.url, '/marketplace/details', { mcpId: 'com.example/nope' })).status).toBe(400);
    expect((await callApi(hub.url, '/marketplace/details', {})).status).toBe(400);
  });

  it('serves the cached catalog, saying the registry could not be reached, when it is down', async () => {
    await registry.close();
    const { status, json } = await callApi(hub.url, '/marketplace?refresh=true');
    expect(status).toBe(200);
    expect(json).toMatchObject({ source: 'cache', errors: [{ registry: registry.url, message: expect.stringContaining('cannot reach the registry') }] });
    expect((json['servers'] as unknown[]).length).toBeGreaterThan(3);
  });

  it('offers the bundled snapshot on a hub with no registry configured', async () => {
    const offline = new HubApp({ configFiles: [await writeConfig(dir, {}, 'offline.json')], port: 0 });
    await offline.start();
    try {
      const { json } = await callApi(offline.url, '/marketplace?search=memory');
      expect(json).toMatchObject({ source: 'snapshot' });
      expect((json['servers'] as { id: string }[]).map((s) => s.id)).toContain('io.github.modelcontextprotocol/server-memory');
    } finally {
      await offline.stop();
    }
  });
});
