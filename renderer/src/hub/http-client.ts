import { FULL_VIEW_HEADER, operations, type OperationName } from '../../../shared/contract.js';
import { errorMessage } from '../../../shared/errors.js';
import { eventOfFrame } from '../../../shared/event-frames.js';
import type { HubEvent } from '../../../shared/events.js';
import { isRecord } from '../../../shared/is-record.js';
import { HubClientError, type ConnectionListener, type ConnectionState, type HubClient } from '../../../shared/hub-client.js';
import { SseParser } from '../../../shared/sse.js';

export interface HttpHubClientOptions {
  /** The hub's origin, e.g. `http://127.0.0.1:37373`; '' for the page's own origin. */
  baseUrl: string;
  /** The hub's API token, when it requires one. */
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Delays between reconnect attempts of the event stream grow to this (default 5 s). */
  maxReconnectDelayMs?: number;
}

/**
 * The UI's client in a browser: each operation sent to its REST route (as the contract binds it),
 * and one `/api/events` stream shared by all subscribers. The stream is read with fetch rather
 * than EventSource, because EventSource cannot send the API token; it reconnects by itself and
 * resumes with Last-Event-ID.
 */
export function createHttpHubClient(options: HttpHubClientOptions): HubClient & { close(): void } {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = (extra: Record<string, string>): Record<string, string> =>
    options.token ? { ...extra, Authorization: `Bearer ${options.token}` } : extra;

  const listeners = new Set<(event: HubEvent) => void>();
  const connectionListeners = new Set<ConnectionListener>();
  let connection: ConnectionState = 'closed';
  let abort: AbortController | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let lastEventId: string | undefined;
  let attempt = 0;

  const setConnection = (state: ConnectionState, error?: string) => {
    connection = state;
    for (const listener of connectionListeners) listener(state, error);
  };

  const stream = async (controller: AbortController) => {
    setConnection('connecting');
    try {
      const res = await doFetch(`${options.baseUrl}/api/events`, {
        headers: headers({ Accept: 'text/event-stream', ...(lastEventId && { 'Last-Event-ID': lastEventId }) }),
        signal: controller.signal,
      });
      if (!res.ok || !res.body) throw new Error(await responseError(res));
      attempt = 0;
      setConnection('open');
      const parser = new SseParser((frame) => {
        if (frame.id !== undefined) lastEventId = frame.id;
        let payload: unknown;
        try {
          payload = JSON.parse(frame.data);
        } catch {
          return;
        }
        const event = eventOfFrame(frame.event, payload);
        if (event) for (const listener of [...listeners]) listener(event);
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      throw new Error('the hub closed the event stream');
    } catch (error) {
      if (controller.signal.aborted) return;
      const delay = Math.min(500 * 2 ** attempt++, options.maxReconnectDelayMs ?? 5_000);
      setConnection('reconnecting', errorMessage(error));
      reconnectTimer = setTimeout(() => {
        if (abort === controller) void stream(controller);
      }, delay);
    }
  };

  const open = () => {
    if (abort) return;
    abort = new AbortController();
    void stream(abort);
  };
  const close = () => {
    abort?.abort();
    abort = undefined;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    if (connection !== 'closed') setConnection('closed');
  };

  return {
    async invoke(name, input, invokeOptions) {
      const spec = operations[name as OperationName];
      const fields: Record<string, unknown> = isRecord(input) ? { ...input } : {};
      const queryFields = spec.http.method === 'GET' ? Object.keys(fields) : (spec.http.query ?? []);
      const query = new URLSearchParams();
      for (const key of queryFields) {
        const value = fields[key];
        delete fields[key];
        if (value !== undefined && value !== null) query.set(key, String(value));
      }
      const url = `${options.baseUrl}/api${spec.http.path}${query.size > 0 ? `?${query}` : ''}`;
      const signal = invokeOptions?.signal ?? null;
      const res = await doFetch(
        url,
        spec.http.method === 'GET'
          ? { headers: headers({ Accept: 'application/json', [FULL_VIEW_HEADER]: 'full' }), signal }
          : {
              method: 'POST',
              headers: headers({ Accept: 'application/json', 'Content-Type': 'application/json', [FULL_VIEW_HEADER]: 'full' }),
              body: JSON.stringify(fields),
              signal,
            },
      );
      const body: unknown = await res.json().catch(() => undefined);
      if (!res.ok) {
        const envelope = isRecord(body) ? body : {};
        throw new HubClientError({
          code: typeof envelope['code'] === 'string' ? envelope['code'] : 'HTTP_ERROR',
          message: typeof envelope['error'] === 'string' ? envelope['error'] : `${res.status} ${res.statusText}`,
          status: res.status,
          data: isRecord(envelope['data']) ? envelope['data'] : {},
        });
      }
      if (!isRecord(body)) throw new HubClientError({ code: 'BAD_RESPONSE', message: `${url} did not answer with JSON`, status: res.status, data: {} });
      const { timestamp: _timestamp, ...result } = body;
      return result as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) close();
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      return () => connectionListeners.delete(listener);
    },
    close,
  };
}

async function responseError(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => undefined);
  const text = isRecord(body) && typeof body['error'] === 'string' ? body['error'] : res.statusText;
  return `${res.status} ${text}`;
}
