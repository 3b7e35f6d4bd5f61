import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { SseParser, type SseFrame } from '../../../shared/sse.js';
import { isJsonRpcMessage } from '../json-rpc.js';

/** The hub answered with an HTTP error (404: it does not know the session, it restarted). */
export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`Streamable HTTP error: ${message}`);
  }
}

/** How often, and how far apart, a dropped stream is opened again with its last event id. */
const RECONNECT = { firstDelayMs: 1000, maxDelayMs: 30_000, growth: 1.5, maxRetries: 2 };

interface StreamOptions {
  /** The last event id seen, to resume after. */
  resumeAfter?: string;
}

/**
 * One Streamable HTTP session (2025-03-26 … 2025-11-25) with the hub, the client side, as the
 * bridge needs it: POST each message and pass on what comes back (JSON or an SSE stream), the
 * GET stream for the hub's own messages once the session is initialized, a dropped stream
 * resumed with Last-Event-ID, DELETE at the end. The hub's own rather than an SDK transport, so the
 * bridge (a process per client session) loads no SDK and no schema library.
 */
export class HubSession {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private serverRetryMs: number | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly aborted = new AbortController();

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
  ) {}

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async send(message: JSONRPCMessage): Promise<void> {
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { ...this.commonHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(message),
        signal: this.aborted.signal,
        redirect: 'manual',
      });
      const sessionId = response.headers.get('mcp-session-id');
      if (sessionId) this.sessionId = sessionId;
      if (!response.ok) {
        const text = await response.text().catch(() => null);
        throw new HubHttpError(response.status, `Error POSTing to endpoint: ${text}`);
      }
      if (response.status === 202) {
        await response.body?.cancel();
        if ('method' in message && message.method === 'notifications/initialized') this.openStream({}).catch((error: Error) => this.onerror?.(error));
        return;
      }
      if (!('method' in message && 'id' in message)) return void (await response.body?.cancel());
      const contentType = mediaType(response.headers.get('content-type'));
      if (contentType === 'text/event-stream') this.readStream(response.body, {}, false);
      else if (contentType === 'application/json') {
        const data: unknown = await response.json();
        for (const each of Array.isArray(data) ? data : [data]) this.deliver(each);
      } else {
        await response.body?.cancel();
        throw new HubHttpError(-1, `Unexpected content type: ${response.headers.get('content-type')}`);
      }
    } catch (error) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  /** Ends the session on the hub; a hub that does not let clients end sessions (405) is fine too. */
  async terminateSession(): Promise<void> {
    if (!this.sessionId) return;
    try {
      const response = await fetch(this.url, { method: 'DELETE', headers: this.commonHeaders(), signal: this.aborted.signal, redirect: 'manual' });
      await response.body?.cancel();
      if (!response.ok && response.status !== 405) throw new HubHttpError(response.status, `Failed to terminate session: ${response.statusText}`);
      this.sessionId = undefined;
    } catch (error) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.aborted.abort();
  }

  private commonHeaders(): Record<string, string> {
    return {
      ...(this.sessionId && { 'mcp-session-id': this.sessionId }),
      ...(this.protocolVersion && { 'mcp-protocol-version': this.protocolVersion }),
      ...this.headers,
    };
  }

  /** The GET stream: the hub's requests and notifications outside any request of the client. */
  private async openStream({ resumeAfter }: StreamOptions): Promise<void> {
    try {
      const response = await fetch(this.url, {
        method: 'GET',
        headers: { ...this.commonHeaders(), Accept: 'text/event-stream', ...(resumeAfter && { 'last-event-id': resumeAfter }) },
        signal: this.aborted.signal,
        redirect: 'manual',
      });
      if (!response.ok) {
        await response.body?.cancel();
        // A hub without a GET stream for this session.
        if (response.status === 405) return;
        throw new HubHttpError(response.status, `Failed to open SSE stream: ${response.statusText}`);
      }
      this.readStream(response.body, { resumeAfter }, true);
    } catch (error) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  /**
   * Passes on a stream's messages. A stream that ends before its response (or the GET stream,
   * which has none) is opened again after its last event id, if the hub gave ids or it is the GET stream.
   */
  private readStream(body: ReadableStream<Uint8Array> | null, options: StreamOptions, reconnectable: boolean): void {
    if (!body) return;
    let lastEventId = options.resumeAfter;
    let primed = false;
    let answered = false;
    const parser = new SseParser(
      (frame: SseFrame) => {
        if (frame.id) {
          lastEventId = frame.id;
          primed = true;
        }
        if (!frame.data || frame.event !== 'message') return;
        try {
          const message: unknown = JSON.parse(frame.data);
          if (isJsonRpcMessage(message) && 'result' in message) answered = true;
          this.deliver(message);
        } catch (error) {
          this.onerror?.(error as Error);
        }
      },
      (retryMs) => (this.serverRetryMs = retryMs),
    );
    const resumeIfCut = () => {
      if ((reconnectable || primed) && !answered && !this.aborted.signal.aborted) this.reconnect({ resumeAfter: lastEventId }, 0);
    };
    void (async () => {
      try {
        const decoder = new TextDecoder();
        for await (const chunk of body) parser.push(decoder.decode(chunk, { stream: true }));
        resumeIfCut();
      } catch (error) {
        this.onerror?.(new Error(`SSE stream disconnected: ${String(error)}`));
        resumeIfCut();
      }
    })();
  }

  private reconnect(options: StreamOptions, attempt: number): void {
    if (attempt >= RECONNECT.maxRetries) {
      this.onerror?.(new Error(`Maximum reconnection attempts (${RECONNECT.maxRetries}) exceeded.`));
      return;
    }
    const delay = this.serverRetryMs ?? Math.min(RECONNECT.firstDelayMs * RECONNECT.growth ** attempt, RECONNECT.maxDelayMs);
    this.reconnectTimer = setTimeout(() => {
      this.openStream(options).catch((error: Error) => {
        this.onerror?.(new Error(`Failed to reconnect SSE stream: ${error.message}`));
        this.reconnect(options, attempt + 1);
      });
    }, delay);
  }

  private deliver(message: unknown): void {
    if (!isJsonRpcMessage(message)) throw new Error(`the hub sent something that is not a JSON-RPC message: ${JSON.stringify(message).slice(0, 200)}`);
    this.onmessage?.(message);
  }
}

function mediaType(contentType: string | null): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}
