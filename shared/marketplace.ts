import { z } from 'zod';
import { operation } from './operation.js';
import { queryBoolean } from './query.js';
import { ServerInfoSchema } from './status.js';
import { IconSchema, PackageSchema, RemoteSchema, RepositorySchema } from './registry-schema.js';

/**
 * The marketplace operations in the shape of shared/contract.ts's `operations` table (summary,
 * http binding, input and output schemas), ready to be spread into it. zod only, like the rest of
 * the contract, so the browser UI can use the same schemas.
 *
 * mcp-hub v4 (reference §1 and §6): `GET /api/marketplace?search=&category=&tags=a,b&sort=` →
 * `{servers, timestamp}`; `POST /api/marketplace/details {mcpId}` → `{server: {server: <entry>,
 * readmeContent}, timestamp}` (nested), 400 when `mcpId` is missing or unknown.
 */

export const MarketplaceEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  author: z.string(),
  url: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  transports: z.array(z.enum(['stdio', 'sse', 'streamable-http'])),
  updatedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  stars: z.null(),
  version: z.string(),
  status: z.string(),
  statusMessage: z.string().nullable(),
  isLatest: z.boolean().nullable(),
  title: z.string().nullable(),
  packages: z.array(PackageSchema),
  remotes: z.array(RemoteSchema),
  repository: RepositorySchema.nullable(),
  websiteUrl: z.string().nullable(),
  icons: z.array(IconSchema),
  registry: z.string(),
});

/** Query strings carry a list as `a,b` (v4) or as a repeated key. */
const tagList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((tag) => tag.trim()).filter((tag) => tag !== ''));

export const MarketplaceListInputSchema = z.object({
  search: z.string().optional(),
  category: z.string().optional(),
  tags: tagList.optional(),
  // v4 treated an unknown sort as the default; so does this.
  sort: z.enum(['newest', 'stars', 'name']).optional().catch(undefined),
  transport: z.string().optional(),
  registryType: z.string().optional(),
  status: z.string().optional(),
  /** Skip the cache TTL and ask the registries now. */
  refresh: queryBoolean.optional(),
});

export const MarketplaceListOutputSchema = z.object({
  servers: z.array(MarketplaceEntrySchema),
  source: z.enum(['registry', 'cache', 'snapshot']),
  stale: z.boolean(),
  fetchedAt: z.string().nullable(),
  ageMs: z.number().nullable(),
  errors: z.array(z.object({ registry: z.string(), message: z.string() })),
  truncated: z.boolean(),
});

export const MarketplaceDetailsInputSchema = z.object({
  mcpId: z.string({ error: 'mcpId is required' }).min(1, { error: 'mcpId is required' }),
});

export const MarketplaceDetailsOutputSchema = z.object({
  server: z.object({
    server: MarketplaceEntrySchema,
    /** v4 fetched README.md from GitHub; the registry has no README, so this is always null. */
    readmeContent: z.null(),
  }),
});

export const MarketplaceInstallInputSchema = z.object({
  mcpId: z.string({ error: 'mcpId is required' }).min(1, { error: 'mcpId is required' }),
  /** The name of the new server in the config. */
  server_name: z.string({ error: 'server_name is required' }).min(1, { error: 'server_name is required' }),
  /** Which of the entry's packages or remotes to use; the first package (else remote) by default. */
  package: z.number().int().nonnegative().optional(),
  remote: z.number().int().nonnegative().optional(),
  /** Values for the entry's declared inputs (environment variables, arguments, headers), by key. */
  values: z.record(z.string(), z.string()).default({}),
  config_file: z.string().min(1).optional(),
});

export const marketplaceOperations = {
  listMarketplace: operation({
    summary: 'Servers of the MCP registries (cached; stale cache or bundled snapshot when offline)',
    http: { method: 'GET', path: '/marketplace' },
    input: MarketplaceListInputSchema,
    output: MarketplaceListOutputSchema,
  }),
  installFromMarketplace: operation({
    summary: 'Add a marketplace server to a config file and start it; secret values go to the secret store, the config gets ${secret:…}',
    http: { method: 'POST', path: '/marketplace/install' },
    input: MarketplaceInstallInputSchema,
    output: z.object({ status: z.literal('ok'), server: ServerInfoSchema, notices: z.array(z.string()) }),
  }),
  marketplaceDetails: operation({
    summary: 'One marketplace entry by id (its registry name)',
    http: { method: 'POST', path: '/marketplace/details' },
    input: MarketplaceDetailsInputSchema,
    output: MarketplaceDetailsOutputSchema,
  }),
};
