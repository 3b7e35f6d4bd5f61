import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { operations, type OperationName } from '../../shared/contract.js';
import { statusOf } from '../../shared/errors.js';
import { frameOfEvent } from '../../shared/event-frames.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, type OperationReply } from '../../shared/hub-client.js';
import type { HubService } from '../hub/service/service.js';

/** The part of Electron's ipcMain the hub needs; tests pass a fake (there is no Electron binary there). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether an IPC call comes from the app's own window (not from a page it navigated to). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const UNTRUSTED: OperationReply<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'IPC call from an untrusted frame', status: statusOf('FORBIDDEN'), data: {} },
};

/**
 * One IPC handler per operation of the contract, each handing its input to the service layer
 * (which checks it, runs it and blanks out secrets, as for REST) and its reply back, in a form
 * that survives Electron's structured clone. Returns the function that removes them all.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, service: HubService, isTrusted: SenderCheck): () => void {
  const channels: string[] = [];
  for (const name of Object.keys(operations) as OperationName[]) {
    const channel = `${IPC_INVOKE_PREFIX}${name}`;
    ipcMain.handle(channel, (event, input) => (isTrusted(event) ? service.dispatch(name, input) : UNTRUSTED));
    channels.push(channel);
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/**
 * Sends every hub event to the app's windows as the same frame `/api/events` sends, so the window
 * reads it with the same decoder. `windows` is asked at each event, so windows opened later
 * receive events too.
 */
export function forwardEvents(service: HubService, windows: () => Pick<WebContents, 'isDestroyed' | 'send'>[]): () => void {
  return service.subscribe((event) => {
    const frame = frameOfEvent(event);
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, frame);
  });
}
