import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Proxies and clients close a stream that stays silent; a comment line every so often keeps it. */
const KEEP_ALIVE_MS = 15_000;

/** The headers of every event stream the hub serves (MCP's and `/api/events`). */
export const EVENT_STREAM_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** One SSE event as written on the wire; `data` is a serialised message (one line). */
export function sseEvent(data: string, id?: string, event = 'message'): string {
  return id === undefined ? `event: ${event}\ndata: ${data}\n\n` : `event: ${event}\nid: ${id}\ndata: ${data}\n\n`;
}

/**
 * An HTTP response that is an open `text/event-stream`. The status line and headers go out with
 * the first event, in one write, unless `flush` is asked for (a stream that may stay empty a
 * while: its client waits for the headers).
 */
export class EventStreamResponse {
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    headers: OutgoingHttpHeaders,
    flush: boolean,
  ) {
    res.writeHead(200, { ...EVENT_STREAM_HEADERS, ...headers });
    if (flush) res.flushHeaders();
    this.keepAlive = setInterval(() => res.write(': keepalive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
    res.once('close', () => clearInterval(this.keepAlive));
  }

  /** Whether the client still reads it. */
  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  write(text: string): void {
    if (this.open) this.res.write(text);
  }

  /** Ends the stream, with a last piece of text in the same write. */
  end(text?: string): void {
    clearInterval(this.keepAlive);
    if (this.open) this.res.end(text);
  }

  onClose(listener: () => void): void {
    this.res.once('close', listener);
  }
}
