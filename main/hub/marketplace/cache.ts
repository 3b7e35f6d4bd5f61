import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * One JSON file holding a value and when it was fetched. mcp-hub v4 kept its catalog the same way
 * (`cache/registry.json`, 1 h TTL) but returned 500 when a stale cache could not be refreshed; here
 * a failed refresh serves the old value and says how old it is.
 */

export interface CacheRecord<T> {
  value: T;
  /** ISO time the value was fetched (not written), so the age means the data's age. */
  fetchedAt: string;
}

export interface CacheRead<T> extends CacheRecord<T> {
  ageMs: number;
  /** Younger than the TTL. */
  fresh: boolean;
}

export interface CacheResult<T> extends CacheRecord<T> {
  ageMs: number;
  /** `fetched`: refreshed by this call; `cache`: read from the file (fresh, or stale after a failure). */
  source: 'fetched' | 'cache';
  /** Older than the TTL: the refresh failed and this is what was left. */
  stale: boolean;
  /** Why the refresh failed, when it did. */
  error?: Error;
}

export interface DiskCacheOptions<T> {
  dir: string;
  /** A file name inside `dir`. */
  file: string;
  ttlMs: number;
  /** Checks what is read back, so a file from another version or a half-edited one is ignored. */
  schema: z.ZodType<T>;
  /** Bumped when the stored shape changes; files with another version are ignored. */
  version?: number;
  now?: () => number;
}

/** The file's own envelope; the value inside is checked with the caller's schema. */
const EnvelopeSchema = z.object({
  version: z.number(),
  fetchedAt: z.iso.datetime({ offset: true }),
  value: z.unknown(),
});

export class DiskCache<T> {
  readonly path: string;
  private readonly options: DiskCacheOptions<T>;
  private readonly now: () => number;
  /** What was last read or written: a large catalog is parsed and checked once, not per request. */
  private memory: CacheRecord<T> | undefined;

  constructor(options: DiskCacheOptions<T>) {
    this.options = options;
    this.path = join(options.dir, options.file);
    this.now = options.now ?? Date.now;
  }

  /** The stored record, or `undefined` when there is none or it cannot be used. */
  async read(): Promise<CacheRead<T> | undefined> {
    if (this.memory !== undefined) return this.describe(this.memory);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    const envelope = EnvelopeSchema.safeParse(json);
    if (!envelope.success || envelope.data.version !== (this.options.version ?? 1)) return undefined;
    const value = this.options.schema.safeParse(envelope.data.value);
    if (!value.success) return undefined;
    this.memory = { value: value.data, fetchedAt: envelope.data.fetchedAt };
    return this.describe(this.memory);
  }

  /** Replaces the file atomically: readers see the old file or the new one, never half of it. */
  async write(record: CacheRecord<T>): Promise<void> {
    this.memory = record;
    await mkdir(this.options.dir, { recursive: true });
    const temp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const body = JSON.stringify({ version: this.options.version ?? 1, fetchedAt: record.fetchedAt, value: record.value });
    try {
      await writeFile(temp, body, 'utf8');
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * The cached value while it is fresh; otherwise `refresh(previous)` and store its result. When the
   * refresh fails, the previous value (however old) is returned with `stale: true` and the error;
   * with nothing cached the error is thrown. `force` refreshes even a fresh value.
   */
  async get(refresh: (previous: CacheRead<T> | undefined) => Promise<T>, options: { force?: boolean } = {}): Promise<CacheResult<T>> {
    const previous = await this.read();
    if (previous?.fresh && !options.force) {
      return { value: previous.value, fetchedAt: previous.fetchedAt, ageMs: previous.ageMs, source: 'cache', stale: false };
    }
    const fetchedAt = new Date(this.now()).toISOString();
    let value: T;
    try {
      value = await refresh(previous);
    } catch (error) {
      if (previous === undefined) throw error;
      return {
        value: previous.value,
        fetchedAt: previous.fetchedAt,
        ageMs: previous.ageMs,
        source: 'cache',
        stale: !previous.fresh,
        error: error instanceof Error ? error : new Error(String(error)),
      };
    }
    // The data is good even when the disk is not (full, read-only): serve it, keep the old file.
    await this.write({ value, fetchedAt }).catch(() => undefined);
    return { value, fetchedAt, ageMs: 0, source: 'fetched', stale: false };
  }

  describe(record: CacheRecord<T>): CacheRead<T> {
    const ageMs = Math.max(0, this.now() - Date.parse(record.fetchedAt));
    return { ...record, ageMs, fresh: ageMs < this.options.ttlMs };
  }
}
