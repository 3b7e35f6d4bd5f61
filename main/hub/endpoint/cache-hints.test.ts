import { describe, expect, it } from 'vitest';
import type { CatalogView } from '../catalog/catalog.js';
import type { CatalogHints } from '../upstream/catalog-fetch.js';
import { viewHint } from './cache-hints.js';

/** A view of servers that said these hints (plain objects: only `servers` is read). */
const viewOf = (...servers: { status: string; cacheHints: CatalogHints }[]) => ({ servers }) as unknown as CatalogView;
const modern = (ttlMs: number, cacheScope: 'public' | 'private') => ({ status: 'connected', cacheHints: { tools: { ttlMs, cacheScope } } });

describe('viewHint', () => {
  it('takes the shortest time, and private if any server is', () => {
    expect(viewHint(viewOf(modern(60_000, 'public'), modern(5_000, 'public')), 'tools')).toEqual({ ttlMs: 5_000, cacheScope: 'public' });
    expect(viewHint(viewOf(modern(60_000, 'public'), modern(90_000, 'private')), 'tools')).toEqual({ ttlMs: 60_000, cacheScope: 'private' });
  });

  it('makes a list with a server that gave no hint, or is not connected, or of no server, uncacheable', () => {
    const uncacheable = { ttlMs: 0, cacheScope: 'private' };
    expect(viewHint(viewOf(modern(60_000, 'public'), { status: 'connected', cacheHints: {} }), 'tools')).toEqual(uncacheable);
    expect(viewHint(viewOf(modern(60_000, 'public'), { ...modern(60_000, 'public'), status: 'sleeping' }), 'tools')).toEqual(uncacheable);
    expect(viewHint(viewOf(modern(60_000, 'public')), 'prompts')).toEqual(uncacheable);
    expect(viewHint(viewOf(), 'tools')).toEqual(uncacheable);
  });
});
