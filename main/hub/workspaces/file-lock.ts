import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';

/** Whether a process exists. EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  // 0 and negative numbers address process groups, not a process: never "alive".
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FileLockOptions {
  isAlive?: (pid: number) => boolean;
  /** How long to keep retrying a lock held by a live process. */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its owner still runs (it hung, or the pid was reused). */
  staleMs?: number;
}

export class LockTimeoutError extends Error {}

/**
 * Runs `fn` while holding `lockFile`, created with `wx` and holding the owner's pid, as mcp-hub v4
 * does, so v4 hubs and ours exclude each other. Unlike v4, a lock whose owner died or that is
 * older than `staleMs` is taken over instead of blocking every later write.
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const isAlive = options.isAlive ?? isProcessAlive;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const staleMs = options.staleMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  let ino: number;
  for (;;) {
    const acquired = await tryCreate(lockFile);
    if (acquired !== undefined) {
      ino = acquired;
      break;
    }
    const holder = await inspect(lockFile);
    if (holder && isStale(holder, isAlive, staleMs)) {
      await breakLock(lockFile, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = holder?.pid === undefined ? '' : ` (held by pid ${holder.pid})`;
      throw new LockTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${lockFile}${owner}`);
    }
    // Jitter keeps two waiting hubs from retrying in lockstep.
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())) * (0.5 + Math.random() / 2));
    delay = Math.min(delay * 2, 150);
  }
  try {
    return await fn();
  } finally {
    await release(lockFile, ino);
  }
}

/** The lock's inode when this call created it; undefined when it already exists. */
async function tryCreate(lockFile: string): Promise<number | undefined> {
  let handle;
  try {
    handle = await open(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    // The pid first, as mcp-hub v4 writes it; the nonce tells this lock from any earlier one.
    await handle.writeFile(`${process.pid} ${randomBytes(6).toString('hex')}`);
    return (await handle.stat()).ino;
  } finally {
    await handle.close();
  }
}

interface Holder {
  ino: number;
  mtimeMs: number;
  ageMs: number;
  pid: number | undefined;
  /** The whole content: with our nonce, it names one lock among all that ever had this path. */
  text: string;
}

async function inspect(lockFile: string): Promise<Holder | undefined> {
  try {
    const info = await stat(lockFile);
    const text = await readFile(lockFile, 'utf8').catch(() => '');
    // Empty while its creator is between `open` and `write`: then only its age can tell.
    const pid = /^\s*(\d+)(\s|$)/.exec(text)?.[1];
    return { ino: info.ino, mtimeMs: info.mtimeMs, ageMs: Date.now() - info.mtimeMs, pid: pid === undefined ? undefined : Number(pid), text };
  } catch {
    // Released between our attempt and the look: just try again.
    return undefined;
  }
}

function isStale(holder: Holder, isAlive: (pid: number) => boolean, staleMs: number): boolean {
  if (holder.ageMs > staleMs) return true;
  return holder.pid !== undefined && !isAlive(holder.pid);
}

/** A breaker left by a hub that died while breaking a lock is cleared after this long. */
const BREAKER_STALE_MS = 5_000;

/**
 * Removes a stale lock without ever removing a fresh one. Several hubs may judge the same stale
 * lock at once; only the one holding the breaker lock (`<lock>.break`) may delete, and only if the
 * lock is still exactly the one it judged (same content, inode and time). A hub that takes a
 * fresh lock meanwhile needs no breaker, and its lock never matches.
 */
async function breakLock(lockFile: string, judged: Holder): Promise<void> {
  const breakerFile = `${lockFile}.break`;
  const breaker = await tryCreate(breakerFile);
  if (breaker === undefined) {
    const other = await inspect(breakerFile);
    if (other && other.ageMs > BREAKER_STALE_MS) await unlink(breakerFile).catch(() => {});
    return;
  }
  try {
    const current = await inspect(lockFile);
    if (current && current.text === judged.text && current.ino === judged.ino && current.mtimeMs === judged.mtimeMs) {
      await unlink(lockFile).catch(() => {});
    }
  } finally {
    await release(breakerFile, breaker);
  }
}

/** Deletes the lock only if it is still ours: after a takeover it belongs to another hub. */
async function release(lockFile: string, ino: number): Promise<void> {
  try {
    if ((await stat(lockFile)).ino === ino) await unlink(lockFile);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
