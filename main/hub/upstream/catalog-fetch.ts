import { specTypeSchemas, type Client } from '@modelcontextprotocol/client';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogLists } from '../../../shared/status.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../../../shared/errors.js';

/** One upstream server's lists, with the SDK's types for their items. */
export type UpstreamCatalog = CatalogLists<Tool, Resource, ResourceTemplate, Prompt>;

/** The kinds a server announces changes of; `resources` covers the templates too (one notification for both). */
export type CatalogKind = 'tools' | 'resources' | 'prompts';

export const EMPTY_CATALOG: UpstreamCatalog = { tools: [], resources: [], resourceTemplates: [], prompts: [] };

/** How long a list may be cached, and by whom (2026-07-28); a server of the 2025 era says nothing. */
export interface CacheHint {
  ttlMs: number;
  cacheScope: 'public' | 'private';
}

/** The cache hint of each list of a server, as its last reading of that list said; none: no hint. */
export type CatalogHints = Partial<Record<keyof UpstreamCatalog, CacheHint>>;

export interface ListOptions {
  /** For each page. */
  timeoutMs: number;
  log: Logger;
  /** Where each list's cache hint is written as it is read. */
  hints: CatalogHints;
}

type ListMethod = 'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list';

/** Every list the server's capabilities say it has. */
export async function fetchCatalog(client: Client, options: ListOptions): Promise<UpstreamCatalog> {
  const caps = client.getServerCapabilities() ?? {};
  const [tools, resources, resourceTemplates, prompts] = await Promise.all([
    caps.tools ? listAll<Tool>(client, 'tools/list', 'tools', options) : [],
    caps.resources ? listAll<Resource>(client, 'resources/list', 'resources', options) : [],
    caps.resources ? listAll<ResourceTemplate>(client, 'resources/templates/list', 'resourceTemplates', options) : [],
    caps.prompts ? listAll<Prompt>(client, 'prompts/list', 'prompts', options) : [],
  ]);
  return { tools, resources, resourceTemplates, prompts };
}

/** `catalog` with the lists of `kind` read again, after the server said they changed. */
export async function refetchKind(client: Client, catalog: UpstreamCatalog, kind: CatalogKind, options: ListOptions): Promise<UpstreamCatalog> {
  const next = { ...catalog };
  if (kind === 'tools') next.tools = await listAll(client, 'tools/list', 'tools', options);
  if (kind === 'prompts') next.prompts = await listAll(client, 'prompts/list', 'prompts', options);
  if (kind === 'resources') {
    next.resources = await listAll(client, 'resources/list', 'resources', options);
    next.resourceTemplates = await listAll(client, 'resources/templates/list', 'resourceTemplates', options);
  }
  return next;
}

/** Follows `nextCursor` to the end; a list the server cannot give is logged and left empty. */
async function listAll<T>(client: Client, method: ListMethod, key: keyof UpstreamCatalog, options: ListOptions): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  let hint: CacheHint | undefined;
  let hinted = true;
  delete options.hints[key];
  try {
    do {
      const page = await client.request({ method, params: cursor === undefined ? {} : { cursor } }, specTypeSchemas.Result, { timeout: options.timeoutMs });
      // The whole list is as cacheable as its least cacheable page.
      const { ttlMs, cacheScope } = page as { ttlMs?: unknown; cacheScope?: unknown };
      if (typeof ttlMs !== 'number' || (cacheScope !== 'public' && cacheScope !== 'private')) hinted = false;
      else hint = { ttlMs: Math.min(ttlMs, hint?.ttlMs ?? ttlMs), cacheScope: hint?.cacheScope === 'private' ? 'private' : cacheScope };
      const list = page[key];
      if (Array.isArray(list)) items.push(...(list as T[]));
      const next = page['nextCursor'];
      cursor = typeof next === 'string' && !seen.has(next) ? next : undefined;
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
    if (hinted && hint) options.hints[key] = hint;
  } catch (error) {
    options.log.warn({ err: errorMessage(error) }, `${method} failed`);
  }
  return items;
}
