import type { IpcRendererEvent } from 'electron';
import type { EventFrame } from '../shared/event-frames.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, type OperationReply, type WindowHubApi } from '../shared/hub-client.js';

/** The parts of Electron's contextBridge and ipcRenderer the preload uses; tests pass fakes. */
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

/**
 * `window.hub`: invoke an operation of the contract, subscribe to hub events (as the frames of
 * `/api/events`). Nothing else of Electron or Node reaches the page; the main process checks every
 * call again.
 */
export function createWindowHub(ipc: IpcRendererLike): WindowHubApi {
  return {
    invoke: (name, input) => {
      if (typeof name !== 'string' || !/^[a-zA-Z]+$/.test(name)) return Promise.reject(new Error(`not an operation: ${String(name)}`));
      return ipc.invoke(`${IPC_INVOKE_PREFIX}${name}`, input) as Promise<OperationReply<unknown>>;
    },
    subscribe: (listener) => {
      const relay = (_event: IpcRendererEvent, frame: unknown) => listener(frame as EventFrame);
      ipc.on(IPC_EVENT_CHANNEL, relay);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, relay);
      };
    },
  };
}

export function exposeHub(bridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  bridge.exposeInMainWorld('hub', createWindowHub(ipc));
}
