import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, FULL_VIEW, node, removeDir, startHub, tempDir, toolServer, waitFor, writeConfig } from '../helpers.js';

/**
 * mcp-hub v4's clients (mcphub.nvim) know five statuses: they offer only `connected` servers'
 * tools to chats and show an error only for `disconnected`. The REST API tells them what they can
 * act on; the hub's own UI, which sends FULL_VIEW, sees every status.
 */
let hub: HubApp;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub(
    [
      await writeConfig(dir, {
        sleepy: { ...toolServer({ SERVER_NAME: 'lazy fixture' }), lazy: true, idleTimeout: 0.3 },
        crashy: { command: node, args: ['-e', 'console.error("boom"); process.exit(3)'] },
      }),
    ],
    { catalogDir: join(dir, 'catalogs') },
  );
  await waitFor(() => hub.core.serverInfo('sleepy').status === 'sleeping', 'the lazy server to sleep');
  await waitFor(() => hub.core.serverInfo('crashy').status === 'error', 'the crashing server to give up', 20_000);
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

type Info = { name: string; status: string; sleeping?: boolean; error: string | null; capabilities: { tools: unknown[] } };
const byName = (servers: unknown) => Object.fromEntries((servers as Info[]).map((server) => [server.name, server]));

describe('server statuses on the v4 routes', () => {
  it('a sleeping lazy server is connected (and says it sleeps), a failed one disconnected with its error', async () => {
    for (const path of ['/servers', '/health']) {
      const servers = byName((await callApi(hub.url, path)).json['servers']);
      expect(servers['sleepy']).toMatchObject({ status: 'connected', sleeping: true });
      expect(servers['sleepy']!.capabilities.tools.length).toBeGreaterThan(0);
      expect(servers['crashy']).toMatchObject({ status: 'disconnected', error: expect.stringMatching(/exited with code 3/) });
    }
    const info = await callApi(hub.url, '/servers/info', { server_name: 'sleepy' });
    expect(info.json['server']).toMatchObject({ status: 'connected', sleeping: true });
  });

  it("the hub's own UI sees the full status set", async () => {
    for (const path of ['/servers', '/health']) {
      const servers = byName((await callApi(hub.url, path, undefined, { headers: FULL_VIEW })).json['servers']);
      expect(servers['sleepy']!.status).toBe('sleeping');
      expect(servers['sleepy']).not.toHaveProperty('sleeping');
      expect(servers['crashy']!.status).toBe('error');
    }
  });

  it('a tool of a server shown as connected while asleep works: the call starts it', async () => {
    const { status, json } = await callApi(hub.url, '/servers/tools', { server_name: 'sleepy', tool: 'echo', arguments: { message: 'wake' } });
    expect(status).toBe(200);
    expect(JSON.stringify(json['result'])).toContain('wake');
  });
});
