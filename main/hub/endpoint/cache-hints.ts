import type { CatalogView } from '../catalog/catalog.js';
import type { CacheHint, UpstreamCatalog } from '../upstream/catalog-fetch.js';

/** What a list the hub cannot vouch for says: not cacheable, and not to be shared. */
const UNCACHEABLE: CacheHint = { ttlMs: 0, cacheScope: 'private' };

/**
 * The cache hint of a list a view answers with (2026-07-28 requires one): as cacheable as its
 * least cacheable server, for no longer than the shortest of their times; a server that gave no
 * hint (the 2025 era) or is not connected makes the list uncacheable.
 */
export function viewHint(view: CatalogView, key: keyof UpstreamCatalog): CacheHint {
  if (view.servers.length === 0) return UNCACHEABLE;
  let ttlMs = Number.POSITIVE_INFINITY;
  let cacheScope: CacheHint['cacheScope'] = 'public';
  for (const server of view.servers) {
    const hint = server.status === 'connected' ? server.cacheHints[key] : undefined;
    if (!hint) return UNCACHEABLE;
    ttlMs = Math.min(ttlMs, hint.ttlMs);
    if (hint.cacheScope === 'private') cacheScope = 'private';
  }
  return { ttlMs, cacheScope };
}
