import { z } from 'zod';

/**
 * One server entry of an mcp-hub v4 config file (`mcpServers.<name>` or VS Code `servers.<name>`).
 *
 * Shared with the browser UI, so this file must only depend on zod. The error messages are
 * written for users: the loader prefixes them with `file:line:column: json.path: `.
 */

/** Longer names would not fit in a namespaced tool name (`<server>__<tool>`, 64 characters in all). */
export const MAX_SERVER_NAME_LENGTH = 64;

/**
 * A name the hub gives a server it writes (add, rename, import, install): readable in every client
 * and URL (`/mcp/<name>`), safe in file and secret names, and unambiguous once namespaced.
 */
export const NewServerNameSchema = z
  .string({ error: 'the server name must be a string' })
  .min(1, { error: 'the server name is required' })
  .max(MAX_SERVER_NAME_LENGTH, { error: `the server name must be at most ${MAX_SERVER_NAME_LENGTH} characters` })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._@+-]*$/u, {
    error: "the server name must start with a letter or digit and hold only letters, digits, '.', '_', '-', '@' and '+'",
  })
  .refine((name) => !name.includes('__'), { error: "the server name must not contain '__', which separates a server's name from its tools' names" })
  .refine((name) => !name.includes('..'), { error: "the server name must not contain '..'" });

export const TRANSPORT_TYPES = ['stdio', 'http', 'streamable-http', 'sse'] as const;
/** The `type` field of an entry: the transport asked for (`http` is VS Code's name for streamable-http). */
export type ServerConfigType = (typeof TRANSPORT_TYPES)[number];

const REMOTE_TYPES: ReadonlySet<string> = new Set<ServerConfigType>(['http', 'streamable-http', 'sse']);

const str = (what = 'a string') => z.string({ error: `expected ${what}` });
const nonEmpty = () => str('a non-empty string').min(1, { error: 'expected a non-empty string' });
/**
 * Start the server on its first call instead of with the hub, and stop it again after
 * `idleTimeout` seconds without calls; its catalog stays listed meanwhile (status `sleeping`).
 */
const lazy = () => z.boolean({ error: 'expected true or false' }).optional();
const idleTimeout = () =>
  z
    .number({ error: 'expected a positive number of seconds' })
    .positive({ error: 'expected a positive number of seconds' })
    .optional();

/**
 * Which of a server's items clients see, by glob patterns over the server's own names (URIs for
 * resources): `*` stands for any run of characters, `?` for one. An item is shown when `allow` is
 * absent or matches it, and `deny` does not; a hidden item cannot be used either.
 */
export const ItemSwitchesSchema = z.object(
  {
    allow: z.array(nonEmpty(), { error: 'expected an array of patterns' }).optional(),
    deny: z.array(nonEmpty(), { error: 'expected an array of patterns' }).optional(),
  },
  { error: 'expected an object with allow and/or deny' },
);
const itemSwitches = () => ItemSwitchesSchema.optional();
export type ItemSwitches = { allow?: string[] | undefined; deny?: string[] | undefined };

/** What happens to a tool a server offers that the user has not seen yet, once the server is known. */
export const NEW_TOOL_POLICIES = ['allow', 'hold'] as const;

/** A tool that appears on a server already known: listed at once (`allow`, the default) or held until approved. */
const newTools = () => z.enum(NEW_TOOL_POLICIES, { error: 'expected "allow" or "hold"' }).optional();
/** Tool definitions are pinned unless this is false (see the lock file, mcp-hub.lock.json). */
const pinning = () => z.boolean({ error: 'expected true or false' }).optional();

export const ISOLATION_MODES = ['shared', 'per-client'] as const;
/**
 * `shared`: one connection serves every client; the server sees the roots configured for it,
 * never a client's. `per-client`: each client session gets a connection (a process, for stdio) of
 * its own, told exactly that client's capabilities, so its roots, sampling and elicitation stay
 * between the two.
 */
export type Isolation = (typeof ISOLATION_MODES)[number];
const isolation = () => z.enum(ISOLATION_MODES, { error: 'expected "shared" or "per-client"' }).optional();
/** Per-client connections a server may have at once, unless its entry says otherwise. */
export const DEFAULT_MAX_INSTANCES = 8;

