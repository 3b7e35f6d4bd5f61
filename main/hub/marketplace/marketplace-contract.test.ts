import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRegistry, type TestRegistry } from '../../../test/fixtures/registry/server.js';
import { removeDir, tempDir } from '../../../test/helpers.js';
import { MarketplaceDetailsInputSchema, MarketplaceDetailsOutputSchema, MarketplaceListInputSchema, MarketplaceListOutputSchema } from '../../../shared/marketplace.js';
import { Marketplace } from './marketplace.js';

let registry: TestRegistry;
let cacheDir: string;

beforeEach(async () => {
  registry = await startTestRegistry();
  cacheDir = await tempDir('mcp-hub-contract-');
});

afterEach(async () => {
  await registry.close();
  await removeDir(cacheDir);
});

describe('marketplace contract', () => {
  it('reads v4 query strings', () => {
    expect(MarketplaceListInputSchema.parse({ search: 'db', category: 'database', tags: 'sql, postgres,', sort: 'name' })).toEqual({
      search: 'db',
      category: 'database',
      tags: ['sql', 'postgres'],
      sort: 'name',
    });
    expect(MarketplaceListInputSchema.parse({ tags: ['a', 'b'], sort: 'popular', refresh: 'true' })).toEqual({
      tags: ['a', 'b'],
      sort: undefined,
      refresh: true,
    });
    expect(MarketplaceDetailsInputSchema.safeParse({}).error?.issues[0]?.message).toBe('mcpId is required');
    expect(MarketplaceDetailsInputSchema.safeParse({ mcpId: '' }).error?.issues[0]?.message).toBe('mcpId is required');
  });

  it('describes what the marketplace returns, online and from the snapshot', async () => {
    const online = new Marketplace({ registries: [registry.url], cacheDir, client: { retries: 0 } });
    const list = await online.list();
    expect(MarketplaceListOutputSchema.safeParse(list).error).toBeUndefined();
    const entry = await online.details('com.example/notes');
    expect(MarketplaceDetailsOutputSchema.safeParse({ server: { server: entry, readmeContent: null } }).error).toBeUndefined();

    await registry.close();
    const offline = new Marketplace({ registries: [registry.url], cacheDir: `${cacheDir}/empty`, client: { retries: 0 } });
    const snapshot = await offline.list();
    expect(snapshot.source).toBe('snapshot');
    expect(MarketplaceListOutputSchema.safeParse(snapshot).error).toBeUndefined();
    registry = await startTestRegistry();
  });
});
