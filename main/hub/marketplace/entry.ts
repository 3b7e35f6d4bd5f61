import { isRecord } from '../../../shared/is-record.js';
import type { z } from 'zod';
import type { InstalledServer, MarketplaceEntrySchema } from '../../../shared/marketplace.js';
import {
  officialMeta,
  type RegistryIcon,
  type RegistryPackage,
  type RegistryRemote,
  type RegistryRepository,
  type ServerResponse,
} from '../../../shared/registry-schema.js';

/** mcp-hub v4's transport names (`transports[]` of its registry entries). */
export type MarketplaceTransport = 'stdio' | 'sse' | 'streamable-http';

/**
 * One marketplace entry: mcp-hub v4's fields where the official registry gives them a meaning,
 * plus the registry's own fields. v4 clients (mcphub.nvim) read `id`, `name`, `description`,
 * `author`, `url`, `category`, `tags`, `stars`; new clients use `packages` / `remotes` to install.
 */
export interface MarketplaceEntry {
  /** The registry name (`io.github.owner/server`), unique per registry. */
  id: string;
  /** `title` when the publisher gave one, else the part of the name after the slash. */
  name: string;
  description: string;
  /** The repository owner (GitHub/GitLab), else the name's namespace. */
  author: string;
  /** The repository URL, else the website, else `""` (v4 always had a string here). */
  url: string;
  /** The official registry has no categories: `null` unless the publisher's `_meta` gives one. */
  category: string | null;
  /** Likewise: usually empty. */
  tags: string[];
  transports: MarketplaceTransport[];
  /** When the registry last updated the entry (`_meta…official.updatedAt`, else `publishedAt`). */
  updatedAt: string | null;
  publishedAt: string | null;
  /** The official registry has no stars; kept for v4's `sort=stars`. */
  stars: null;

  version: string;
  /** `active`, `deprecated` or `deleted` (only `active` assumed when the registry says nothing). */
  status: string;
  statusMessage: string | null;
  isLatest: boolean | null;
  title: string | null;
  packages: RegistryPackage[];
  remotes: RegistryRemote[];
  repository: RegistryRepository | null;
  websiteUrl: string | null;
  icons: RegistryIcon[];
  /** Base URL of the registry the entry came from. */
  registry: string;
  /** The configured servers that run this entry (installed.ts); absent when none does. */
  installed?: InstalledServer[];
}

export interface MarketplaceQuery {
  /** v4: case-insensitive substring of name, description or tags (the name with and without title). */
  search?: string;
  /** v4: exact match. */
  category?: string;
  /** v4: every tag must be present, exact match. */
  tags?: string[];
  /** v4: `newest` (default) by update time, `name`, or `stars` (unknown here: order kept). */
  sort?: 'newest' | 'stars' | 'name';
  /** Only entries offering this transport. */
  transport?: string;
  /** Only entries with a package of this registry type (`npm`, `pypi`, `oci`, …), or `remote`. */
  registryType?: string;
  /** Only entries with this status. */
  status?: string;
}

const PUBLISHER_META_KEY = 'io.modelcontextprotocol.registry/publisher-provided';

/** `category` / `tags` as a publisher may put them in `_meta` (the OpenAPI's publish example does). */
function publisherHints(meta: Record<string, unknown> | undefined): { category: string | null; tags: string[] } {
  const provided = meta?.[PUBLISHER_META_KEY];
  if (!isRecord(provided)) return { category: null, tags: [] };
  const rawCategory = provided['category'];
  const category =
    typeof rawCategory === 'string'
      ? rawCategory
      : Array.isArray(rawCategory) && typeof rawCategory[0] === 'string'
        ? rawCategory[0]
        : null;
  const rawTags = provided['tags'];
  const tags = Array.isArray(rawTags) ? rawTags.filter((tag): tag is string => typeof tag === 'string') : [];
  return { category, tags };
}

function authorOf(name: string, repository: RegistryRepository | undefined): string {
  if (repository) {
    try {
      const url = new URL(repository.url);
      const owner = url.pathname.split('/').find((part) => part !== '');
      if (owner) return owner;
    } catch {
      // Not a URL: fall back to the namespace.
    }
  }
  const namespace = name.split('/')[0] ?? name;
  // io.github.<owner> namespaces are GitHub-authenticated: the owner is the author.
  const github = /^io\.github\.(.+)$/i.exec(namespace);
  return github?.[1] ?? namespace;
}