export const ServerConfigSchema = z
  .looseObject(
    {
      type: z
        .enum(TRANSPORT_TYPES, {
          error: `expected one of ${TRANSPORT_TYPES.map((t) => JSON.stringify(t)).join(', ')}`,
        })
        .optional(),
      // An empty command, cwd or url can never work; rejecting it here points at the exact line.
      command: nonEmpty().optional(),
      args: z.array(str(), { error: 'expected an array of strings' }).optional(),
      env: z
        .record(
          // Names with "=" or NUL cannot be put into a process environment.
          z.string().regex(/^[^=\0]+$/),
          z.union([z.string(), z.null()], { error: 'expected a string, or null to inherit the variable' }),
          {
            error: (issue) =>
              issue.code === 'invalid_key'
                ? 'environment variable names must be non-empty and contain no "=" or NUL'
                : 'expected an object of strings (or null)',
          },
        )
        .optional(),
      cwd: nonEmpty().optional(),
      url: nonEmpty().optional(),
      headers: z.record(z.string(), str(), { error: 'expected an object of strings' }).optional(),
      disabled: z.boolean({ error: 'expected true or false' }).optional(),
      name: str().optional(),
      description: str().optional(),
      timeout: z
        .number({ error: 'expected a positive number of milliseconds' })
        .positive({ error: 'expected a positive number of milliseconds' })
        .optional(),
      lazy: lazy(),
      idleTimeout: idleTimeout(),
      isolation: isolation(),
      tools: itemSwitches(),
      prompts: itemSwitches(),
      resources: itemSwitches(),
      /** mcp-hub v4's (and mcphub.nvim's) list of tool names switched off, honoured on every endpoint. */
      disabled_tools: z.array(str(), { error: 'expected an array of tool names' }).optional(),
      newTools: newTools(),
      pinning: pinning(),
      /** What a shared server is told its roots are: paths (relative to the config file) or URIs; placeholders allowed. */
      roots: z.array(nonEmpty(), { error: 'expected an array of paths or URIs' }).optional(),
      /** Per-client connections at once (`isolation: "per-client"`). */
      maxInstances: z
        .number({ error: 'expected a positive whole number' })
        .int({ error: 'expected a positive whole number' })
        .positive({ error: 'expected a positive whole number' })
        .optional(),
      // Claude Code's names, so an entry works in both. Without clientId the hub registers itself
      // with the authorization server (dynamic client registration).
      oauth: z
        .looseObject(
          {
            clientId: nonEmpty().optional(),
            clientSecret: nonEmpty().optional(),
            /** Space-separated, as OAuth's `scope` parameter; replaces what the server suggests. */
            scopes: nonEmpty().optional(),
          },
          { error: 'expected an object' },
        )
        .optional(),
    },
    { error: 'expected an object' },
  )
  .superRefine((server, ctx) => {
    const hasCommand = server.command !== undefined;
    const hasUrl = server.url !== undefined;
    if (hasCommand && hasUrl) {
      ctx.addIssue({ code: 'custom', message: 'cannot mix command (stdio) and url (remote)', path: [] });
      return;
    }
    if (!hasCommand && !hasUrl) {
      ctx.addIssue({ code: 'custom', message: 'needs either command (stdio) or url (remote)', path: [] });
      return;
    }
    if (server.type === 'stdio' && !hasCommand) {
      ctx.addIssue({ code: 'custom', message: 'type "stdio" needs command, not url', path: ['type'] });
    }
    if (server.type !== undefined && REMOTE_TYPES.has(server.type) && !hasUrl) {
      ctx.addIssue({ code: 'custom', message: `type "${server.type}" needs url, not command`, path: ['type'] });
    }
    if (server.oauth !== undefined && !hasUrl) {
      ctx.addIssue({ code: 'custom', message: 'oauth applies to remote servers (url) only', path: ['oauth'] });
    }
    if (server.oauth?.clientSecret !== undefined && server.oauth.clientId === undefined) {
      ctx.addIssue({ code: 'custom', message: 'clientSecret needs the clientId it belongs to', path: ['oauth', 'clientSecret'] });
    }
  });

export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/**
 * The transport an entry asks for. `http-auto` is a url without `type`: Streamable HTTP first,
 * SSE if that fails (what mcp-hub v4 and most clients do).
 */
export type ConfiguredTransport = 'stdio' | 'streamable-http' | 'sse' | 'http-auto';

/**
 * Reads only `type` and `url`, and takes any object, so the config form can ask it about a draft
 * that does not validate yet; for a valid entry, `stdio` means it has a command and anything else
 * that it has a url.
 */
export function transportOf(entry: { readonly type?: unknown; readonly url?: unknown }): ConfiguredTransport {
  if (entry.type === 'sse') return 'sse';
  if (entry.type === 'http' || entry.type === 'streamable-http') return 'streamable-http';
  return typeof entry.url === 'string' ? 'http-auto' : 'stdio';
}

/**
 * Settings at the top level of a config file, next to `mcpServers`: defaults for that file's
 * server entries, which an entry's own field overrides.
 */
export const ConfigFileSettingsSchema = z.looseObject({
  lazy: lazy(),
  idleTimeout: idleTimeout(),
  isolation: isolation(),
  newTools: newTools(),
  pinning: pinning(),
});
export type ConfigFileSettings = Pick<z.infer<typeof ConfigFileSettingsSchema>, 'lazy' | 'idleTimeout' | 'isolation' | 'newTools' | 'pinning'>;
