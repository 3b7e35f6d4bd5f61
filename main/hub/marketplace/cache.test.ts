import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { removeDir, tempDir } from '../../../test/helpers.js';
import { DiskCache } from './cache.js';

const Schema = z.object({ items: z.array(z.string()) });
type Value = z.infer<typeof Schema>;

let dir: string;
let clock: number;

beforeEach(async () => {
  dir = await tempDir('mcp-hub-cache-');
  clock = Date.parse('2026-01-01T00:00:00Z');
});

afterEach(async () => {
  await removeDir(dir);
});

function cache(file = 'c.json', ttlMs = 60_000, version?: number): DiskCache<Value> {
  return new DiskCache({ dir: join(dir, 'sub'), file, ttlMs, schema: Schema, now: () => clock, ...(version ? { version } : {}) });
}

describe('DiskCache', () => {
  it('fetches when empty, then serves the file within the TTL', async () => {
    let calls = 0;
    const refresh = async () => ({ items: [`v${++calls}`] });
    expect(await cache().get(refresh)).toMatchObject({ value: { items: ['v1'] }, source: 'fetched', stale: false, ageMs: 0 });
    clock += 30_000;
    // A new instance reads what the first one wrote.
    expect(await cache().get(refresh)).toMatchObject({ value: { items: ['v1'] }, source: 'cache', stale: false, ageMs: 30_000 });
    expect(calls).toBe(1);
    clock += 31_000;
    expect(await cache().get(refresh)).toMatchObject({ value: { items: ['v2'] }, source: 'fetched' });
    expect(calls).toBe(2);
  });

  it('passes the previous record to the refresh (for incremental updates)', async () => {
    const c = cache();
    await c.get(async () => ({ items: ['a'] }));
    clock += 120_000;
    const result = await c.get(async (previous) => ({ items: [...(previous?.value.items ?? []), 'b'] }));
    expect(result.value.items).toEqual(['a', 'b']);
  });

  it('serves the stale value with its age when the refresh fails', async () => {
    const c = cache();
    await c.get(async () => ({ items: ['kept'] }));
    clock += 10 * 60_000;
    const result = await c.get(async () => {
      throw new Error('offline');
    });
    expect(result).toMatchObject({ value: { items: ['kept'] }, source: 'cache', stale: true, ageMs: 600_000 });
    expect(result.error?.message).toBe('offline');
    expect(result.fetchedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('throws the refresh error when there is nothing cached', async () => {
    await expect(
      cache().get(async () => {
        throw new Error('offline');
      }),
    ).rejects.toThrow('offline');
  });

  it('refreshes a fresh value when forced', async () => {
    const c = cache();
    await c.get(async () => ({ items: ['a'] }));
    expect((await c.get(async () => ({ items: ['b'] }), { force: true })).value.items).toEqual(['b']);
  });

  it('writes atomically, leaving no temporary files', async () => {
    const c = cache();
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.write({ value: { items: [String(i)] }, fetchedAt: new Date(clock).toISOString() })));
    expect(await readdir(join(dir, 'sub'))).toEqual(['c.json']);
    const stored = JSON.parse(await readFile(c.path, 'utf8')) as { value: Value };
    expect(stored.value.items).toHaveLength(1);
  });

  it('ignores a corrupt file, a file of another shape and one of another version', async () => {
    await mkdir(join(dir, 'sub'), { recursive: true });
    const path = join(dir, 'sub', 'c.json');
    await writeFile(path, '{"version": 1, "fetchedAt": ');
    expect(await cache().read()).toBeUndefined();
    await writeFile(path, JSON.stringify({ version: 1, fetchedAt: '2026-01-01T00:00:00Z', value: { items: 'no' } }));
    expect(await cache().read()).toBeUndefined();
    await writeFile(path, JSON.stringify({ version: 1, fetchedAt: '2026-01-01T00:00:00Z', value: { items: ['ok'] } }));
    expect((await cache().read())?.value.items).toEqual(['ok']);
    expect(await cache('c.json', 60_000, 2).read()).toBeUndefined();
  });

  it('still serves fresh data when the directory cannot be written', async () => {
    await writeFile(join(dir, 'sub'), 'a file where the directory should be');
    const result = await cache().get(async () => ({ items: ['x'] }));
    expect(result).toMatchObject({ value: { items: ['x'] }, source: 'fetched' });
  });
});
