import type { LogEntry, LogLevel, LogSource } from '../../../shared/log.js';

export type { LogEntry, LogLevel, LogSource };

const MAX_LINE = 4_000;

/**
 * The recent log of one upstream server (its stderr, its MCP log messages, and what the hub did
 * with it), bounded in lines so a chatty server cannot grow the hub's memory.
 */
export class LogBuffer {
  private readonly entries: LogEntry[] = [];
  private partial = '';
  private seq = 0;

  constructor(
    private readonly capacity = 1_000,
    /** Called with every line kept, for the live event stream. */
    private readonly onAdd?: (entry: LogEntry) => void,
    /** Blanks out secrets before a line is kept (a server may print its own token). */
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  add(source: LogSource, level: LogLevel, raw: string): LogEntry {
    const text = this.redact(raw);
    const entry: LogEntry = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      source,
      level,
      text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text,
    };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.onAdd?.(entry);
    return entry;
  }

  /** Splits a stderr chunk into lines; an unfinished last line waits for the next chunk. */
  addStderr(chunk: string): LogEntry[] {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE) {
      lines.push(this.partial);
      this.partial = '';
    }
    return lines.filter((line) => line.length > 0).map((line) => this.add('stderr', 'info', line));
  }

  /** Emits what is left of an unfinished stderr line, e.g. when the process has exited. */
  flushStderr(): LogEntry[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [this.add('stderr', 'info', rest)] : [];
  }

  /** The kept lines, or only those after `afterSeq`. */
  list(afterSeq = 0): LogEntry[] {
    return afterSeq > 0 ? this.entries.filter((entry) => entry.seq > afterSeq) : [...this.entries];
  }
}
