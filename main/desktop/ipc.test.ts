import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHubClient, HubClientError, type HubClient, type WindowHubApi } from '../../shared/hub-client.js';
import type { HubEvent } from '../../shared/events.js';
import { exposeHub } from '../../preload/expose-hub.js';
import type { HubApp } from '../hub/compose.js';
import { node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../../test/helpers.js';
import { FakeElectron, FakeWebContents } from './fake-electron.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';

// There is no Electron binary on these machines: ipcMain, ipcRenderer, contextBridge and the
// window's WebContents are fakes, wired to each other the way Electron wires them. The hub behind
// them is real.

const APP_FRAME = { url: 'app://main/index.html', parent: null };

let hub: HubApp;
let dir: string;
let electron: FakeElectron;
let contents: FakeWebContents;
let unregister: () => void;
let stopForwarding: () => void;

/** `window.hub` of a page in the app's window, whose frame is at `frame.url`, as the UI's client. */
function pageClient(frame: { url: string; parent: null }): HubClient {
  let exposed: unknown;
  exposeHub({ exposeInMainWorld: (key, api) => (exposed = key === 'hub' ? api : undefined) }, electron.ipcRenderer(contents, frame));
  return createIpcHubClient(exposed as WindowHubApi);
}

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([
    await writeConfig(dir, {
      memory: {
        command: node,
        // Prints its secret to stderr before serving, as careless servers do.
        args: ['--input-type=module', '-e', `console.error('TOKEN=' + process.env.TOKEN); await import(${JSON.stringify(SERVERS.memory)});`],
        env: { MEMORY_FILE_PATH: join(dir, 'm.jsonl'), TOKEN: 'ipc-secret-value-42' },
      },
    }),
  ]);
  electron = new FakeElectron();
  contents = new FakeWebContents();
  unregister = registerIpcHandlers(electron.ipcMain, hub.service, (event) => event.senderFrame?.url.startsWith('app://') ?? false);
  stopForwarding = forwardEvents(hub.service, () => [contents]);
});

afterAll(async () => {
  stopForwarding?.();
  unregister?.();
  await hub?.stop();
  await removeDir(dir);
});

describe('IPC derived from the operation contract (fake Electron)', () => {
  it('registers one handler per operation', () => {
    expect([...electron.ipcMain.handlers.keys()]).toContain('hub:invoke:listServers');
    expect([...electron.ipcMain.handlers.keys()]).toContain('hub:invoke:callTool');
  });

  it('runs operations on the real hub, typed end to end', async () => {
    const client = pageClient(APP_FRAME);
    const { servers } = await client.invoke('listServers', {});
    expect(servers.map((server) => [server.name, server.status])).toEqual([['memory', 'connected']]);
    const { result } = await client.invoke('callTool', { server_name: 'memory', tool: 'read_graph', arguments: {} });
    expect(result['content']).toBeDefined();
  });

  it('rejects bad input and unknown servers with the REST codes', async () => {
    const client = pageClient(APP_FRAME);
    await expect(client.invoke('getServer', { server_name: '' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', status: 400 });
    const error = await client.invoke('getServer', { server_name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubClientError);
    expect(error).toMatchObject({ code: 'SERVER_NOT_FOUND', status: 404 });
  });

  it('refuses calls from a frame that is not the app', async () => {
    const client = pageClient({ url: 'https://evil.example/', parent: null });
    await expect(client.invoke('listServers', {})).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('delivers hub events to the window, secrets blanked', async () => {
    const client = pageClient(APP_FRAME);
    const events: HubEvent[] = [];
    const unsubscribe = client.subscribe((event) => events.push(event));
    await client.invoke('stopServer', { server_name: 'memory' });
    await waitFor(() => events.some((event) => event.type === 'server_status'), 'a server_status event');
    expect(events.find((event) => event.type === 'server_status')?.data).toMatchObject({ server: 'memory', status: 'disconnected' });
    await client.invoke('startServer', { server_name: 'memory' });
    await waitFor(() => events.some((event) => event.type === 'log' && event.data.message.startsWith('TOKEN=')), 'the leaky log line');
    unsubscribe();
    const count = events.length;
    await client.invoke('stopServer', { server_name: 'memory' });
    expect(events.length).toBe(count);
    expect(JSON.stringify(events)).toContain('TOKEN=[redacted]');
    expect(JSON.stringify(events)).not.toContain('ipc-secret-value-42');
  });
});
