import type { HubEvent } from './events.js';
import type { OperationInput, OperationName, OperationResult } from './contract.js';

/**
 * What the UI talks to: every operation of the contract, and the event stream. Implemented over
 * IPC inside Electron (`window.hub`) and over HTTP + EventSource in a browser.
 */
export interface HubClient {
  /** `signal` cancels the request where the transport can (HTTP); over IPC the answer is only dropped. */
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

/** What crosses IPC for one invoke: Electron keeps only the message of a thrown error, so errors travel as data. */
export type IpcReply<T> = { ok: true; result: T } | { ok: false; error: HubErrorPayload };

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

/** What the preload exposes as `window.hub`: raw replies, because errors do not survive the context bridge. */
export interface WindowHubApi {
  invoke(name: string, input: unknown): Promise<IpcReply<unknown>>;
  subscribe(listener: (event: HubEvent) => void): () => void;
}

/** The UI's client inside Electron: `window.hub`, typed by the contract, errors rethrown with their codes. */
export function createIpcHubClient(api: WindowHubApi): HubClient {
  return {
    async invoke(name, input, options) {
      const reply = await api.invoke(name, input);
      options?.signal?.throwIfAborted();
      if (!reply.ok) throw new HubClientError(reply.error);
      return reply.result as never;
    },
    subscribe: (listener) => api.subscribe(listener),
    // IPC cannot drop: the hub lives in the same app as the window.
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}
