import { z } from 'zod';

/**
 * The MCP Registry's wire format, as zod schemas.
 *
 * Sources (repository modelcontextprotocol/registry):
 * - docs/reference/api/openapi.yaml (API version "2025-12-01"): `ServerList`, `ServerResponse`,
 *   `ServerDetail`, `Package`, `Input`, `KeyValueInput`, `PositionalArgument`, `NamedArgument`,
 *   `StdioTransport` / `StreamableHttpTransport` / `SseTransport`, `RemoteTransport`, `Repository`, `Icon`.
 * - docs/reference/server-json/server.schema.json (2025-12-11) and docs/reference/server-json/CHANGELOG.md:
 *   since 2025-10-11 `Package.version` is optional (OCI puts the tag in `identifier`, MCPB uses a URL);
 *   since 2025-12-11 remotes may have URL template `variables`.
 * - docs/guides/consuming/use-rest-api.md: clients should "gracefully handle registries that meet the
 *   minimum spec, i.e. avoid hard dependencies on `_meta` fields".
 *
 * Every object is loose: the registry evolves (new fields appear in dated schema versions) and an
 * organisation's registry may add its own, so unknown keys are kept rather than rejected. Fields the
 * hub interprets are typed; a wrong type there is an error. `null` is accepted wherever a field is
 * optional (the OpenAPI says so for `nextCursor`; other implementations serialise absent fields the
 * same way) and normalised to `undefined`.
 */

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const str = optional(z.string());
const bool = optional(z.boolean());

/** `Input`: the description of one value the user may be asked for. */
const inputShape = {
  description: str,
  isRequired: bool,
  /** `string | number | boolean | filepath`; kept open because the enum may grow. */
  format: str,
  /** A fixed value (not user-configurable); `{name}` refers to `variables`. */
  value: str,
  isSecret: bool,
  default: str,
  placeholder: str,
  choices: optional(z.array(z.string())),
};

export const InputSchema = z.looseObject(inputShape);

const withVariablesShape = {
  ...inputShape,
  variables: optional(z.record(z.string(), InputSchema)),
};

/** `KeyValueInput`: an environment variable or an HTTP header. */
export const KeyValueInputSchema = z.looseObject({
  ...withVariablesShape,
  name: z.string().min(1),
});

/**
 * `Argument` = `PositionalArgument | NamedArgument`. `type` stays a plain string so that an argument
 * kind added later makes that one argument unusable (install reports it) instead of the whole entry.
 */
export const ArgumentSchema = z.looseObject({
  ...withVariablesShape,
  type: z.string(),
  /** Named arguments: the flag, dashes included (`--port`). */
  name: str,
  /** Positional arguments: a label for the value, not part of the command line. */
  valueHint: str,
  isRepeated: bool,
});

/** `LocalTransport` (stdio | streamable-http | sse); `url` only for the HTTP ones. */
export const PackageTransportSchema = z.looseObject({
  type: z.string(),
  url: str,
  headers: optional(z.array(KeyValueInputSchema)),
});

export const PackageSchema = z.looseObject({
  /** npm | pypi | oci | nuget | mcpb, and whatever comes next. */
  registryType: z.string().min(1),
  registryBaseUrl: str,
  identifier: z.string().min(1),
  version: str,
  fileSha256: str,
  runtimeHint: str,
  // Required since 2025-09-29; entries published before that have none and mean stdio.
  transport: optional(PackageTransportSchema),
  runtimeArguments: optional(z.array(ArgumentSchema)),
  packageArguments: optional(z.array(ArgumentSchema)),
  environmentVariables: optional(z.array(KeyValueInputSchema)),
});

/** `RemoteTransport`: a hosted server, streamable-http or sse, with URL template variables. */
export const RemoteSchema = z.looseObject({
  type: z.string(),
  url: z.string().min(1),
  headers: optional(z.array(KeyValueInputSchema)),
  variables: optional(z.record(z.string(), InputSchema)),
});

export const RepositorySchema = z.looseObject({
  url: z.string(),
  source: str,
  id: str,
  subfolder: str,
});

export const IconSchema = z.looseObject({
  src: z.string(),
  mimeType: str,
  sizes: optional(z.array(z.string())),
  theme: str,
});

/** `ServerDetail`: one server.json. `name`, `description` and `version` are required by the schema. */
export const ServerDetailSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string(),
  version: z.string(),
  title: str,
  repository: optional(RepositorySchema),
  websiteUrl: str,
  icons: optional(z.array(IconSchema)),
  packages: optional(z.array(PackageSchema)),
  remotes: optional(z.array(RemoteSchema)),
  _meta: optional(z.record(z.string(), z.unknown())),
});

export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';

/** Registry-managed metadata (`ServerResponse._meta["io.modelcontextprotocol.registry/official"]`). */
export const OfficialMetaSchema = z.looseObject({
  /** active | deprecated | deleted */
  status: str,
  statusMessage: str,
  statusChangedAt: str,
  publishedAt: str,
  updatedAt: str,
  isLatest: bool,
});

export const ServerResponseSchema = z.looseObject({
  server: ServerDetailSchema,
  _meta: optional(
    z.looseObject({
      [OFFICIAL_META_KEY]: optional(OfficialMetaSchema),
    }),
  ),
});

/**
 * `ServerList`. Items are checked one by one (see registry-client.ts), so here they are only
 * required to be an array: one malformed entry must not hide a whole page.
 */
export const ServerListSchema = z.looseObject({
  servers: z.array(z.unknown()),
  metadata: optional(
    z.looseObject({
      // "If null or empty, there are no more results."
      nextCursor: optional(z.string()),
      count: optional(z.number()),
    }),
  ),
});

export type RegistryInput = z.output<typeof InputSchema>;
export type RegistryKeyValueInput = z.output<typeof KeyValueInputSchema>;
export type RegistryArgument = z.output<typeof ArgumentSchema>;
export type RegistryPackage = z.output<typeof PackageSchema>;
export type RegistryRemote = z.output<typeof RemoteSchema>;
export type RegistryRepository = z.output<typeof RepositorySchema>;
export type RegistryIcon = z.output<typeof IconSchema>;
export type ServerDetail = z.output<typeof ServerDetailSchema>;
export type OfficialMeta = z.output<typeof OfficialMetaSchema>;
export type ServerResponse = z.output<typeof ServerResponseSchema>;


/** The registry's own metadata of an entry, or `undefined` when the registry sends none. */
export function officialMeta(response: ServerResponse): OfficialMeta | undefined {
  return response._meta?.[OFFICIAL_META_KEY];
}
