// Child processes, temp dirs and free ports, with cleanup that also runs on Ctrl-C and on errors.
// Hubs are spawned as process-group leaders, and their descendants are looked up before they are
// killed: our hub puts every upstream server in its own group, so killing the hub's group alone
// would leave those behind if the hub itself could not shut down cleanly.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const cleanups = new Set();
const liveRoots = new Set();
const tempDirs = new Set();
const OUTPUT_LINES = 200;

/** Registers an async cleanup step; returns a function that unregisters it. */
export function onCleanup(step) {
  cleanups.add(step);
  return () => cleanups.delete(step);
}

/** Runs every registered cleanup step, newest first, ignoring their failures. */
export async function cleanupAll() {
  for (const step of [...cleanups].reverse()) {
    cleanups.delete(step);
    await step().catch(() => {});
  }
  for (const dir of tempDirs) removeDir(dir);
}

/** A private temporary directory, removed by cleanupAll (or at exit at the latest). */
export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A port that was free on 127.0.0.1 a moment ago (the OS picked it for port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a process in its own process group, keeps the tail of its output for error messages, and
 * calls onLine for every output line (stdout and stderr) so callers can wait for a message.
 */
export function spawnGroup(command, args, { env, cwd, onLine = () => {} }) {
  const child = spawn(command, args, { env, cwd, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let lineCount = 0;
  const waiters = new Set();
  const keep = (line) => {
    lineCount++;
    for (const waiter of waiters) {
      if (!waiter.test(line)) continue;
      waiters.delete(waiter);
      waiter.resolve(line);
    }
    lines.push(line);
    if (lines.length > OUTPUT_LINES) lines.shift();
    onLine(line);
  };
  for (const stream of [child.stdout, child.stderr]) splitLines(stream, keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawned = new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  if (child.pid !== undefined) liveRoots.add(child.pid);
  exited.then(() => liveRoots.delete(child.pid));
  const handle = {
    child,
    exited,
    spawned,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    output: () => lines.join('\n'),
    /** Lines written so far on stdout and stderr together (its log, for a hub). */
    lineCount: () => lineCount,
    /** The next output line that passes `test`. */
    nextLine: (test, timeoutMs = 15000) =>
      new Promise((resolve, reject) => {
        const waiter = { test, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching output within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      }),
    stop: () => stopTree(handle),
  };
  const unregister = onCleanup(() => handle.stop());
  exited.then(unregister);
  return handle;
}

// Always drains the pipes: a child blocks once a pipe it writes to is full, and mcp-hub logs a lot.
function splitLines(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop();
    for (const line of parts) onLine(line);
  });
  stream.on('end', () => pending && onLine(pending));
}

/** SIGTERM to the group, a grace period for a clean shutdown, then SIGKILL to whatever is left. */
async function stopTree(handle, graceMs = 5000) {
  const pid = handle.child.pid;
  // Once reaped, the pid may already belong to someone else.
  if (pid === undefined || handle.hasExited()) return;
  const family = [pid, ...descendantsOf(pid)];
  if (!signal(-pid, 'SIGTERM')) signal(pid, 'SIGTERM');
  await Promise.race([handle.exited, delay(graceMs)]);
  // Also waits for the hub's own children, which it stops in parallel with its own exit.
  const deadline = Date.now() + graceMs;
  while (family.some(isAlive) && Date.now() < deadline) await delay(20);
  killAll(family);
  await handle.exited;
}

function killAll(pids) {
  for (const pid of pids) {
    signal(-pid, 'SIGKILL');
    signal(pid, 'SIGKILL');
  }
}

function signal(target, name) {
  try {
    process.kill(target, name);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Every process below pid, read from `ps` (orphans are re-parented, so look before killing). */
export function descendantsOf(pid) {
  let table;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map();
  for (const row of table.trim().split('\n')) {
    const [child, parent] = row.trim().split(/\s+/).map(Number);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(child);
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Kills pids that are not process-group leaders we spawned (e.g. the SDK's direct stdio children). */
export function trackPid(pid) {
  liveRoots.add(pid);
  return () => liveRoots.delete(pid);
}

// Last resort when the process exits without having run cleanupAll (only synchronous work is possible).
function killEverythingNow() {
  for (const pid of liveRoots) killAll([pid, ...descendantsOf(pid)]);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

let interrupted = false;

/** Ctrl-C, SIGTERM and uncaught errors all clean up before exiting; a second Ctrl-C exits at once. */
export function installExitHandlers() {
  process.on('exit', killEverythingNow);
  const bail = (code, message) => {
    if (interrupted) process.exit(code);
    interrupted = true;
    if (message) process.stderr.write(`\n${message}\n`);
    const hardStop = setTimeout(() => process.exit(code), 15000);
    cleanupAll().finally(() => {
      clearTimeout(hardStop);
      process.exit(code);
    });
  };
  process.on('SIGINT', () => bail(130, 'bench: interrupted, cleaning up…'));
  process.on('SIGTERM', () => bail(143, 'bench: terminated, cleaning up…'));
  process.on('SIGHUP', () => bail(129));
  process.on('uncaughtException', (error) => bail(1, `bench: ${error.stack ?? error}`));
  process.on('unhandledRejection', (error) => bail(1, `bench: ${error?.stack ?? error}`));
}
