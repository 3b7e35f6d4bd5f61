import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import type { ServerDefinition } from '../config/types.js';
import { catalogFingerprint, CatalogStore, ERAS_FOLDER } from './catalog-store.js';
import { EraVerdicts } from './era-verdict.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'era-verdicts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const definitionOf = (fields: Record<string, unknown>): ServerDefinition => ({
  name: 'modern',
  source: '/config/mcp.json',
  entry: fields,
  config: ServerConfigSchema.parse(fields),
});
const entry = { command: 'node', args: ['server.mjs'] };
const modern = {
  kind: 'modern' as const,
  discover: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, resultType: 'complete' as const, ttlMs: 0, cacheScope: 'private' as const },
};

describe('EraVerdicts', () => {
  it('keeps a verdict for the next hub (another instance on the same folder)', async () => {
    await new EraVerdicts(dir).for(() => definitionOf(entry)).save(modern);
    expect(await new EraVerdicts(dir).for(() => definitionOf(entry)).load()).toEqual(modern);
  });

  it('has none for a changed entry, and none once forgotten', async () => {
    const memory = new EraVerdicts(dir).for(() => definitionOf(entry));
    await memory.save({ kind: 'legacy' });
    expect(await new EraVerdicts(dir).for(() => definitionOf({ ...entry, args: ['other.mjs'] })).load()).toBeUndefined();
    await memory.forget();
    expect(await memory.load()).toBeUndefined();
    expect(await new EraVerdicts(dir).for(() => definitionOf(entry)).load()).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('ignores a file it cannot read as a verdict, so the server is probed instead of refused', async () => {
    const file = join(dir, `${catalogFingerprint(definitionOf(entry))}.json`);
    await writeFile(file, '{"verdict":{"kind":"modern"}}');
    expect(await new EraVerdicts(dir).for(() => definitionOf(entry)).load()).toBeUndefined();
    await writeFile(file, 'not json');
    expect(await new EraVerdicts(dir).for(() => definitionOf(entry)).load()).toBeUndefined();
  });

  it('works in memory alone when it has no folder', async () => {
    const memory = new EraVerdicts().for(() => definitionOf(entry));
    await memory.save({ kind: 'legacy' });
    expect(await memory.load()).toEqual({ kind: 'legacy' });
  });

  it('is pruned with the catalogs: a verdict no hub used for a month goes', async () => {
    const eras = join(dir, ERAS_FOLDER);
    const used = { ...entry, args: ['used.mjs'] };
    await new EraVerdicts(eras).for(() => definitionOf(used)).save({ kind: 'legacy' });
    await new EraVerdicts(eras).for(() => definitionOf(entry)).save({ kind: 'legacy' });
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60_000);
    for (const file of await readdir(eras)) await utimes(join(eras, file), longAgo, longAgo);
    expect(await new EraVerdicts(eras).for(() => definitionOf(used)).load()).toEqual({ kind: 'legacy' });

    await new CatalogStore(dir).prune();

    expect(await readdir(eras)).toEqual([`${catalogFingerprint(definitionOf(used))}.json`]);
  });
});
