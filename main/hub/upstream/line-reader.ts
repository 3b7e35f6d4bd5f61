/** The longest stdout line a stdio server may write unless MCP_HUB_MAX_MESSAGE_MB says otherwise. */
export const DEFAULT_MAX_MESSAGE_MB = 16;

/** `16 MB`, `2.5 MB`: a size as the limit's setting names it. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

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

/** A line past the limit, once it ended: its size, and its first and last bytes (up to EDGE_BYTES each). */
export interface DroppedLine {
  bytes: number;
  head: string;
  tail: string;
}

/** How much of each end of a dropped line is kept: enough for a JSON-RPC response's id. */
const EDGE_BYTES = 256;

export interface LineHandlers {
  line: (line: string) => void;
  /** Called once per line, as soon as it goes past the limit, with the bytes it had then. */
  oversize: (bytes: number) => void;
  /** Called when a line that went past the limit ends. */
  dropped?: (line: DroppedLine) => void;
}

/**
 * Splits a byte stream into lines, holding at most `maxLineBytes` of an unfinished one.
 *
 * The SDK's ReadBuffer concatenates its whole buffer with every chunk, so a long line without a
 * newline costs time quadratic in its length (a 60 MB line stalled the hub for seconds) and
 * memory for all of it. Here the chunks of a line are kept as they came and joined once, and a
 * line past the limit is dropped up to its newline, keeping only its two ends: what follows it is
 * read as usual.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private held = 0;
  /** The line being dropped, once it went past the limit. */
  private dropping: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(
    private readonly maxLineBytes: number,
    private readonly handlers: LineHandlers,
  ) {}

  /** Bytes held of the unfinished line. */
  get heldBytes(): number {
    return this.held;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a, start); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      start = end + 1;
      if (this.dropping) this.drop(piece);
      else if (this.held + piece.length > this.maxLineBytes) this.startDropping(piece);
      else {
        const line = this.chunks.length === 0 ? piece : Buffer.concat([...this.chunks, piece], this.held + piece.length);
        this.reset();
        this.handlers.line(line.toString('utf8').replace(/\r$/, ''));
        continue;
      }
      // The dropped line ends here.
      const { bytes, head, tail } = this.dropping!;
      this.dropping = undefined;
      this.handlers.dropped?.({ bytes, head: head.toString('utf8'), tail: tail.toString('utf8') });
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) return;
    if (this.dropping) this.drop(rest);
    else if (this.held + rest.length > this.maxLineBytes) this.startDropping(rest);
    else {
      this.chunks.push(rest);
      this.held += rest.length;
    }
  }

  private startDropping(piece: Buffer): void {
    const parts = [...this.chunks, piece];
    this.dropping = { bytes: this.held + piece.length, head: firstBytes(parts, EDGE_BYTES), tail: lastBytes(parts, EDGE_BYTES) };
    this.reset();
    this.handlers.oversize(this.dropping.bytes);
  }

  private drop(piece: Buffer): void {
    const dropping = this.dropping!;
    dropping.bytes += piece.length;
    dropping.tail = lastBytes([dropping.tail, piece], EDGE_BYTES);
  }

  private reset(): void {
    this.chunks = [];
    this.held = 0;
  }
}

function firstBytes(parts: Buffer[], count: number): Buffer {
  const taken: Buffer[] = [];
  let left = count;
  for (const part of parts) {
    if (left <= 0) break;
    taken.push(part.subarray(0, left));
    left -= Math.min(part.length, left);
  }
  return Buffer.concat(taken);
}

function lastBytes(parts: Buffer[], count: number): Buffer {
  const taken: Buffer[] = [];
  let left = count;
  for (let i = parts.length - 1; i >= 0 && left > 0; i--) {
    const part = parts[i]!;
    taken.unshift(part.subarray(Math.max(0, part.length - left)));
    left -= Math.min(part.length, left);
  }
  return Buffer.concat(taken);
}
