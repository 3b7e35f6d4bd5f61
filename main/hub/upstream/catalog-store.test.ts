import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import type { ServerDefinition } from '../config/types.js';
import { catalogFingerprint, CatalogStore, type CatalogSnapshot } from './catalog-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const definitionOf = (fields: Record<string, unknown>, name = 'memory'): ServerDefinition => ({
  name,
  source: '/config/mcp.json',
  entry: fields,
  config: ServerConfigSchema.parse(fields),
});
const snapshot: CatalogSnapshot = {
  catalog: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }], resources: [], resourceTemplates: [], prompts: [{ name: 'greet' }] },
  serverInfo: { name: 'memory-server', version: '1.2.3' },
  capabilities: { tools: {}, prompts: {} },
  instructions: 'Use it well.',
};

describe('CatalogStore', () => {
  it('gives back what was saved for the same entry, whatever its name, description, lazy or idle time', async () => {
    const store = new CatalogStore(join(dir, 'catalogs'));
    await store.save(definitionOf({ command: 'node', args: ['m.js'], lazy: true }), snapshot);
    expect(await store.load(definitionOf({ command: 'node', args: ['m.js'], lazy: false, idleTimeout: 5, description: 'new' }, 'renamed'))).toEqual(snapshot);
  });

  it('has nothing for an entry that changed how it runs', async () => {
    const store = new CatalogStore(dir);
    await store.save(definitionOf({ command: 'node', args: ['m.js'], env: { A: '1' } }), snapshot);
    expect(await store.load(definitionOf({ command: 'node', args: ['m.js'], env: { A: '2' } }))).toBeUndefined();
    expect(await store.load({ ...definitionOf({ command: 'node', args: ['m.js'], env: { A: '1' } }), source: '/other/mcp.json' })).toBeUndefined();
  });

  it('keeps no value of the entry in clear, only a hash of it', async () => {
    const store = new CatalogStore(dir);
    await store.save(definitionOf({ command: 'node', env: { TOKEN: 'sk-very-secret' } }), snapshot);
    const [file] = await readdir(dir);
    expect(file).toBe(`${catalogFingerprint(definitionOf({ command: 'node', env: { TOKEN: 'sk-very-secret' } }))}.json`);
    expect(await readFile(join(dir, file!), 'utf8')).not.toContain('sk-very-secret');
  });

  it('ignores a file that is damaged or of another format', async () => {
    const store = new CatalogStore(dir);
    const definition = definitionOf({ command: 'node' });
    await store.save(definition, snapshot);
    const file = join(dir, `${catalogFingerprint(definition)}.json`);
    await writeFile(file, '{"format": 1, "fingerprint": ');
    expect(await store.load(definition)).toBeUndefined();
    await writeFile(file, JSON.stringify({ format: 99, fingerprint: catalogFingerprint(definition), ...snapshot }));
    expect(await store.load(definition)).toBeUndefined();
  });

  it('prunes catalogs no hub used for a month; loading one counts as use', async () => {
    const store = new CatalogStore(dir);
    const used = definitionOf({ command: 'used' });
    const forgotten = definitionOf({ command: 'forgotten' });
    await store.save(used, snapshot);
    await store.save(forgotten, snapshot);
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60_000);
    for (const file of await readdir(dir)) await utimes(join(dir, file), longAgo, longAgo);
    expect(await store.load(used)).toEqual(snapshot);

    await store.prune();

    expect(await readdir(dir)).toEqual([`${catalogFingerprint(used)}.json`]);
    expect(await store.load(forgotten)).toBeUndefined();
  });
});
