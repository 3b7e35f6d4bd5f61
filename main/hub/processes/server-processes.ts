import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../../../shared/is-record.js';
import type { Logger } from '../log.js';
import { HAS_PROC, isRunning, signalEach, startTimeOf, taggedProcesses } from './proc.js';
import { startWatchdog } from './watchdog.js';

/** A process, told apart from a later one with the same pid by when it started. */
interface RecordedProcess {
  pid: number;
  start: string;
}

interface ServerProcess extends RecordedProcess {
  server: string | undefined;
  /** Its PROCESS_TAG_VARIABLE value; it leads its own process group (pgid = pid). */
  tag: string;
}

/** What a hub writes to its state folder, so that the next hub can end what it left if it dies. */
interface HubRecord {
  hub: RecordedProcess;
  tag: string;
  watchdog?: RecordedProcess;
  servers: ServerProcess[];
}

/** Where the record's problems are told (the hub's log; before it exists, what the CLI keeps for it). */
export type ProcessWarnings = Pick<Logger, 'warn'>;

export interface ServerProcessesOptions {
  /** The state folder's `processes` folder; without it nothing is recorded (tests). */
  dir?: string;
  log: ProcessWarnings;
  /** Start the Linux watchdog that ends the servers when the hub dies (default: with `dir`). */
  watchdog?: boolean;
}

/**
 * The processes a hub's stdio servers run, and every process they start: each carries the hub's
 * tag in its environment (see process-tag.ts), and each server's process group is recorded in
 * the state folder with its start time. A hub that stops ends them all, `setsid` descendants
 * included; one that dies hard leaves its record, and the next hub to start ends what it left. On
 * Linux a watchdog does that at once.
 */
export class ServerProcesses {
  readonly tag = randomBytes(8).toString('hex');
  private serial = 0;
  private readonly running = new Map<string, ServerProcess>();
  private recordFile: string | undefined;
  private watchdog: ChildProcess | undefined;
  private hub: RecordedProcess | undefined;

  constructor(private readonly options: ServerProcessesOptions) {}

  /** Ends what hubs that died left behind, then records this hub (and starts its watchdog). */
  start(): void {
    const { dir, log } = this.options;
    const start = startTimeOf(process.pid);
    if (!dir || !start || this.recordFile) return;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.endLeftovers(dir);
      this.hub = { pid: process.pid, start };
      this.recordFile = join(dir, `${this.tag}.json`);
      if (HAS_PROC && (this.options.watchdog ?? true)) this.watchdog = startWatchdog(this.tag, this.recordFile);
      this.write();
    } catch (error) {
      log.warn({ err: String(error), dir }, 'cannot record the servers’ processes; a hub that dies may leave some running');
    }
  }

  /** The tag for the next server process to start. */
  nextTag(): string {
    return `${this.tag}.${++this.serial}`;
  }

  /** A server process started with `tag`. */
  started(tag: string, pid: number, server: string | undefined): void {
    const start = startTimeOf(pid);
    if (start === undefined) return;
    this.running.set(tag, { server, tag, pid, start });
    this.write();
  }

  /** A server process and what it started have ended. */
  ended(tag: string): void {
    if (this.running.delete(tag)) this.write();
  }

  /** Kills, at once, every process this hub's servers started that still runs. */
  killAll(): void {
    if (HAS_PROC) signalEach(taggedProcesses((tag) => tag.startsWith(`${this.tag}.`)), 'SIGKILL');
    for (const server of this.running.values()) killGroup(server, 'SIGKILL');
  }

  /** The hub is stopping, its servers stopped: whatever they left goes too, and so does the record. */
  stop(): void {
    this.killAll();
    this.running.clear();
    this.watchdog?.kill('SIGKILL');
    this.watchdog = undefined;
    if (this.recordFile) rmSync(this.recordFile, { force: true });
    this.recordFile = undefined;
  }

  private endLeftovers(dir: string): void {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir, name);
      const record = readRecord(file);
      if (!record) {
        rmSync(file, { force: true });
        continue;
      }
      if (isRunning(record.hub.pid, record.hub.start)) continue;
      const left = HAS_PROC ? taggedProcesses((tag) => tag.startsWith(`${record.tag}.`)) : [];
      signalEach(left, 'SIGKILL');
      const groups = record.servers.filter((server) => isRunning(server.pid, server.start));
      for (const server of groups) killGroup(server, 'SIGKILL');
      rmSync(file, { force: true });
      const ended = new Set([...left.map((entry) => entry.pid), ...groups.map((server) => server.pid)]).size;
      if (ended > 0) {
        const servers = [...new Set(record.servers.map((server) => server.server).filter(Boolean))];
        this.options.log.warn({ hubPid: record.hub.pid, processes: ended, servers }, 'ended server processes a hub that did not stop left running');
      }
    }
  }

  private write(): void {
    if (!this.recordFile || !this.hub) return;
    const record: HubRecord = {
      hub: this.hub,
      tag: this.tag,
      ...(this.watchdog?.pid !== undefined && { watchdog: { pid: this.watchdog.pid, start: startTimeOf(this.watchdog.pid) ?? '' } }),
      servers: [...this.running.values()],
    };
    const temp = `${this.recordFile}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
      renameSync(temp, this.recordFile);
    } catch (error) {
      rmSync(temp, { force: true });
      this.options.log.warn({ err: String(error) }, 'cannot record the servers’ processes');
    }
  }
}

function killGroup(server: RecordedProcess, signal: NodeJS.Signals): void {
  if (process.platform === 'win32' || !isRunning(server.pid, server.start)) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    // Gone meanwhile.
  }
}

function readRecord(file: string): HubRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isRecorded(value['hub']) || typeof value['tag'] !== 'string' || !/^[0-9a-f]+$/.test(value['tag'])) return undefined;
  const servers = Array.isArray(value['servers']) ? (value['servers'] as unknown[]).filter(isRecorded) : [];
  return { hub: value['hub'], tag: value['tag'], servers: servers as ServerProcess[] };
}

function isRecorded(value: unknown): value is RecordedProcess {
  return isRecord(value) && Number.isInteger(value['pid']) && (value['pid'] as number) > 0 && typeof value['start'] === 'string';
}
