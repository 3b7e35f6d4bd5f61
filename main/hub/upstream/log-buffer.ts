export type LogSource = 'stderr' | 'server' | 'hub';
export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

export interface LogEntry {
  time: string;
  source: LogSource;
  level: LogLevel;
  text: string;
}

const MAX_LINE = 4_000;

/**
 * The recent log of one upstream server (its stderr, its MCP log messages, and what the hub did
 * with it), bounded in lines so a chatty server cannot grow the hub's memory.
 */
export class LogBuffer {
  private readonly entries: LogEntry[] = [];
  private partial = '';

  constructor(private readonly capacity = 1_000) {}

  add(source: LogSource, level: LogLevel, text: string): LogEntry {
    const entry: LogEntry = {
      time: new Date().toISOString(),
      source,
      level,
      text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text,
    };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
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

  list(): LogEntry[] {
    return [...this.entries];
  }
}
