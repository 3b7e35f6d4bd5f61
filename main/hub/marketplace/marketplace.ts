import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DiskCache, type CacheRead, type CacheResult } from './cache.js';
import { mergeByName, queryEntries, toMarketplaceEntry, type MarketplaceEntry, type MarketplaceQuery } from './entry.js';
import {
  RegistryClient,
  RegistryError,
  resolveRegistryUrls,
  type FetchLike,
  type RegistryClientOptions,
} from './registry-client.js';
import { officialMeta, ServerResponseSchema, type ServerResponse } from '../../../shared/registry-schema.js';
import { loadSnapshot, SNAPSHOT_REGISTRY } from './snapshot.js';
import { errorMessage } from '../../../shared/errors.js';

export type { MarketplaceEntry, MarketplaceQuery } from './entry.js';

export interface MarketplaceOptions {
  /** Registry base URLs in priority order (see resolveRegistryUrls); default: the default registry only. */
  registries?: string[];
  /** Where the per-registry cache files go (e.g. `<XDG_DATA_HOME>/mcp-hub/cache`). */
  cacheDir: string;
  /** How long a fetched catalog is served without asking the registry again. Default 1 h, as in v4. */
  ttlMs?: number;
  fetch?: FetchLike;
  /** Timeouts, retries and paging of each registry request. */
  client?: Omit<RegistryClientOptions, 'baseUrl' | 'fetch'>;
  /**
   * Refreshes within this time of the last full read only ask for what changed (`updated_since`);
   * after it the whole catalog is read again, which also drops entries removed without a status.
   * Default 24 h.
   */
  fullSyncMs?: number;
  now?: () => number;
  /**
   * After a registry failed, it is not asked again for this long (unless a refresh is forced):
   * offline, each search would otherwise wait for timeouts and retries. Default 1 min.
   */
  failureBackoffMs?: number;
  /**
   * A forced refresh this soon after the last one is an ordinary read: mcp-hub v4 clients force
   * one with a GET, which any page could make a browser send over and over. Default 10 s.
   */
  forcedRefreshIntervalMs?: number;
  /** Replaces the bundled snapshot (tests). */
  snapshot?: ServerResponse[];
}

export interface MarketplaceError {
  registry: string;
  message: string;
}

export interface MarketplaceList {
  servers: MarketplaceEntry[];
  /** `registry`: fetched just now; `cache`: from the on-disk cache; `snapshot`: the bundled reference servers. */
  source: 'registry' | 'cache' | 'snapshot';
  /** Older than the TTL (a refresh failed), or the snapshot. */
  stale: boolean;
  /** When the oldest part of the data was fetched; `null` for the snapshot. */
  fetchedAt: string | null;
  ageMs: number | null;
  /** Registries that could not be read this time, with why. Empty when all went well. */
  errors: MarketplaceError[];
  /** A registry had more pages than the client reads: search may miss entries (details still finds them). */
  truncated: boolean;
}

/** What is cached per registry. */
const CatalogSchema = z.object({
  servers: z.array(ServerResponseSchema),
  truncated: z.boolean(),
  /** When the catalog was last read in full (incremental refreshes keep it). */
  fullSyncAt: z.string(),
});
type RegistryCatalog = z.output<typeof CatalogSchema>;

interface Catalog {
  entries: MarketplaceEntry[];
  source: MarketplaceList['source'];
  stale: boolean;
  fetchedAt: string | null;
  ageMs: number | null;
  errors: MarketplaceError[];
  truncated: boolean;
  /** Every registry answered or was cached, none truncated: an id not in `entries` does not exist. */
  complete: boolean;
}

const HOUR = 3_600_000;
/** `updated_since` is compared with the registry's clock; this margin covers skew between the two. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Bumped when CatalogSchema changes, so old cache files are ignored rather than misread. */
const CACHE_VERSION = 1;

function cacheFileName(registry: string): string {
  return `marketplace-${createHash('sha256').update(registry).digest('hex').slice(0, 16)}.json`;
}

function isDeleted(response: ServerResponse): boolean {
  return officialMeta(response)?.status === 'deleted';
}


/**
 * The marketplace over one or more MCP registries. Reads are served from a per-registry cache
 * while it is fresh; a failed refresh serves the stale cache; with no cache at all, the bundled
 * snapshot. `list` and `details` therefore never fail because the network does.
 */
