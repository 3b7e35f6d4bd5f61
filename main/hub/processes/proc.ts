import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PROCESS_TAG_VARIABLE } from './process-tag.js';

/** Linux shows every process in /proc; elsewhere the hub knows only the process groups it made. */
export const HAS_PROC = process.platform === 'linux';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** When it started (clock ticks since boot on Linux): a pid reused by a new process has another. */
  start: string;
}

/**
 * When a process started, or undefined when it is not running (or this OS cannot say): what tells
 * a recorded pid from a new process that was given the same number.
 */
export function startTimeOf(pid: number): string | undefined {
  if (HAS_PROC) return readStat(pid)?.start;
  if (process.platform === 'win32') return undefined;
  try {
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process recorded as `pid` started at `start` is still running (a zombie is not). */
export function isRunning(pid: number, start: string): boolean {
  if (HAS_PROC) {
    const stat = readStat(pid);
    return stat !== undefined && stat.start === start && !stat.zombie;
  }
  return startTimeOf(pid) === start;
}

/** Every process of this machine (Linux), read from /proc. */
export function listProcesses(): ProcessEntry[] {
  if (!HAS_PROC) return [];
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && !stat.zombie) entries.push(stat);
  }
  return entries;
}

/** The processes below `pid`: its children, theirs, and so on, wherever their process group. */
export function descendantsOf(pid: number, processes: ProcessEntry[] = listProcesses()): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of processes) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found: ProcessEntry[] = [];
  const queue = [...(children.get(pid) ?? [])];
  for (let entry = queue.shift(); entry; entry = queue.shift()) {
    found.push(entry);
    queue.push(...(children.get(entry.pid) ?? []));
  }
  return found;
}

/**
 * The processes (of this user: others' environments are not readable) whose PROCESS_TAG_VARIABLE
 * passes `matches`: a server's processes and all they started, even those that left its process
 * group or were reparented.
 */
export function taggedProcesses(matches: (tag: string) => boolean): ProcessEntry[] {
  if (!HAS_PROC) return [];
  const variable = `${PROCESS_TAG_VARIABLE}=`;
  const found: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue;
    }
    // The variable starts the environment or follows a NUL; with one put in front, it follows a NUL.
    const at = `\0${environ}`.indexOf(`\0${variable}`);
    if (at === -1) continue;
    const end = environ.indexOf('\0', at);
    if (!matches(environ.slice(at + variable.length, end === -1 ? undefined : end))) continue;
    const stat = readStat(Number(name));
    if (stat && !stat.zombie) found.push(stat);
  }
  return found;
}

/** Sends `signal` to each process that is still the one listed; a process already gone is fine. */
export function signalEach(entries: Iterable<ProcessEntry>, signal: NodeJS.Signals): void {
  for (const entry of entries) {
    if (entry.pid === process.pid || !isRunning(entry.pid, entry.start)) continue;
    try {
      process.kill(entry.pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}

function readStat(pid: number): (ProcessEntry & { zombie: boolean }) | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; the fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields from 3 on (proc(5)): state, ppid, pgrp, … starttime is field 22.
  return { pid, zombie: fields[0] === 'Z', ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] ?? '' };
}
