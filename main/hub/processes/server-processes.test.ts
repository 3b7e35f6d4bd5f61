import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { startTimeOf } from './proc.js';
import { ServerProcesses } from './server-processes.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A process in its own group, as the hub starts servers. */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-hub-processes-'));
  dirs.push(dir);
  return dir;
}

function record(dir: string, name: string, hub: { pid: number; start: string }, servers: { pid: number; start: string }[]): void {
  writeFileSync(join(dir, name), JSON.stringify({ hub, tag: 'abc123', servers: servers.map((server, i) => ({ ...server, tag: `abc123.${i}`, server: 'x' })) }));
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ServerProcesses at start', () => {
  it('ends the recorded groups of a hub that is gone, and only those that are still the recorded processes', async () => {
    const dir = folder();
    const left = await sleeper();
    const reused = await sleeper();
    const gone = { pid: await exitedPid(), start: '1' };
    // The second pid is running, but it is not the process that was recorded: pid reuse.
    record(dir, 'dead.json', gone, [{ pid: left.pid!, start: startTimeOf(left.pid!)! }, { pid: reused.pid!, start: '1' }]);
    const exited = new Promise((resolve) => left.once('exit', resolve));
    const processes = new ServerProcesses({ dir, log: silentLogger(), watchdog: false });
    processes.start();
    await exited;
    expect(running(reused)).toBe(true);
    expect(readdirSync(dir)).toEqual([`${processes.tag}.json`]);
    processes.stop();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves a running hub’s processes alone, and removes a record it cannot read', async () => {
    const dir = folder();
    const theirs = await sleeper();
    record(dir, 'live.json', { pid: process.pid, start: startTimeOf(process.pid)! }, [{ pid: theirs.pid!, start: startTimeOf(theirs.pid!)! }]);
    writeFileSync(join(dir, 'broken.json'), '{"hub": ');
    const processes = new ServerProcesses({ dir, log: silentLogger(), watchdog: false });
    processes.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running(theirs)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([`${processes.tag}.json`, 'live.json'].sort());
    processes.stop();
  });
});