export class Marketplace {
  readonly registries: readonly string[];
  private readonly clients = new Map<string, RegistryClient>();
  private readonly caches = new Map<string, DiskCache<RegistryCatalog>>();
  private readonly now: () => number;
  private readonly fullSyncMs: number;
  private readonly snapshot: ServerResponse[] | undefined;
  private readonly failureBackoffMs: number;
  private readonly forcedRefreshIntervalMs: number;
  private lastForcedAt = -Infinity;
  /** Per registry: the last refresh error and until when it stands in for a new attempt. */
  private readonly failures = new Map<string, { error: unknown; until: number }>();
  private pending: { catalog: Promise<Catalog>; force: boolean } | undefined;
  /** The last merged entry list and the cached values it was built from, to skip rebuilding it. */
  private built: { from: RegistryCatalog[]; entries: MarketplaceEntry[] } | undefined;

  constructor(options: MarketplaceOptions) {
    this.registries = options.registries ?? resolveRegistryUrls();
    this.now = options.now ?? Date.now;
    this.fullSyncMs = options.fullSyncMs ?? 24 * HOUR;
    this.snapshot = options.snapshot;
    this.failureBackoffMs = options.failureBackoffMs ?? 60_000;
    this.forcedRefreshIntervalMs = options.forcedRefreshIntervalMs ?? 10_000;
    for (const registry of this.registries) {
      const client = new RegistryClient({ ...options.client, baseUrl: registry, ...(options.fetch ? { fetch: options.fetch } : {}) });
      this.clients.set(registry, client);
      this.caches.set(
        registry,
        new DiskCache({
          dir: options.cacheDir,
          file: cacheFileName(client.baseUrl),
          ttlMs: options.ttlMs ?? HOUR,
          schema: CatalogSchema,
          version: CACHE_VERSION,
          now: this.now,
        }),
      );
    }
  }

  /** mcp-hub v4's `GET /api/marketplace`, plus where the data came from. `refresh` skips the TTL. */
  async list(query: MarketplaceQuery = {}, options: { refresh?: boolean } = {}): Promise<MarketplaceList> {
    const catalog = await this.catalog(options.refresh ?? false);
    return {
      servers: queryEntries(catalog.entries, query),
      source: catalog.source,
      stale: catalog.stale,
      fetchedAt: catalog.fetchedAt,
      ageMs: catalog.ageMs,
      errors: catalog.errors,
      truncated: catalog.truncated,
    };
  }

  /**
   * One entry by id (its registry name), or `undefined`. An id beyond a truncated catalog is asked
   * of the registries directly (`GET /v0.1/servers/{name}/versions/latest`).
   */
  async details(id: string): Promise<MarketplaceEntry | undefined> {
    const catalog = await this.catalog(false);
    const lower = id.toLowerCase();
    const found = catalog.entries.find((entry) => entry.id === id) ?? catalog.entries.find((entry) => entry.id.toLowerCase() === lower);
    if (found || catalog.complete || catalog.source === 'snapshot') return found;
    for (const registry of this.registries) {
      // A registry that just failed would only make the caller wait for its timeouts again.
      const failure = this.failures.get(registry);
      if (failure && this.now() < failure.until) continue;
      try {
        const response = await this.client(registry).getServer(id);
        if (response && !isDeleted(response)) return toMarketplaceEntry(response, registry);
      } catch {
        // That registry is unreachable: the next may know the server.
      }
    }
    return undefined;
  }

  /**
   * Every published version of an entry, newest first, from the registry the entry came from.
   * Needs the network: throws a RegistryError when the registry cannot be read.
   */
  async versions(id: string, options: { signal?: AbortSignal } = {}): Promise<MarketplaceEntry[] | undefined> {
    const entry = await this.details(id);
    if (!entry) return undefined;
    const registry = this.clients.has(entry.registry) ? entry.registry : this.registries[0];
    if (registry === undefined) return undefined;
    // A registry that just failed would only make the caller wait for its timeouts again.
    const failure = this.failures.get(registry);
    if (failure && this.now() < failure.until) throw failure.error;
    const versions = await this.client(registry).listVersions(entry.id, options.signal);
    return versions?.map((response) => toMarketplaceEntry(response, registry));
  }

  private client(registry: string): RegistryClient {
    const client = this.clients.get(registry);
    if (!client) throw new RegistryError('config', registry, `unknown registry ${registry}`);
    return client;
  }

  private catalog(asked: boolean): Promise<Catalog> {
    const force = asked && this.now() - this.lastForcedAt >= this.forcedRefreshIntervalMs;
    if (force) this.lastForcedAt = this.now();
    // Concurrent requests (search as you type) share one refresh instead of each starting their own.
    const running = this.pending;
    if (running && (running.force || !force)) return running.catalog;
    // A forced refresh must not be answered by an ordinary read already under way: it follows it.
    const catalog: Promise<Catalog> = (running ? running.catalog.then(() => undefined, () => undefined) : Promise.resolve())
      .then(() => this.load(force))
      .finally(() => {
        if (this.pending?.catalog === catalog) this.pending = undefined;
      });
    this.pending = { catalog, force };
    return catalog;
  }

