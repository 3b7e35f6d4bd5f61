import { z } from 'zod';
import { NewServerNameSchema } from './config.js';
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

/** A configured server that runs a marketplace entry's package or remote (read from its config entry). */
export const InstalledServerSchema = z.object({
  /** The server's name in the config. */
  server: z.string(),
  /** The version its config runs; `null` when it names none (e.g. `npx -y pkg`, which runs whatever is newest). */
  version: z.string().nullable(),
  /** The same package's version in the entry (the registry's latest); `null` for a remote or a package without one. */
  latestVersion: z.string().nullable(),
  /** `latestVersion` is newer than `version`. */
  updateAvailable: z.boolean(),
});

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
  /** The configured servers that run this entry; absent when none does. */
  installed: z.array(InstalledServerSchema).optional(),
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

/** One value the install dialog asks for; `key` is its key in the install operation's `values`. */
export const InstallInputSchema = z.object({
  key: z.string(),
  kind: z.enum(['environment', 'header', 'argument', 'variable']),
  description: z.string().optional(),
  isRequired: z.boolean(),
  isSecret: z.boolean(),
  /** `string`, `number`, `boolean`, `filepath` (or a newer one). */
  format: z.string(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

/** The runtime a package needs, looked up on this hub's PATH. */
export const RuntimeCheckSchema = z.object({
  runtime: z.enum(['node', 'uv', 'docker']),
  /** The executable looked for (`npx`, `uvx`, `docker`). */
  command: z.string(),
  /** Where it was found; `null` when it was not. */
  path: z.string().nullable(),
  /** What to install when it is missing. */
  message: z.string().optional(),
});

/** One way to install an entry: one of its packages or remotes, as the install operation's `package` / `remote` index. */
export const InstallOptionSchema = z.object({
  kind: z.enum(['package', 'remote']),
  index: z.number().int().nonnegative(),
  /** `stdio`, `streamable-http` or `sse`. */
  transport: z.string(),
  inputs: z.array(InstallInputSchema),
  /** `null` for remotes and for commands the hub does not check. */
  runtime: RuntimeCheckSchema.nullable(),
  /** Why the hub cannot install this one (an MCP bundle, a package that runs its own HTTP server…); `null` when it can. */
  unsupported: z.string().nullable(),
});

export const MarketplaceVersionSchema = z.object({
  version: z.string(),
  publishedAt: z.string().nullable(),
  isLatest: z.boolean().nullable(),
  status: z.string(),
});

export const MarketplaceDetailsOutputSchema = z.object({
  server: z.object({
    server: MarketplaceEntrySchema,
    /** v4 fetched README.md from GitHub; the registry has no README, so this is always null. */
    readmeContent: z.null(),
    /** Every published version, newest first; `null` when the registry could not be asked (offline, snapshot). */
    versions: z.array(MarketplaceVersionSchema).nullable().optional(),
    /** Its packages, then its remotes, with what each needs. */
    install: z.array(InstallOptionSchema).optional(),
  }),
});

export const MarketplaceInstallInputSchema = z.object({
  mcpId: z.string({ error: 'mcpId is required' }).min(1, { error: 'mcpId is required' }),
  /** The name of the new server in the config. */
  server_name: NewServerNameSchema,
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

export type MarketplaceEntry = z.output<typeof MarketplaceEntrySchema>;
export type InstalledServer = z.output<typeof InstalledServerSchema>;
export type InstallInput = z.output<typeof InstallInputSchema>;
export type InstallOption = z.output<typeof InstallOptionSchema>;
export type RuntimeCheck = z.output<typeof RuntimeCheckSchema>;
export type MarketplaceVersion = z.output<typeof MarketplaceVersionSchema>;
