import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { serializeMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';
import { JsonRpcErrorCode, parseJsonRpcLine } from '../json-rpc.js';
import { ProcessTree } from '../processes/process-tree.js';
import type { ServerProcesses } from '../processes/server-processes.js';
import { DEFAULT_MAX_MESSAGE_MB, LineReader, megabytes, type DroppedLine } from './line-reader.js';
import { spawnServer, type EarlyChildren, type StdioLaunch } from './spawn-server.js';

export type { StdioLaunch } from './spawn-server.js';

/** How the hub runs a stdio server. */
export interface StdioSettings {
  /** The longest stdout line (one message) read; longer ones are dropped. */
  maxLineBytes: number;
  /** Where the hub keeps track of its servers' processes, to end them all even after it died. */
  processes?: ServerProcesses;
  /** The server's name, for the record of its processes. */
  server?: string;
  /** Processes the CLI started while the hub's code loaded: one with this very launch is taken over. */
  early?: EarlyChildren;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long a server may take to exit after stdin closes, and after SIGTERM (the MCP spec's order). */
const STDIN_GRACE_MS = 1_000;
const TERM_GRACE_MS = 2_000;

/** A JSON-RPC id: a number or a JSON string. */
const ID = String.raw`(-?\d+|"(?:[^"\\]|\\.)*")`;
/** `{"result":…,"jsonrpc":"2.0","id":7}`, as the TypeScript SDK writes a response. */
const RESULT_FIRST = /^\s*\{\s*"result"\s*:/;
const RESPONSE_ID_LAST = new RegExp(String.raw`,\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*${ID}\s*\}\s*$`);
/** `{"jsonrpc":"2.0","id":7,"result":…}`, as the Python SDK writes one. */
const RESPONSE_ID_FIRST = new RegExp(String.raw`^\s*\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*${ID}\s*,\s*"result"\s*:`);

/**
 * A stdio client transport that owns its child's whole process tree.
 *
 * The SDK's StdioClientTransport kills only the direct child, so `npx foo` or `uvx foo` leave the
 * real server running after a stop. Here the child leads its own process group (POSIX), and the
 * group and the descendants that left it are signalled (see ProcessTree); when the child exits,
 * whatever it leaves goes with it. It also reports why the child went away, which the hub shows
 * as the server's error.
 */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Called with each chunk the child writes to stderr. */
  onstderr?: (chunk: string) => void;
  /** Called once for each stdout line longer than the limit, as soon as it is: the line is dropped. */
  onoversize?: (bytes: number, limit: number) => void;

  private child: ChildProcess | undefined;
  private tree: ProcessTree | undefined;
  private readonly lines: LineReader;
  private exit: ExitInfo | undefined;
  private exited: Promise<void> | undefined;

  constructor(
    private readonly launch: StdioLaunch,
    // Large resources travel as one line; the SDK's 10 MB default is too small for them.
    private readonly settings: StdioSettings = { maxLineBytes: DEFAULT_MAX_MESSAGE_MB * 1024 * 1024 },
  ) {
    const limit = settings.maxLineBytes;
    this.lines = new LineReader(limit, {
      line: (line) => this.receive(line),
      oversize: (bytes) => this.onoversize?.(bytes, limit),
      dropped: (line) => this.answerDropped(line, limit),
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * The child's stderr (read by the transport itself: see `onstderr`). With `pid`, it is how the
   * SDK knows a transport is stdio, where a server silent on the `server/discover` probe is a
   * 2025-era one rather than an outage.
   */
  get stderr(): Readable | null {
    return this.child?.stderr ?? null;
  }

  /** How the child ended, once it has. */
  get exitInfo(): ExitInfo | undefined {
    return this.exit;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('StdioTransport already started');
    const { processes, server } = this.settings;
    const early = this.settings.early?.take(server, this.launch);
    const tag = early?.tag ?? processes?.nextTag() ?? `${randomBytes(8).toString('hex')}.1`;
    return new Promise((resolve, reject) => {
      const child = early?.child ?? spawnServer(this.launch, tag);
      this.child = child;
      this.exited = new Promise((done) => {
        child.once('close', (code, signal) => {
          this.exit = { code, signal };
          // What the server started ends with it, also when it exited on its own.
          this.tree?.signal('SIGKILL', false);
          processes?.ended(tag);
          done();
          this.onclose?.();
        });
      });
      child.once('error', (error) => {
        // A spawn failure (ENOENT, EACCES) emits 'error' and then 'close'.
        reject(spawnError(error, this.launch.command));
        this.onerror?.(error);
      });
      // A process taken over is running: its 'spawn' has been.
      if (early) resolve();
      else child.once('spawn', () => resolve());
      // Known at once (undefined when the spawn failed), so a close before 'spawn' still finds the tree.
      if (child.pid !== undefined) {
        this.tree = new ProcessTree(child.pid, tag);
        processes?.started(tag, child.pid, server);
      }
      const stdout = (chunk: Buffer) => this.lines.push(chunk);
      const stderr = (chunk: string) => this.onstderr?.(chunk);
      if (early) early.attach(stdout, stderr);
      else {
        child.stdout!.on('data', stdout);
        child.stderr!.setEncoding('utf8');
        child.stderr!.on('data', stderr);
      }
      child.stdin!.on('error', (error) => this.onerror?.(error));
    });
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    // A line that is not JSON-RPC (a stray console.log) must not kill the connection.
    const parsed = parseJsonRpcLine(line);
    if ('message' in parsed) this.onmessage?.(parsed.message);
    else this.onerror?.(parsed.error);
  }

  /**
   * A response too long to read still answers its request, with an error, instead of leaving it
   * to time out. Its id is at one end of the line (TypeScript SDK servers write it last, Python
   * ones first); a line that is not clearly a response is only dropped.
   */
  private answerDropped(line: DroppedLine, limit: number): void {
    const id = droppedResponseId(line);
    if (id === undefined) return;
    const message = `The server's answer is ${megabytes(line.bytes)}, over the hub's limit of ${megabytes(limit)} for one message (MCP_HUB_MAX_MESSAGE_MB)`;
    this.onmessage?.({ jsonrpc: '2.0', id, error: { code: JsonRpcErrorCode.InternalError, message } });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.exit) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', () => resolve());
    });
  }

  /** Ends the child: stdin closed first (the polite MCP way), then SIGTERM, then SIGKILL, whole tree. */
  async close(): Promise<void> {
    const { child, tree } = this;
    if (!child || !tree || this.exit) return;
    // Before the child exits: afterwards /proc no longer shows which processes were its own.
    tree.survey();
    child.stdin?.end();
    if (await this.waitExit(STDIN_GRACE_MS)) return;
    tree.signal('SIGTERM', true);
    if (await this.waitExit(TERM_GRACE_MS)) return;
    tree.signal('SIGKILL', true);
    await this.waitExit(TERM_GRACE_MS);
  }

  /** Kills the tree at once; for the hub's own exit path, where there is no time to be polite. */
  killNow(): void {
    this.tree?.signal('SIGKILL', !this.exit);
  }

  private async waitExit(ms: number): Promise<boolean> {
    if (this.exit) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.exited!.then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }
}

function droppedResponseId(line: DroppedLine): string | number | undefined {
  const last = RESULT_FIRST.test(line.head) ? RESPONSE_ID_LAST.exec(line.tail)?.[1] : undefined;
  const id = last ?? RESPONSE_ID_FIRST.exec(line.head)?.[1];
  return id === undefined ? undefined : (JSON.parse(id) as string | number);
}

function spawnError(error: NodeJS.ErrnoException, command: string): Error {
  if (error.code === 'ENOENT') return new Error(`command not found: ${command}`);
  if (error.code === 'EACCES') return new Error(`permission denied running: ${command}`);
  return new Error(`could not start ${command}: ${error.message}`);
}

export function describeExit(exit: ExitInfo | undefined): string {
  if (!exit) return 'the process ended';
  if (exit.signal) return `the process was killed by ${exit.signal}`;
  return `the process exited with code ${exit.code ?? 'unknown'}`;
}