function transportsOf(packages: RegistryPackage[], remotes: RegistryRemote[]): MarketplaceTransport[] {
  const found = new Set<MarketplaceTransport>();
  for (const type of [...packages.map((p) => p.transport?.type ?? 'stdio'), ...remotes.map((r) => r.type)]) {
    if (type === 'stdio' || type === 'sse' || type === 'streamable-http') found.add(type);
  }
  return [...found];
}

export function toMarketplaceEntry(response: ServerResponse, registry: string): MarketplaceEntry {
  const server = response.server;
  const meta = officialMeta(response);
  const packages = server.packages ?? [];
  const remotes = server.remotes ?? [];
  const hints = publisherHints(server._meta);
  const shortName = server.name.includes('/') ? server.name.slice(server.name.indexOf('/') + 1) : server.name;
  return {
    id: server.name,
    name: server.title ?? shortName,
    description: server.description,
    author: authorOf(server.name, server.repository),
    url: server.repository?.url ?? server.websiteUrl ?? '',
    category: hints.category,
    tags: hints.tags,
    transports: transportsOf(packages, remotes),
    updatedAt: meta?.updatedAt ?? meta?.publishedAt ?? null,
    publishedAt: meta?.publishedAt ?? null,
    stars: null,
    version: server.version,
    status: meta?.status ?? 'active',
    statusMessage: meta?.statusMessage ?? null,
    isLatest: meta?.isLatest ?? null,
    title: server.title ?? null,
    packages,
    remotes,
    repository: server.repository ?? null,
    websiteUrl: server.websiteUrl ?? null,
    icons: server.icons ?? [],
    registry,
  };
}

/** Entries of several registries, the earlier registry winning a name both have. */
export function mergeByName(lists: MarketplaceEntry[][]): MarketplaceEntry[] {
  const seen = new Set<string>();
  const merged: MarketplaceEntry[] = [];
  for (const list of lists) {
    for (const entry of list) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      merged.push(entry);
    }
  }
  return merged;
}

function timeOf(entry: MarketplaceEntry): number {
  const time = entry.updatedAt === null ? Number.NaN : Date.parse(entry.updatedAt);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/** mcp-hub v4's `/api/marketplace` filters and sorts, on a copy (v4 sorted its cache in place). */
export function queryEntries(entries: readonly MarketplaceEntry[], query: MarketplaceQuery = {}): MarketplaceEntry[] {
  const search = query.search?.trim().toLowerCase();
  const tags = (query.tags ?? []).filter((tag) => tag !== '');
  const result = entries.filter((entry) => {
    if (search) {
      // Not the whole id: its namespace (`io.github.…`) would make "git" match every GitHub-published server.
      const haystack = [entry.name, entry.id.slice(entry.id.indexOf('/') + 1), entry.description, ...entry.tags];
      if (!haystack.some((text) => text.toLowerCase().includes(search))) return false;
    }
    if (query.category && entry.category !== query.category) return false;
    if (!tags.every((tag) => entry.tags.includes(tag))) return false;
    if (query.transport && !entry.transports.includes(query.transport as MarketplaceTransport)) return false;
    if (query.registryType) {
      const types = [...entry.packages.map((p) => p.registryType), ...(entry.remotes.length > 0 ? ['remote'] : [])];
      if (!types.includes(query.registryType)) return false;
    }
    if (query.status && entry.status !== query.status) return false;
    return true;
  });
  switch (query.sort ?? 'newest') {
    case 'name':
      return result.sort(
        (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id, 'en'),
      );
    case 'stars':
      // No stars in the registry: every entry ties, and a stable sort keeps the registry's order.
      return result;
    default:
      return result.sort((a, b) => timeOf(b) - timeOf(a));
  }
}

// The schema (shared with the UI) and this interface describe the same object; this fails to compile when they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const entryShapeMatches: Same<z.output<typeof MarketplaceEntrySchema>, MarketplaceEntry> = true;
void entryShapeMatches;
