import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, watch as watchFs, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isProcessAlive, withFileLock } from './file-lock.js';

import type { WorkspaceEntry, Workspaces } from '../../../shared/workspaces.js';
import { isRecord } from '../../../shared/is-record.js';

export type { WorkspaceEntry, Workspaces };

export interface WorkspaceRegistryOptions {
  file: string;
  isAlive?: (pid: number) => boolean;
  /** Quiet time after a file event before `changed` is computed; writes come in bursts. */
  debounceMs?: number;
  /**
   * How often a watcher re-reads the file even without an event (0: never). A hub that was killed
   * writes nothing, so only a periodic look notices it is gone; and fs events are unreliable on
   * network and container mounts.
   */
  pollMs?: number;
  /** See `withFileLock`. */
  lockTimeoutMs?: number;
  lockStaleMs?: number;
}

/**
 * The shared `workspaces.json`, where every running hub (ours and mcp-hub v4) lists itself.
 * Writes are read-modify-write under v4's lock file and land atomically, because mcphub.nvim
 * reads the file without any lock. Entries of processes that no longer exist are dropped by
 * every read and write, which v4 never did.
 */
export class WorkspaceRegistry extends EventEmitter<{ changed: [Workspaces] }> {
  readonly file: string;
  private readonly lockFile: string;
  private readonly isAlive: (pid: number) => boolean;
  private readonly options: WorkspaceRegistryOptions;
  /** Entries this instance registered, so a lost entry (file deleted or corrupt) is restored by the next update. */
  private readonly own = new Map<number, WorkspaceEntry>();
  /** One write at a time per instance: they would only contend for the lock file otherwise. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: WorkspaceRegistryOptions) {
    super();
    this.options = options;
    this.file = options.file;
    this.lockFile = `${options.file}.lock`;
    this.isAlive = options.isAlive ?? isProcessAlive;
  }

  async register(entry: WorkspaceEntry): Promise<void> {
    const copy = { ...entry, config_files: [...entry.config_files] };
    this.own.set(entry.port, copy);
    await this.mutate((workspaces) => {
      workspaces[String(entry.port)] = copy;
    });
  }

  /**
   * Merges `patch` into the entry of `port`. The entry is left alone if another process has taken
   * it over, and put back if this instance registered it and it went missing.
   */
  async update(port: number, patch: Partial<WorkspaceEntry>): Promise<void> {
    const mine = this.own.get(port);
    if (mine) this.own.set(port, { ...mine, ...patch, port });
    await this.mutate((workspaces) => {
      const key = String(port);
      const current = workspaces[key];
      const owned = this.own.get(port);
      if (owned && current && current.pid !== owned.pid) return;
      if (current) workspaces[key] = { ...current, ...patch, port };
      else if (owned) workspaces[key] = owned;
    });
  }

  /** Removes the entry of `port`, unless another process has registered that port since. */
  async deregister(port: number): Promise<void> {
    const mine = this.own.get(port);
    this.own.delete(port);
    await this.mutate((workspaces) => {
      const key = String(port);
      const current = workspaces[key];
      if (current && mine && current.pid !== mine.pid) return;
      delete workspaces[key];
    });
  }

  /** Current entries; entries whose process is gone are removed (and the file rewritten). */
  async list(): Promise<Workspaces> {
    return (await this.readLive()).workspaces;
  }

  private async readLive(): Promise<{ workspaces: Workspaces; corrupt: boolean }> {
    const { workspaces, corrupt } = await this.read();
    const live = this.withoutDead(workspaces);
    if (Object.keys(live).length !== Object.keys(workspaces).length) {
      // Cleaning up is a courtesy: another hub holding the lock for too long must not fail a read.
      await this.mutate(() => {}).catch(() => {});
    }
    return { workspaces: live, corrupt };
  }

  /**
   * Watches the file (its folder, so creation/replacement is seen) and emits `changed` with the
   * cleaned list: once right away, then, debounced, whenever it differs from the last one emitted,
   * whoever wrote it. Returns a stop function.
   */
  watch(): () => void {
    const dir = dirname(this.file);
    const name = basename(this.file);
    const debounceMs = this.options.debounceMs ?? 100;
    const pollMs = this.options.pollMs ?? 5_000;
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      // Then there is nothing to watch yet; polling and the next write report what there is.
    }

    let stopped = false;
    let last: string | undefined;
    let running = false;
    let again = false;
    let timer: NodeJS.Timeout | undefined;

    const refresh = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const { workspaces, corrupt } = await this.readLive();
          const text = JSON.stringify(workspaces);
          // mcp-hub v4 writes in place, so a read can catch its file half written; its next
          // event brings the whole file, and announcing "no hubs" meanwhile would be wrong.
          if (!stopped && !corrupt && text !== last) {
            last = text;
            this.emit('changed', workspaces);
          }
        } while (again && !stopped);
      } catch {
        // An unreadable file now is retried on the next event or poll.
      } finally {
        running = false;
      }
    };
    const schedule = (): void => {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void refresh(), debounceMs);
      timer.unref();
    };

    let watcher: FSWatcher | undefined;
    try {
      watcher = watchFs(dir, { persistent: false }, (_event, changed) => {
        // Some platforms omit the name; then any change in the folder counts.
        if (changed === null || String(changed) === name) schedule();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // Without fs events (some network mounts), polling still notices changes.
    }
    const poll = pollMs > 0 ? setInterval(schedule, pollMs) : undefined;
    poll?.unref();
    schedule();

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      watcher?.close();
    };
  }

  private async read(): Promise<{ workspaces: Workspaces; text: string | undefined; corrupt: boolean }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { workspaces: {}, text: undefined, corrupt: false };
      throw error;
    }
    const workspaces = parseWorkspaces(text);
    return { workspaces: workspaces ?? {}, text, corrupt: workspaces === undefined };
  }

  private withoutDead(workspaces: Workspaces): Workspaces {
    return Object.fromEntries(Object.entries(workspaces).filter(([, entry]) => this.isAlive(entry.pid)));
  }

  /** Read, drop dead entries, apply `change`, write if anything differs; all under the lock. */
  private mutate(change: (workspaces: Workspaces) => void): Promise<void> {
    const run = async (): Promise<void> => {
      await mkdir(dirname(this.file), { recursive: true });
      await withFileLock(
        this.lockFile,
        async () => {
          const { workspaces, text } = await this.read();
          const next = this.withoutDead(workspaces);
          change(next);
          const serialized = JSON.stringify(next, null, 2);
          if (serialized !== text) await this.writeAtomically(serialized);
        },
        { isAlive: this.isAlive, timeoutMs: this.options.lockTimeoutMs, staleMs: this.options.lockStaleMs },
      );
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  private async writeAtomically(text: string): Promise<void> {
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, text, 'utf8');
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await rename(temp, this.file);
          return;
        } catch (error) {
          // Windows refuses to replace a file another process (an editor plugin) has open, briefly.
          const code = (error as NodeJS.ErrnoException).code;
          if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
        }
      }
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
  }
}

/**
 * The entries of a `workspaces.json` text; undefined when it is not a JSON object (an empty file
 * is an empty object, as for v4). A value without a usable pid and port is dropped: nothing can
 * tell whether its hub still runs.
 */
export function parseWorkspaces(text: string): Workspaces | undefined {
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  const result: Workspaces = {};
  for (const [key, value] of Object.entries(data)) {
    if (isRecord(value) && isPositiveInteger(value['pid']) && isPositiveInteger(value['port'])) {
      result[key] = value as unknown as WorkspaceEntry;
    }
  }
  return result;
}


function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
