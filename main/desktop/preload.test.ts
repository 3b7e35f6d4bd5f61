// preload/ is outside vitest's include list; the preload's test lives with the IPC it talks to.
import { EventEmitter } from 'node:events';
import type { IpcRendererEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { WindowHubApi } from '../../shared/hub-client.js';
import { exposeHub, type IpcRendererLike } from '../../preload/expose-hub.js';

/** contextBridge and ipcRenderer as fakes that record what the page would get and what was sent. */
function fakes() {
  const exposed: Array<[string, unknown]> = [];
  const invoked: Array<[string, unknown[]]> = [];
  const events = new EventEmitter();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return { ok: true, result: {} };
    },
    on: (channel, listener) => events.on(channel, listener),
    removeListener: (channel, listener) => events.off(channel, listener),
  };
  exposeHub({ exposeInMainWorld: (key, api) => void exposed.push([key, api]) }, ipc);
  return { exposed, invoked, events };
}

describe('preload (fake Electron)', () => {
  it('exposes exactly one object, window.hub, with invoke and subscribe and nothing else', () => {
    const { exposed } = fakes();
    expect(exposed.map(([key]) => key)).toEqual(['hub']);
    const api = exposed[0]![1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
  });

  it('sends operations on their channels and refuses anything that is not an operation name', async () => {
    const { exposed, invoked } = fakes();
    const hub = exposed[0]![1] as WindowHubApi;
    await hub.invoke('listServers', {});
    await expect(hub.invoke('../evil', {})).rejects.toThrow('not an operation');
    await expect(hub.invoke('a:b', {})).rejects.toThrow('not an operation');
    await expect(hub.invoke(42 as unknown as string, {})).rejects.toThrow('not an operation');
    expect(invoked).toEqual([['hub:invoke:listServers', [{}]]]);
  });

  it('passes only the event to subscribers, never Electron’s IPC event object, and unsubscribes', () => {
    const { exposed, events } = fakes();
    const hub = exposed[0]![1] as WindowHubApi;
    const received: unknown[][] = [];
    const unsubscribe = hub.subscribe((...args: unknown[]) => void received.push(args));
    const event = { type: 'hub_state', data: { state: 'ready' } };
    events.emit('hub:event', { sender: 'ipc internals' } as unknown as IpcRendererEvent, event);
    unsubscribe();
    events.emit('hub:event', {} as IpcRendererEvent, event);
    expect(received).toEqual([[event]]);
  });
});
