import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApp } from '../../main/hub/compose.js';
import { MemorySecretStore } from '../../main/hub/secrets/memory-store.js';
import type { FixtureEntry } from '../fixtures/registry/entries.js';
import { startTestRegistry, type TestRegistry } from '../fixtures/registry/server.js';
import { callApi, connectClient, removeDir, startRemoteEverything, tempDir, writeConfig, type RemoteServer } from '../helpers.js';

const TOKEN = 'tok-SECRET-8d8d8d';

let dir: string;
let registry: TestRegistry;
let remote: RemoteServer;
let secrets: MemorySecretStore;
let config: string;
let hub: HubApp;

function remoteEntry(url: string): FixtureEntry {
  return {
    server: {
      name: 'com.example/echo-remote',
      description: 'server-everything, reached over HTTP',
      version: '1.0.0',
      remotes: [
        {
          type: 'streamable-http',
          url,
          headers: [
            {
              name: 'Authorization',
              value: 'Bearer {token}',
              variables: { token: { description: 'API token', isRequired: true, isSecret: true } },
            },
          ],
        },
      ],
    },
    _meta: {
      'io.modelcontextprotocol.registry/official': {
        status: 'active',
        publishedAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        isLatest: true,
      },
    },
  };
}

beforeAll(async () => {
  dir = await tempDir();
  remote = await startRemoteEverything('streamableHttp');
  registry = await startTestRegistry({ entries: [remoteEntry(`http://127.0.0.1:${remote.port}/mcp`)] });
  secrets = new MemorySecretStore();
  config = await writeConfig(dir, {});
  hub = new HubApp({
    configFiles: [config],
    port: 0,
    marketplace: { registries: [registry.url], cacheDir: join(dir, 'cache') },
    openSecretStore: async () => secrets,
  });
  await hub.start();
});
afterAll(async () => {
  await hub?.stop();
  await registry?.close();
  await remote?.kill();
  await removeDir(dir);
});

describe('installing from the marketplace', () => {
  it('refuses an install that lacks a required value, saying which', async () => {
    const { status, json } = await callApi(hub.url, '/marketplace/install', { mcpId: 'com.example/echo-remote', server_name: 'echo' });
    expect(status).toBe(400);
    expect(json['error']).toMatch(/token is required/);
    expect(await readFile(config, 'utf8')).not.toContain('echo');
  });

  it('writes the server with its secret as a placeholder, keeps the secret in the store, and starts it', async () => {
    const { status, json } = await callApi(hub.url, '/marketplace/install', {
      mcpId: 'com.example/echo-remote',
      server_name: 'echo',
      values: { token: TOKEN },
    });
    expect(status).toBe(200);
    expect(JSON.stringify(json)).not.toContain(TOKEN);
    expect(json['server']).toMatchObject({ name: 'echo', status: 'connected', transportType: 'streamable-http' });

    const written = await readFile(config, 'utf8');
    expect(written).not.toContain(TOKEN);
    expect(written).toContain('${secret:server:echo:');
    const [account] = await secrets.list();
    expect(await secrets.get(account!)).toBe(TOKEN);

    const client = await connectClient(`${hub.url}/mcp`);
    const result = await client.callTool({ name: 'echo__echo', arguments: { message: 'installed' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: installed' }]);
    await client.close();
  });
});
