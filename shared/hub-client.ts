import type { OperationInput, OperationName, OperationResult } from './contract.js';
import { eventOfFrame, type EventFrame } from './event-frames.js';
import type { HubEvent } from './events.js';

/**
 * What the UI (and the tray) talk to: every operation of the contract, and the event stream.
 * Implemented over IPC inside Electron (`window.hub`), over HTTP + `/api/events` in a browser, and
 * in-process by the tray; all three end at the hub's service layer.
 */
export interface HubClient {
  /** `signal` cancels the request where the transport can (HTTP); elsewhere the answer is only dropped. */
  invoke<N extends OperationName>(name: N, input: OperationInput<N>, options?: InvokeOptions): Promise<OperationResult<N>>;
  /** Calls `listener` with every hub event; returns the unsubscribe function. */
  subscribe(listener: (event: HubEvent) => void): () => void;
  /**
   * Calls `listener` now and whenever the event stream opens, drops or closes. After a drop the
   * UI re-reads what it shows: events missed while away may not all be replayed.
   */
  onConnection(listener: ConnectionListener): () => void;
}

export interface InvokeOptions {
  signal?: AbortSignal;
}

/** The event stream: `reconnecting` carries why it dropped. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type ConnectionListener = (state: ConnectionState, error?: string) => void;

/** A failed operation, with the same code and data as the REST error envelope. */
export interface HubErrorPayload {
  code: string;
  message: string;
  status: number;
  data: Record<string, unknown>;
}

/**
 * The outcome of one operation as the service layer answers it. Errors travel as data, because
 * Electron keeps only the message of an error thrown across IPC.
 */
export type OperationReply<T> = { ok: true; result: T } | { ok: false; error: HubErrorPayload };

/** Channel names, derived from the operation names so there is nothing to keep in sync. */
export const IPC_INVOKE_PREFIX = 'hub:invoke:';
export const IPC_EVENT_CHANNEL = 'hub:event';

export class HubClientError extends Error {
  readonly code: string;
  readonly status: number;
  readonly data: Record<string, unknown>;

  constructor(payload: HubErrorPayload) {
    super(payload.message);
    this.name = 'HubClientError';
    this.code = payload.code;
    this.status = payload.status;
    this.data = payload.data;
  }
}

/** What the preload exposes as `window.hub`: raw replies and event frames, as they cross the context bridge. */
export interface WindowHubApi {
  invoke(name: string, input: unknown): Promise<OperationReply<unknown>>;
  subscribe(listener: (frame: EventFrame) => void): () => void;
}

/** A transport that hands operations to the service layer whole and gets its replies back. */
export interface ReplyTransport {
  invoke(name: OperationName, input: unknown): Promise<OperationReply<unknown>>;
  subscribe(listener: (event: HubEvent) => void): () => void;
}

/** A client over a transport that cannot drop (IPC, in-process): errors rethrown with their codes. */
export function createReplyHubClient(transport: ReplyTransport): HubClient {
  return {
    async invoke(name, input, options) {
      const reply = await transport.invoke(name, input);
      options?.signal?.throwIfAborted();
      if (!reply.ok) throw new HubClientError(reply.error);
      return reply.result as never;
    },
    subscribe: (listener) => transport.subscribe(listener),
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}

/** The UI's client inside Electron: `window.hub`, its frames read with the same decoder as `/api/events`. */
export function createIpcHubClient(api: WindowHubApi): HubClient {
  return createReplyHubClient({
    invoke: (name, input) => api.invoke(name, input),
    subscribe: (listener) =>
      api.subscribe((frame) => {
        const event = eventOfFrame(frame.event, frame.data);
        if (event) listener(event);
      }),
  });
}
