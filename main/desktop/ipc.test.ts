import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent, IpcRendererEvent, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHubClient, HubClientError, type HubClient, type WindowHubApi } from '../../shared/hub-client.js';
import type { HubEvent } from '../../shared/events.js';
import { exposeHub, type IpcRendererLike } from '../../preload/expose-hub.js';
import { hubOperations } from '../hub/api/operations.js';
import type { Hub } from '../hub/hub.js';
import { node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../../test/helpers.js';
import { forwardEvents, registerIpcHandlers, type IpcMainLike } from './ipc.js';

/**
 * There is no Electron binary on these machines: ipcMain, ipcRenderer, contextBridge and
 * WebContents are fakes here, wired to each other the way Electron wires them. The hub behind
 * them is real.
 */
class FakeElectron {
  readonly handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  readonly renderer = new EventEmitter();
  trusted = true;

  readonly ipcMain: IpcMainLike = {
    handle: (channel, listener) => void this.handlers.set(channel, listener),
    removeHandler: (channel) => void this.handlers.delete(channel),
  };

  readonly ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron passes arguments and results through structured clone.
      const event = { senderFrame: { url: this.trusted ? 'app://main/index.html' : 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
      return structuredClone(await handler(event, ...args.map((arg) => structuredClone(arg))));
    },
    on: (channel, listener) => this.renderer.on(channel, listener),
    removeListener: (channel, listener) => this.renderer.off(channel, listener),
  };

  readonly webContents = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => this.renderer.emit(channel, {} as IpcRendererEvent, structuredClone(payload)),
  } as unknown as WebContents;
}

let hub: Hub;
let dir: string;
let electron: FakeElectron;
let client: HubClient;
let unregister: () => void;
let stopForwarding: () => void;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([
    await writeConfig(dir, {
      memory: {
        command: node,
        // Prints its secret to stderr before serving, as careless servers do.
        args: ['--input-type=module', '-e', `console.error('TOKEN=' + process.env.TOKEN); await import(${JSON.stringify(SERVERS.memory)});`],
        env: { MEMORY_FILE_PATH: `${dir}/m.jsonl`, TOKEN: 'ipc-secret-value-42' },
      },
    }),
  ]);
  electron = new FakeElectron();
  unregister = registerIpcHandlers(electron.ipcMain, hubOperations(hub), (event) => event.senderFrame?.url.startsWith('app://') ?? false);
  stopForwarding = forwardEvents(hub.events, () => [electron.webContents], (text) => hub.redactor.redact(text));
  let exposed: unknown;
  exposeHub({ exposeInMainWorld: (key, api) => (exposed = key === 'hub' ? api : undefined) }, electron.ipcRenderer);
  client = createIpcHubClient(exposed as WindowHubApi);
});

afterAll(async () => {
  stopForwarding?.();
  unregister?.();
  await hub?.stop();
  await removeDir(dir);
});

describe('IPC derived from the operation contract (fake Electron)', () => {
  it('registers one handler per operation', () => {
    expect([...electron.handlers.keys()]).toContain('hub:invoke:listServers');
    expect([...electron.handlers.keys()]).toContain('hub:invoke:callTool');
  });

  it('runs operations on the real hub, typed end to end', async () => {
    const { servers } = await client.invoke('listServers', {});
    expect(servers.map((server) => [server.name, server.status])).toEqual([['memory', 'connected']]);
    const { result } = await client.invoke('callTool', { server_name: 'memory', tool: 'read_graph', arguments: {} });
    expect(result['content']).toBeDefined();
  });

  it('rejects bad input and unknown servers with the REST codes', async () => {
    await expect(client.invoke('getServer', { server_name: '' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', status: 400 });
    const error = await client.invoke('getServer', { server_name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubClientError);
    expect(error).toMatchObject({ code: 'SERVER_NOT_FOUND', status: 404 });
  });

  it('refuses calls from a frame that is not the app', async () => {
    electron.trusted = false;
    try {
      await expect(client.invoke('listServers', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      electron.trusted = true;
    }
  });

  it('delivers hub events to the window, secrets blanked', async () => {
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
