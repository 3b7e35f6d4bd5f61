import { spawn, type ChildProcess } from 'node:child_process';
import { PROCESS_TAG_VARIABLE } from '../processes/process-tag.js';

/** What runs a stdio server: its command line, environment and working folder. */
export interface StdioLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

const IS_WINDOWS = process.platform === 'win32';

/**
 * Starts a stdio server's process, leading its own process group (POSIX) and carrying `tag`. The
 * one place that spawns a server, so a process started before the hub's code loaded (prespawn) is
 * started exactly as the transport would start it.
 */
export function spawnServer(launch: StdioLaunch, tag: string): ChildProcess {
  return spawn(launch.command, launch.args, {
    env: { ...launch.env, [PROCESS_TAG_VARIABLE]: tag },
    cwd: launch.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: !IS_WINDOWS,
    windowsHide: true,
    shell: false,
  });
}

/** Whether two launches run the same command line in the same environment and folder. */
export function sameLaunch(a: StdioLaunch, b: StdioLaunch): boolean {
  if (a.command !== b.command || a.cwd !== b.cwd || a.args.length !== b.args.length) return false;
  if (a.args.some((arg, index) => arg !== b.args[index])) return false;
  const keys = Object.keys(a.env);
  return keys.length === Object.keys(b.env).length && keys.every((key) => Object.hasOwn(b.env, key) && a.env[key] === b.env[key]);
}

/** A server process started before the hub's code loaded, its output held from the first byte. */
export interface EarlyChild {
  child: ChildProcess;
  tag: string;
  /** Hands the output read so far, then all that follows, to these; only once. */
  attach(stdout: (chunk: Buffer) => void, stderr: (chunk: string) => void): void;
}

/** Where a transport finds a server's process already running (see prespawn/prespawned.ts). */
export interface EarlyChildren {
  /** The live process started for `server` with exactly `launch`, if any; one not taken by now is ended. */
  take(server: string | undefined, launch: StdioLaunch): EarlyChild | undefined;
}
