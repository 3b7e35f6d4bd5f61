/** The longest stdout line a stdio server may write unless MCP_HUB_MAX_MESSAGE_MB says otherwise. */
export const DEFAULT_MAX_MESSAGE_MB = 16;

/**
 * The longest line (one JSON-RPC message) the hub reads from a stdio server, from
 * MCP_HUB_MAX_MESSAGE_MB; a value that is not a positive number is reported and the default used.
 */
export function maxMessageBytes(env: Record<string, string | undefined>, warn: (message: string) => void): number {
  const given = env['MCP_HUB_MAX_MESSAGE_MB'];
  if (given === undefined || given.trim() === '') return DEFAULT_MAX_MESSAGE_MB * 1024 * 1024;
  const mb = Number(given);
  if (Number.isFinite(mb) && mb > 0) return Math.floor(mb * 1024 * 1024);
  warn(`MCP_HUB_MAX_MESSAGE_MB must be a positive number of megabytes, got '${given}'; using ${DEFAULT_MAX_MESSAGE_MB}`);
  return DEFAULT_MAX_MESSAGE_MB * 1024 * 1024;
}

/**
 * Splits a byte stream into lines, holding at most `maxLineBytes` of an unfinished one.
 *
 * The SDK's ReadBuffer concatenates its whole buffer with every chunk, so a long line without a
 * newline costs time quadratic in its length (a 60 MB line stalled the hub for seconds) and
 * memory for all of it. Here the chunks of a line are kept as they came and joined once, and a
 * line past the limit is dropped up to its newline: what follows it is read as usual.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private held = 0;
  /** Bytes dropped of the current line, once it went past the limit; 0 while reading normally. */
  private dropped = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    /** Called once per line that goes past the limit, with the bytes it had then. */
    private readonly onOversize: (bytes: number) => void,
  ) {}

  /** Bytes held of the unfinished line. */
  get heldBytes(): number {
    return this.held;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a, start); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const tail = chunk.subarray(start, end);
      start = end + 1;
      if (this.dropped > 0) {
        this.dropped = 0;
        continue;
      }
      if (this.held + tail.length > this.maxLineBytes) {
        this.onOversize(this.held + tail.length);
        this.reset();
        continue;
      }
      const line = this.chunks.length === 0 ? tail : Buffer.concat([...this.chunks, tail], this.held + tail.length);
      this.reset();
      this.onLine(line.toString('utf8').replace(/\r$/, ''));
    }
    this.hold(chunk.subarray(start));
  }

  private hold(rest: Buffer): void {
    if (rest.length === 0) return;
    if (this.dropped > 0) {
      this.dropped += rest.length;
      return;
    }
    if (this.held + rest.length > this.maxLineBytes) {
      this.dropped = this.held + rest.length;
      this.reset();
      this.onOversize(this.dropped);
      return;
    }
    this.chunks.push(rest);
    this.held += rest.length;
  }

  private reset(): void {
    this.chunks = [];
    this.held = 0;
  }
}
