import { spawn } from 'node:child_process';
import type { WorkspaceEntry } from './registry.js';

/** Helpers of the workspaces tests (not imported by the hub). */

export function entry(port: number, overrides: Partial<WorkspaceEntry> = {}): WorkspaceEntry {
  return {
    cwd: `/projects/p${port}`,
    config_files: [`/projects/p${port}/.mcphub/servers.json`],
    pid: process.pid,
    port,
    startTime: new Date().toISOString(),
    state: 'active',
    activeConnections: 0,
    shutdownStartedAt: null,
    shutdownDelay: null,
    ...overrides,
  };
}

/** The pid of a real process that has exited and been reaped, so nothing owns it any more. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const pid = child.pid!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return pid;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
