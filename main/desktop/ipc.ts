import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { operations, type OperationName } from '../../shared/contract.js';
import { HUB_EVENT_NAMES, type HubEvent } from '../../shared/events.js';
import { describeIssues } from '../../shared/issues.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, type IpcReply } from '../../shared/hub-client.js';
import { HubError } from '../hub/api/errors.js';
import type { OperationHandlers } from '../hub/api/rest.js';
import type { HubEventBus } from '../hub/events.js';

/** The part of Electron's ipcMain the hub needs; tests pass a fake (there is no Electron binary there). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether an IPC call comes from the app's own window (not from a page it navigated to). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

function errorPayload(error: unknown): IpcReply<never> {
  if (error instanceof HubError) {
    return { ok: false, error: { code: error.code, message: error.message, status: error.status, data: error.data } };
  }
  return { ok: false, error: { code: 'SERVER_ERROR', message: error instanceof Error ? error.message : String(error), status: 500, data: {} } };
}

/**
 * One IPC handler per operation of the contract, checked like the REST routes (same input
 * schemas, same errors) and answered in a form that survives Electron's structured clone.
 * Returns the function that removes them all.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: OperationHandlers, isTrusted: SenderCheck): () => void {
  const channels: string[] = [];
  for (const name of Object.keys(operations) as OperationName[]) {
    const channel = `${IPC_INVOKE_PREFIX}${name}`;
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrusted(event)) return errorPayload(new HubError('FORBIDDEN', 'IPC call from an untrusted frame', 403));
      const parsed = operations[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        return errorPayload(new HubError('VALIDATION_ERROR', describeIssues(parsed.error), 400));
      }
      try {
        const handler = handlers[name] as (input: unknown) => Promise<unknown>;
        return { ok: true, result: await handler(parsed.data) } satisfies IpcReply<unknown>;
      } catch (error) {
        return errorPayload(error);
      }
    });
    channels.push(channel);
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/**
 * Sends every hub event to the app's windows, with secrets blanked like on the SSE stream.
 * `windows` is asked at each event, so windows opened later receive events too.
 */
export function forwardEvents(bus: HubEventBus, windows: () => Pick<WebContents, 'isDestroyed' | 'send'>[], redact: (text: string) => string): () => void {
  const offs = HUB_EVENT_NAMES.map((type) => {
    const listener = (data: unknown) => {
      const event = JSON.parse(redact(JSON.stringify({ type, data }))) as HubEvent;
      for (const contents of windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
    };
    bus.on(type, listener);
    return () => bus.off(type, listener);
  });
  return () => offs.forEach((off) => off());
}
