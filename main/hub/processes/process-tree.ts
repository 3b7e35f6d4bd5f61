import { spawn } from 'node:child_process';
import { descendantsOf, HAS_PROC, signalEach, taggedProcesses, type ProcessEntry } from './proc.js';

const IS_WINDOWS = process.platform === 'win32';

/**
 * A server process and everything it started. It leads its own process group (POSIX), but `setsid`
 * takes a descendant out of the group, and a descendant whose parent exits is reparented: on Linux
 * these are found by walking /proc from the server while it runs, and by the tag every one of
 * them carries in its environment even after. Windows' `taskkill /T` ends the tree it still sees.
 */
export class ProcessTree {
  /** Descendants seen while the server ran: after it exits, /proc no longer links them to it. */
  private seen: ProcessEntry[] = [];

  constructor(
    readonly pid: number,
    readonly tag: string,
  ) {}

  /** Notes the server's descendants, while it still runs (its pid may name another process later). */
  survey(): void {
    if (!HAS_PROC) return;
    const known = new Set(this.seen.map((entry) => `${entry.pid}:${entry.start}`));
    for (const entry of descendantsOf(this.pid)) if (!known.has(`${entry.pid}:${entry.start}`)) this.seen.push(entry);
  }

  /** Signals the whole tree; `running` says the server itself has not exited yet. */
  signal(signal: NodeJS.Signals, running: boolean): void {
    if (IS_WINDOWS) {
      if (running) spawn('taskkill', ['/pid', String(this.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => {});
      return;
    }
    // Once the server has exited, its pid (the group's id) may soon name another process's group;
    // Linux finds what is left by its tag instead.
    if (running || !HAS_PROC) {
      try {
        process.kill(-this.pid, signal);
      } catch {
        // The group is already gone.
      }
    }
    if (!HAS_PROC) return;
    if (running) this.survey();
    signalEach([...this.seen, ...taggedProcesses((tag) => tag === this.tag)], signal);
  }
}
