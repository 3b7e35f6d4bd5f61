import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning, startTimeOf } from '../../main/hub/processes/proc.js';
import { connectClient, FULL_VIEW, node, removeDir, spawnCount, tempDir, toolServer, waitFor, writeConfig } from '../helpers.js';

// The CLI starts the config's plain stdio servers while the hub's code loads (main/hub/prespawn):
// the hub must use that very process, and no process it does not use may outlive the start.

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');
const STUBBORN = new URL('../fixtures/stubborn-server.mjs', import.meta.url).pathname;


const hubs: ChildProcess[] = [];
const dirs: string[] = [];
const strays: { pid: number; start: string }[] = [];

afterEach(async () => {
  for (const hub of hubs.splice(0)) if (hub.exitCode === null && hub.signalCode === null) hub.kill('SIGKILL');
  for (const stray of strays.splice(0)) if (isRunning(stray.pid, stray.start)) process.kill(stray.pid, 'SIGKILL');
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function home(): Promise<string> {
  const dir = await tempDir('mcp-hub-prespawn-');
  dirs.push(dir);
  return dir;
}

function runHub(dir: string, config: string, port = '0'): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(node, [CLI, '--port', port, '--config', config], {
    env: { ...process.env, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), MCP_HUB_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  hubs.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}

/** "<pid> <name>" lines a fixture appended to `file`, the processes tracked so a failed test leaves none. */
function pidsIn(file: string): Record<string, number> {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  const found = Object.fromEntries(lines.map((line) => line.split(' ')).map(([pid, name]) => [name!, Number(pid)]));
  for (const pid of Object.values(found)) {
    const start = startTimeOf(pid);
    if (start && !strays.some((stray) => stray.pid === pid && stray.start === start)) strays.push({ pid, start });
  }
  return found;
}

/** Running processes (not zombies) whose environment holds `variable` (NAME=value). */
function processesWith(variable: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${name}/stat`, 'utf8'))) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(variable)) found.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Still running (a zombie is not): the same process as first seen, not a later one with its pid. */
const alive = (pid: number) => strays.some((stray) => stray.pid === pid && isRunning(pid, stray.start));

describe('servers started while the hub loads', () => {
  it('the hub takes over the process started for a plain entry (same pid, one process) and it answers', async () => {
    const dir = await home();
    const spawnLog = join(dir, 'spawns');
    const config = await writeConfig(dir, { tools: toolServer({ SPAWN_LOG: spawnLog, SERVER_NAME: 'tools' }) });
    const hub = runHub(dir, config);
    const url = (await waitFor(() => /listening on (http:\/\/\S+\/mcp)/.exec(hub.stderr())?.[1], 'the listening line'))!;
    await waitFor(() => hub.stderr().includes('servers started while the hub loaded'), 'the hub to be ready');
    expect(hub.stderr()).toContain('"taken":["tools"],"ended":[]');
    const health = (await (await fetch(url.replace(/\/mcp$/, '/api/health'), { headers: FULL_VIEW })).json()) as { servers: { name: string; pid: number; status: string }[] };
    expect(health.servers).toMatchObject([{ name: 'tools', status: 'connected' }]);
    expect(pidsIn(spawnLog)).toEqual({ tools: health.servers[0]!.pid });
    const pid = health.servers[0]!.pid;
    expect(spawnCount(spawnLog)).toBe(1);
    const client = await connectClient(url);
    const result = await client.callTool({ name: 'tools__echo', arguments: { message: 'through the early process' } });
    expect(JSON.stringify(result.content)).toContain('through the early process');
    await client.close();
    hub.child.kill('SIGTERM');
    expect(await hub.exit).toBe(0);
    expect(alive(pid)).toBe(false);
  });

  it('a process the hub does not take over is ended with its whole tree (group, setsid grandchild, daemon)', async () => {
    const dir = await home();
    const pidFile = join(dir, 'pids');
    // Plain enough to start early, but the hub's loader rejects the entry (timeout must be positive), so it never starts it.
    // The other server answers once the rejected one has started all three, so the hub ends a whole tree
    // (on a loaded machine it was ready first, and ended the server before it had started the others).
    const config = await writeConfig(dir, {
      rejected: { command: node, args: [STUBBORN], env: { PID_FILE: pidFile }, timeout: -1 },
      tools: toolServer({ START_AFTER: `${pidFile}:3` }),
    });
    const hub = runHub(dir, config);
    const tree = await waitFor(() => {
      const found = pidsIn(pidFile);
      return found['server'] && found['grandchild'] && found['daemon'] ? found : undefined;
    }, 'the early server and what it started');
    await waitFor(() => hub.stderr().includes('servers started while the hub loaded'), 'the hub to be ready');
    expect(hub.stderr()).toContain('"taken":["tools"],"ended":["rejected"]');
    await waitFor(() => Object.values(tree).every((pid) => !alive(pid)), 'every process of the server not taken over to end', 5000);
    // The hub itself runs on.
    expect(hub.child.exitCode).toBeNull();
  });

  it('a hub that fails to start (its port is taken) leaves none of the processes it started early', async () => {
    const dir = await home();
    const pidFile = join(dir, 'pids');
    const config = await writeConfig(dir, { stubborn: { command: node, args: [STUBBORN], env: { PID_FILE: pidFile } } });
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const hub = runHub(dir, config, String(port));
      // The server's processes, known by the environment they inherit, however far they got.
      const seen = new Set<number>();
      let exited = false;
      void hub.exit.then(() => (exited = true));
      while (!exited) {
        for (const pid of processesWith(`PID_FILE=${pidFile}`)) seen.add(pid);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await hub.exit).toBe(1);
      expect(hub.stderr()).toContain('already in use');
      expect(seen.size).toBeGreaterThan(0);
      await waitFor(() => processesWith(`PID_FILE=${pidFile}`).length === 0, 'no process of the server to run', 3000);
    } finally {
      blocker.close();
    }
  });
});