  private async load(force: boolean): Promise<Catalog> {
    const parts = await Promise.all(
      this.registries.map(async (registry) => {
        const cache = this.caches.get(registry);
        if (!cache) return { registry, error: new Error(`no cache for ${registry}`) };
        try {
          const result = await cache.get((previous) => this.refreshCatalog(registry, previous, force), { force });
          return { registry, result };
        } catch (error) {
          return { registry, error };
        }
      }),
    );
    const errors: MarketplaceError[] = [];
    const results: { registry: string; result: CacheResult<RegistryCatalog> }[] = [];
    for (const part of parts) {
      if ('result' in part && part.result) {
        results.push({ registry: part.registry, result: part.result });
        if (part.result.error) errors.push({ registry: part.registry, message: errorMessage(part.result.error) });
      } else if ('error' in part) {
        errors.push({ registry: part.registry, message: errorMessage(part.error) });
      }
    }
    if (results.length === 0) {
      const snapshot = this.snapshot ?? loadSnapshot();
      return {
        entries: snapshot.filter((response) => !isDeleted(response)).map((response) => toMarketplaceEntry(response, SNAPSHOT_REGISTRY)),
        source: 'snapshot',
        stale: true,
        fetchedAt: null,
        ageMs: null,
        errors,
        truncated: false,
        complete: false,
      };
    }
    const truncated = results.some(({ result }) => result.value.truncated);
    const oldest = results.reduce((a, b) => (Date.parse(a.result.fetchedAt) <= Date.parse(b.result.fetchedAt) ? a : b)).result;
    return {
      entries: this.entries(results),
      source: results.every(({ result }) => result.source === 'fetched') ? 'registry' : 'cache',
      stale: results.some(({ result }) => result.stale),
      fetchedAt: oldest.fetchedAt,
      ageMs: Math.max(...results.map(({ result }) => result.ageMs)),
      errors,
      truncated,
      complete: !truncated && results.length === this.registries.length,
    };
  }

  private entries(results: { registry: string; result: CacheResult<RegistryCatalog> }[]): MarketplaceEntry[] {
    const from = results.map(({ result }) => result.value);
    if (this.built && this.built.from.length === from.length && this.built.from.every((value, i) => value === from[i])) {
      return this.built.entries;
    }
    const entries = mergeByName(
      results.map(({ registry, result }) =>
        result.value.servers.filter((response) => !isDeleted(response)).map((response) => toMarketplaceEntry(response, registry)),
      ),
    );
    this.built = { from, entries };
    return entries;
  }

  private async refreshCatalog(registry: string, previous: CacheRead<RegistryCatalog> | undefined, force: boolean): Promise<RegistryCatalog> {
    const failure = this.failures.get(registry);
    if (failure && !force && this.now() < failure.until) throw failure.error;
    try {
      const catalog = await this.fetchCatalog(registry, previous);
      this.failures.delete(registry);
      return catalog;
    } catch (error) {
      this.failures.set(registry, { error, until: this.now() + this.failureBackoffMs });
      throw error;
    }
  }

  /** A full read of the registry's latest versions, or only what changed since the last read. */
  private async fetchCatalog(registry: string, previous: CacheRead<RegistryCatalog> | undefined): Promise<RegistryCatalog> {
    const client = this.client(registry);
    const now = this.now();
    const incremental =
      previous !== undefined && !previous.value.truncated && now - Date.parse(previous.value.fullSyncAt) < this.fullSyncMs;
    if (previous !== undefined && incremental) {
      const since = new Date(Date.parse(previous.fetchedAt) - CLOCK_SKEW_MS).toISOString();
      const changes = await client.listAll({ version: 'latest', updatedSince: since });
      const byName = new Map(previous.value.servers.map((response) => [response.server.name, response]));
      for (const change of changes.servers) {
        // With updated_since the official registry also returns deleted entries: that is how removals arrive.
        if (isDeleted(change)) byName.delete(change.server.name);
        else if (officialMeta(change)?.isLatest !== false) byName.set(change.server.name, change);
      }
      // A truncated change list may have missed some: the next refresh reads everything again.
      return { servers: [...byName.values()], truncated: changes.truncated, fullSyncAt: previous.value.fullSyncAt };
    }
    const all = await client.listAll({ version: 'latest' });
    return {
      servers: all.servers.filter((response) => !isDeleted(response)),
      truncated: all.truncated,
      fullSyncAt: new Date(now).toISOString(),
    };
  }
}
