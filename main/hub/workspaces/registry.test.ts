import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError } from './file-lock.js';
import { WorkspaceRegistry, type Workspaces } from './registry.js';
import { tempDir, waitFor } from '../../../test/helpers.js';
import { deadPid, entry, sleep } from './test-support.js';

let dir: string;
let file: string;
const stops: (() => void)[] = [];

beforeEach(async () => {
  dir = await tempDir();
  file = join(dir, 'mcp-hub', 'workspaces.json');
});

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await rm(dir, { recursive: true, force: true });
});

function registry(options: Partial<ConstructorParameters<typeof WorkspaceRegistry>[0]> = {}): WorkspaceRegistry {
  return new WorkspaceRegistry({ file, debounceMs: 20, pollMs: 0, ...options });
}

/** Starts watching and records every `changed`. */
function follow(target: WorkspaceRegistry): { events: Workspaces[]; last: () => Workspaces | undefined } {
  const events: Workspaces[] = [];
  target.on('changed', (workspaces) => events.push(workspaces));
  stops.push(target.watch());
  return { events, last: () => events.at(-1) };
}

async function fileContent(): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

describe('WorkspaceRegistry', () => {
  it('keeps mcp-hub v4 format: keyed by port, two-space JSON, folder created', async () => {
    const a = registry();
    await a.register(entry(40001));
    const text = await readFile(file, 'utf8');
    expect(text).toBe(JSON.stringify({ '40001': entry(40001, { startTime: JSON.parse(text)['40001'].startTime }) }, null, 2));
    expect(Object.keys(JSON.parse(text)['40001']).sort()).toEqual(
      ['activeConnections', 'config_files', 'cwd', 'pid', 'port', 'shutdownDelay', 'shutdownStartedAt', 'startTime', 'state'].sort(),
    );
  });

  it('lets two hubs on one file see each other, through list() and `changed`', async () => {
    const a = registry();
    const b = registry();
    const seenByA = follow(a);
    const seenByB = follow(b);

    await a.register(entry(40001));
    await waitFor(() => seenByB.last()?.['40001'] !== undefined, "B seeing A's entry");
    await b.register(entry(40002, { cwd: '/elsewhere' }));
    await waitFor(() => Object.keys(seenByA.last() ?? {}).length === 2, "A seeing B's entry");
    expect(seenByA.last()?.['40002']?.cwd).toBe('/elsewhere');
    expect(Object.keys(await a.list()).sort()).toEqual(['40001', '40002']);

    await b.update(40002, { activeConnections: 3, state: 'shutting_down', shutdownStartedAt: '2025-01-01T00:00:00.000Z', shutdownDelay: 500 });
    await waitFor(() => seenByA.last()?.['40002']?.activeConnections === 3, 'A seeing the update');
    expect(seenByA.last()?.['40002']).toMatchObject({ state: 'shutting_down', shutdownDelay: 500, port: 40002 });

    await a.deregister(40001);
    await waitFor(() => seenByB.last()?.['40001'] === undefined, 'B seeing A leave');
    expect(Object.keys(await b.list())).toEqual(['40002']);
  });

  it('emits the current list once when watching starts, then only when it differs', async () => {
    const a = registry();
    await a.register(entry(40001));
    const seen = follow(a);
    await waitFor(() => seen.events.length === 1, 'the first event');
    // A write that changes nothing, and a change of the folder that is not the file.
    await a.update(40001, { activeConnections: 0 });
    await writeFile(join(dir, 'mcp-hub', 'other.txt'), 'x');
    await sleep(150);
    expect(seen.events).toHaveLength(1);
  });

  it('drops the entry of a process that was killed: in list(), in the file, and for watchers', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const a = registry();
    await a.register(entry(40001));
    await a.register(entry(40002, { pid: child.pid! }));
    // The only watcher polls: a killed hub writes nothing, so no file event announces it.
    const watcher = registry({ pollMs: 100 });
    const seen = follow(watcher);
    await waitFor(() => Object.keys(seen.last() ?? {}).length === 2, 'both entries');

    await killAndReap(child);
    await waitFor(() => Object.keys(seen.last() ?? {}).length === 1, 'the dead entry to disappear');
    expect(Object.keys(await fileContent() as object)).toEqual(['40001']);
    expect(Object.keys(await a.list())).toEqual(['40001']);
  });

  it('list() rewrites the file without dead entries; every write drops them too', async () => {
    const dead = await deadPid();
    const a = registry();
    await a.register(entry(40001));
    const raw = { '40001': entry(40001), '40002': entry(40002, { pid: dead }) };
    await writeFile(file, JSON.stringify(raw, null, 2));
    expect(Object.keys(await a.list())).toEqual(['40001']);
    expect(Object.keys(await fileContent() as object)).toEqual(['40001']);

    await writeFile(file, JSON.stringify(raw, null, 2));
    await a.register(entry(40003));
    expect(Object.keys(await fileContent() as object).sort()).toEqual(['40001', '40003']);
  });

  it('uses isAlive when given', async () => {
    const a = registry({ isAlive: (pid) => pid !== 4242 });
    await a.register(entry(40001));
    await a.register(entry(40002, { pid: 4242 }));
    expect(Object.keys(await a.list())).toEqual(['40001']);
  });

  it('takes over a lock left by a dead process', async () => {
    const lock = `${file}.lock`;
    const a = registry();
    await a.register(entry(40001));
    await writeFile(lock, String(await deadPid()));
    const started = Date.now();
    await a.register(entry(40002));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(Object.keys(await fileContent() as object).sort()).toEqual(['40001', '40002']);
    expect(existsSync(lock)).toBe(false);
  });

  it('never removes a lock another hub took after this one judged the old lock stale', async () => {
    const lock = `${file}.lock`;
    const dead = await deadPid();
    await registry().register(entry(40001));
    writeFileSync(lock, String(dead));
    let tookOver = false;
    const late = registry({
      isAlive: (pid) => {
        if (pid === dead && !tookOver) {
          // Right after this hub found the lock's owner dead, another hub breaks it and locks.
          tookOver = true;
          unlinkSync(lock);
          writeFileSync(lock, String(process.pid));
        }
        return pid !== dead;
      },
    });
    const started = Date.now();
    const registering = late.register(entry(40002));
    await sleep(250);
    expect(tookOver).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    unlinkSync(lock);
    await registering;
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(Object.keys(await fileContent() as object).sort()).toEqual(['40001', '40002']);
  });

  it('lets many hubs find the same dead lock at once without any of them losing its write', async () => {
    await registry().register(entry(40001));
    await writeFile(`${file}.lock`, String(await deadPid()));
    // All of them judge the lock stale together; a slow one must not remove the lock a fast one took.
    await Promise.all(Array.from({ length: 20 }, (_, i) => registry().register(entry(40_010 + i))));
    expect(Object.keys(await fileContent() as object)).toHaveLength(21);
    expect((await readdir(join(dir, 'mcp-hub'))).sort()).toEqual(['workspaces.json']);
  });

  it('takes over a lock older than 10 s even if its owner lives', async () => {
    const lock = `${file}.lock`;
    const a = registry();
    await a.register(entry(40001));
    await writeFile(lock, String(process.pid));
    const past = new Date(Date.now() - 20_000);
    await utimes(lock, past, past);
    await a.register(entry(40002));
    expect(Object.keys(await fileContent() as object).sort()).toEqual(['40001', '40002']);
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a live lock, and gives up after the timeout without writing', async () => {
    const lock = `${file}.lock`;
    const a = registry({ lockTimeoutMs: 300 });
    await a.register(entry(40001));
    await writeFile(lock, String(process.pid));
    const started = Date.now();
    await expect(a.register(entry(40002))).rejects.toBeInstanceOf(LockTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(Object.keys(await fileContent() as object)).toEqual(['40001']);
    // The owner's lock was left alone.
    expect(await readFile(lock, 'utf8')).toBe(String(process.pid));

    const released = sleep(200).then(() => unlink(lock));
    await registry().register(entry(40003));
    await released;
    expect(Object.keys(await fileContent() as object).sort()).toEqual(['40001', '40003']);
  });

  it('loses no entry when 2 processes register 20 hubs each at the same time', async () => {
    const perProcess = 20;
    const child = startRegisteringChild(file, 41_100, perProcess);
    await child.ready;
    const watcher = registry();
    const seen = follow(watcher);

    child.go();
    // Separate instances, like separate hubs: they contend through the lock file, not a queue.
    await Promise.all(Array.from({ length: perProcess }, (_, i) => registry().register(entry(41_000 + i))));
    expect(await child.done).toBe(0);

    const expected = [...Array.from({ length: perProcess }, (_, i) => String(41_000 + i)), ...Array.from({ length: perProcess }, (_, i) => String(41_100 + i))];
    expect(Object.keys(await fileContent() as object).sort()).toEqual(expected.sort());
    await waitFor(() => Object.keys(seen.last() ?? {}).length === 2 * perProcess, 'the watcher seeing all 40 entries');
    // Neither locks nor temp files are left behind.
    expect((await readdir(join(dir, 'mcp-hub'))).sort()).toEqual(['workspaces.json']);
  });

  it('survives a corrupt file and rewrites it cleanly on the next write', async () => {
    const a = registry();
    await a.register(entry(40001));
    for (const garbage of ['{ "40001": { not json', '[1, 2]', 'null', '"text"']) {
      await writeFile(file, garbage);
      expect(await a.list()).toEqual({});
    }
    await writeFile(file, '');
    expect(await a.list()).toEqual({});

    // Well-formed entries survive; values that cannot be checked for liveness do not.
    await writeFile(file, JSON.stringify({ '40001': entry(40001), bad: { pid: 'x', port: 1 }, worse: 7, '40005': { port: 40005 } }));
    expect(Object.keys(await a.list())).toEqual(['40001']);

    await writeFile(file, '{{{');
    const seen = follow(a);
    await sleep(150);
    // A half-written file (mcp-hub v4 writes in place) is not announced as "no hubs".
    expect(seen.events).toEqual([]);
    await a.register(entry(40002));
    expect(await fileContent()).toEqual({ '40002': expect.objectContaining({ port: 40002 }) });
    await waitFor(() => seen.last()?.['40002'] !== undefined, 'the rewritten file');
  });

  it("update() restores this hub's entry after the file was deleted, but leaves a port another process took over", async () => {
    const a = registry();
    await a.register(entry(40001, { cwd: '/mine' }));
    await unlink(file);
    await a.update(40001, { activeConnections: 2 });
    expect(await fileContent()).toEqual({ '40001': expect.objectContaining({ cwd: '/mine', activeConnections: 2 }) });

    // Another live process now owns port 40001 (pid 1 always exists).
    await writeFile(file, JSON.stringify({ '40001': entry(40001, { pid: 1, cwd: '/theirs' }) }));
    await a.update(40001, { activeConnections: 5 });
    await a.deregister(40001);
    expect(await fileContent()).toEqual({ '40001': expect.objectContaining({ cwd: '/theirs', activeConnections: 0 }) });
  });
});

async function killAndReap(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * A second real process registering `count` hubs at once, each through its own registry. It
 * imports the module's TypeScript source through tsx, and starts when told, so both sides overlap.
 */
function startRegisteringChild(file: string, firstPort: number, count: number): { ready: Promise<void>; go: () => void; done: Promise<number | null> } {
  const registryModule = fileURLToPath(new URL('./registry.ts', import.meta.url));
  const script = `
    import { WorkspaceRegistry } from ${JSON.stringify(registryModule)};
    const pid = Number(process.env.OWNER_PID);
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      await Promise.all(Array.from({ length: ${count} }, (_, i) => {
        const port = ${firstPort} + i;
        return new WorkspaceRegistry({ file: ${JSON.stringify(file)} }).register({
          cwd: '/projects/p' + port, config_files: [], pid, port, startTime: new Date().toISOString(),
          state: 'active', activeConnections: 0, shutdownStartedAt: null, shutdownDelay: null,
        });
      }));
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    // The entries name this (living) process, so the child's exit does not make them stale.
    env: { ...process.env, OWNER_PID: String(process.pid) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const done = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { ready, go: () => child.stdin.write('go\n'), done };
}
