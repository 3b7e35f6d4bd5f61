/** One parsed Server-Sent Events frame. */
export interface SseFrame {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * Splits an SSE byte stream into frames (the WHATWG event-stream format: `field: value` lines, a
 * blank line ends a frame). Fed chunks as they arrive, so frames may span chunks.
 */
export class SseParser {
  private buffer = '';
  private frame: { id?: string; event?: string; data: string[] } = { data: [] };

  constructor(
    private readonly onFrame: (frame: SseFrame) => void,
    /** The reconnection delay the stream asks for (`retry:`), when it does. */
    private readonly onRetry?: (ms: number) => void,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (width === 1 && this.buffer[newline] === '\r' && newline === this.buffer.length - 1) return;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.frame.data.length > 0) {
        this.onFrame({ id: this.frame.id, event: this.frame.event ?? 'message', data: this.frame.data.join('\n') });
      }
      this.frame = { data: [] };
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.frame.data.push(value);
    else if (field === 'event') this.frame.event = value;
    else if (field === 'id') this.frame.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry?.(Number(value));
  }
}
