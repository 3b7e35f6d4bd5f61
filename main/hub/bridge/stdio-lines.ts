import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { parseJsonRpcLine } from '../json-rpc.js';

/** More unread input than this (a line without its end) is no client's message: the bridge stops reading. */
const MAX_BUFFER_BYTES = 10 * 1024 * 1024;

/**
 * The bridge's side of its client's stdio: newline-delimited JSON-RPC read from stdin and written
 * to stdout, as an MCP stdio server speaks it. The hub's own rather than an SDK transport, so the
 * bridge (a process per client session) loads no SDK and no schema library.
 */
export class StdioLines {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private buffer: Buffer | undefined;
  private started = false;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('stdio already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onError);
  }

  /** Resolves once the message is written, or once stdout has drained when its buffer was full. */
  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.buffer = undefined;
    this.onclose?.();
  }

  private readonly onError = (error: Error) => this.onerror?.(error);

  private readonly onData = (chunk: Buffer) => {
    const size = (this.buffer?.length ?? 0) + chunk.length;
    if (size > MAX_BUFFER_BYTES) {
      this.buffer = undefined;
      this.onerror?.(new Error(`a message from the client is over ${MAX_BUFFER_BYTES} bytes without a line end`));
      void this.close();
      return;
    }
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    let newline: number;
    while (this.buffer && (newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.toString('utf8', 0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.subarray(newline + 1);
      this.deliver(line);
    }
  };

  /** A line that is not a JSON-RPC message is reported and skipped; the next one is read. */
  private deliver(line: string): void {
    const parsed = parseJsonRpcLine(line);
    if ('error' in parsed) {
      this.onerror?.(parsed.error);
      return;
    }
    try {
      this.onmessage?.(parsed.message);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }
}
