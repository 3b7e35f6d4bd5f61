import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning, startTimeOf } from '../../main/hub/processes/proc.js';
import { node, removeDir, tempDir, waitFor, writeConfig } from '../helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');
const STUBBORN = new URL('../fixtures/stubborn-server.mjs', import.meta.url).pathname;


interface Machine {
  dir: string;
  pidFile: string;
  config: string;
  empty: string;
  processesDir: string;
}

const machines: Machine[] = [];
const hubs: ChildProcess[] = [];
/** A process of a test, told apart by its start time from a later one given the same pid. */
interface Tracked {
  pid: number;
  start: string;
}

/** Killed after each test if they still run. */
const strays: Tracked[] = [];

function track(pid: number): Tracked {
  const tracked = { pid, start: startTimeOf(pid) ?? 'gone' };
  strays.push(tracked);
  return tracked;
}

function running(tracked: Tracked): boolean {
  return isRunning(tracked.pid, tracked.start);
}

async function machine(env: Record<string, string> = {}): Promise<Machine> {
  const dir = await tempDir();
  const pidFile = join(dir, 'pids');
  const config = await writeConfig(dir, { stubborn: { command: node, args: [STUBBORN], env: { PID_FILE: pidFile, ...env } } });
  const empty = await writeConfig(dir, {}, 'empty.json');
  const found = { dir, pidFile, config, empty, processesDir: join(dir, 'state', 'mcp-hub', 'processes') };
  machines.push(found);
  return found;
}

/** `mcp-hub serve` as a person runs it, in its own process, with its state folder in `m.dir`. */
async function runHub(m: Machine, config: string): Promise<ChildProcess> {
  const hub = spawn(node, [CLI, 'serve', '--port', '0', '--config', config], {
    env: { ...process.env, HOME: m.dir, XDG_STATE_HOME: join(m.dir, 'state'), XDG_CONFIG_HOME: join(m.dir, 'config'), XDG_CACHE_HOME: join(m.dir, 'cache') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  hubs.push(hub);
  let stderr = '';
  hub.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(() => stderr.includes('listening on'), `the hub to listen (${stderr})`);
  return hub;
}

const TREE = ['server', 'grandchild', 'daemon'];

/** The pids of the stubborn server and of the processes it started (see the fixture), once all run. */
async function treePids(m: Machine, names = TREE): Promise<Record<string, Tracked>> {
  const pids = await waitFor(() => {
    const lines = existsSync(m.pidFile) ? readFileSync(m.pidFile, 'utf8').trim().split('\n') : [];
    const found = Object.fromEntries(lines.map((line) => line.split(' ')).map(([pid, name]) => [name!, Number(pid)]));
    return names.every((name) => found[name]) ? found : undefined;
  }, `the server's processes: ${names.join(', ')}`);
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, track(pid)]));
}

function allGone(processes: Record<string, Tracked>): boolean {
  return Object.values(processes).every((tracked) => !running(tracked));
}

function hubRecord(m: Machine): { watchdog?: { pid: number } } {
  const [file] = readdirSync(m.processesDir).filter((name) => name.endsWith('.json'));
  return JSON.parse(readFileSync(join(m.processesDir, file!), 'utf8')) as { watchdog?: { pid: number } };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

afterEach(async () => {
  for (const hub of hubs.splice(0)) {
    hub.kill('SIGKILL');
    await exited(hub);
  }
  for (const stray of strays.splice(0)) {
    if (!running(stray)) continue;
    try {
      process.kill(stray.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  for (const m of machines.splice(0)) await removeDir(m.dir);
});

describe('server processes when the hub dies hard', () => {
  it('the next hub to start ends what it left: a server that ignores SIGTERM, its setsid grandchild and a daemon it forked', async () => {
    const m = await machine();
    const hub = await runHub(m, m.config);
    const pids = await treePids(m);
    // The watchdog would end them at once; here it dies too, as when a whole session is killed.
    const watchdog = track(hubRecord(m).watchdog!.pid);
    process.kill(watchdog.pid, 'SIGKILL');
    hub.kill('SIGKILL');
    await exited(hub);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [name, tracked] of Object.entries(pids)) expect(running(tracked), `${name} still running before the next hub starts`).toBe(true);

    await runHub(m, m.empty);
    await waitFor(() => allGone(pids), 'the orphans to be ended');
    // The dead hub's record is gone; the new hub's own is there.
    expect(readdirSync(m.processesDir).filter((name) => name.endsWith('.json')), 'the records').toHaveLength(1);
  });

  it('on Linux its watchdog ends them at once, without another hub', async () => {
    const m = await machine();
    const hub = await runHub(m, m.config);
    const pids = await treePids(m);
    const watchdog = track(hubRecord(m).watchdog!.pid);
    hub.kill('SIGKILL');
    await exited(hub);
    await waitFor(() => allGone(pids), 'the watchdog to end the orphans');
    await waitFor(() => !running(watchdog), 'the watchdog to exit');
    expect(readdirSync(m.processesDir).filter((name) => name.endsWith('.json'))).toEqual([]);
  });
});

describe('server processes when the hub stops', () => {
  it('a normal stop ends the whole tree (setsid grandchildren, one without the environment, a daemon) and the watchdog', async () => {
    const m = await machine({ SCRUBBED: '1' });
    const hub = await runHub(m, m.config);
    const pids = await treePids(m, [...TREE, 'scrubbed']);
    const watchdog = track(hubRecord(m).watchdog!.pid);
    hub.kill('SIGTERM');
    await exited(hub);
    expect(hub.exitCode).toBe(0);
    // Killed before the hub exited; the kernel may take a moment to finish them.
    await waitFor(() => allGone({ ...pids, watchdog }), 'the tree and the watchdog to be gone', 2_000);
    expect(readdirSync(m.processesDir).filter((name) => name.endsWith('.json'))).toEqual([]);
  });
});
