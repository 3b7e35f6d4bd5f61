import { z } from 'zod';
import { NewServerNameSchema, ServerConfigSchema } from './config.js';
import { operation } from './operation.js';
import { ServerInfoSchema } from './status.js';

/**
 * The MCP clients on this machine (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Codex,
 * Gemini CLI): importing their servers and pointing them at the hub. Spread into the contract.
 */

export const ClientIdSchema = z.enum(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'gemini-cli'], {
  error: 'client must be one of claude-desktop, claude-code, cursor, vscode, windsurf, codex, gemini-cli',
});

/**
 * What a server entry would run, shown before it is imported or trusted: text as the server
 * receives it, with the placeholders the hub fills in at each start listed apart from `${…}`
 * texts that are passed on literally.
 */
export const RunPreviewSchema = z.object({
  /** A stdio server's command and arguments, quoted as a POSIX shell would read them. */
  commandLine: z.string().nullable(),
  env: z.record(z.string(), z.string().nullable()),
  cwd: z.string().nullable(),
  url: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  /** Filled in by the hub each time the server starts, e.g. `${env:GITHUB_TOKEN}`. */
  placeholders: z.array(z.string()),
  /** Passed on as written, e.g. `${cmd: …}` from a client that does not run commands. */
  literals: z.array(z.string()),
  /** What the client would have expanded and the hub cannot. */
  notes: z.array(z.string()),
});
export type RunPreview = z.infer<typeof RunPreviewSchema>;

export const FoundServerSchema = z.object({
  name: z.string(),
  /** The hub's config entry for it; null when it cannot be imported (see `problem`). */
  config: ServerConfigSchema.nullable(),
  /** What the import would run (null with `config`). */
  preview: RunPreviewSchema.nullable(),
  problem: z.string().nullable(),
  /** A server of the hub it would duplicate: same name, same command line, or same URL. */
  duplicateOf: z.object({ server: z.string(), by: z.enum(['name', 'command', 'url']) }).nullable(),
  /** The client's entry for this hub: never imported. */
  isHub: z.boolean(),
});
export type FoundServer = z.infer<typeof FoundServerSchema>;

export const ClientSummarySchema = z.object({
  id: ClientIdSchema,
  label: z.string(),
  /** The client's user-level config file on this OS. */
  path: z.string(),
  exists: z.boolean(),
  /** Why the file could not be read (`file:line:column: what`); it is then left alone. */
  error: z.string().nullable(),
  servers: z.array(FoundServerSchema),
  /** The file has this hub's entry, exactly as the hub would write it. */
  connected: z.boolean(),
  /** The profile the entry points at, when it points at one (`/profiles/<name>/mcp`). */
  profile: z.string().nullable(),
  /** The hub wrote the entry and can put the file back as it was. */
  undoAvailable: z.boolean(),
});
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

const clientInput = z.object({ client: ClientIdSchema });

export const clientOperations = {
  listClients: operation({
    summary: "The MCP clients' config files on this machine: their servers (for import) and whether they use the hub",
    http: { method: 'GET', path: '/clients' },
    input: z.object({}),
    output: z.object({ clients: z.array(ClientSummarySchema) }),
  }),
  importServers: operation({
    summary: "Copy servers from a client's config into the hub's (the client's file is not changed)",
    http: { method: 'POST', path: '/clients/import' },
    input: clientInput.extend({
      servers: z
        .array(z.object({ name: z.string().min(1), as: NewServerNameSchema.optional() }), { error: 'servers must be a list of {name, as?}' })
        .min(1, { error: 'choose at least one server' }),
      config_file: z.string().min(1).optional(),
    }),
    output: z.object({ status: z.literal('ok'), servers: z.array(ServerInfoSchema) }),
  }),
  connectClient: operation({
    summary: "Point a client at the hub, or at one of its profiles: its config gets an `mcp-hub` entry (the file's previous version is backed up)",
    http: { method: 'POST', path: '/clients/connect' },
    input: clientInput.extend({ profile: z.string().min(1, { error: 'profile must be a profile name' }).optional() }),
    output: z.object({ status: z.literal('ok'), path: z.string(), backup: z.string().nullable() }),
  }),
  undoConnectClient: operation({
    summary: 'Undo connect: the file as it was before, byte for byte, or (if it changed since) without the hub entry',
    http: { method: 'POST', path: '/clients/undo' },
    input: clientInput,
    output: z.object({ status: z.literal('ok'), path: z.string(), restored: z.enum(['previous-version', 'file-removed', 'entry-removed']) }),
  }),
};

/** `mcp-hub` on the PATH: the launcher of the app's bundled command-line tool in the user's bin folder. */
export const CliCommandStatusSchema = z.object({
  /** The hub has a bundled command-line tool to put there (false when it runs as `mcp-hub` itself). */
  available: z.boolean(),
  /** Where the launcher goes (`~/.local/bin/mcp-hub` on Linux, `/usr/local/bin/mcp-hub` on macOS). */
  path: z.string(),
  /** The app's launcher is there. */
  installed: z.boolean(),
  /** Something the app did not write is there; the app neither replaces nor removes it. */
  taken: z.boolean(),
  /** The launcher's folder is on the hub's PATH. */
  onPath: z.boolean(),
  /** The `mcp-hub` that runs now by that name (what mcphub.nvim starts); null when there is none. */
  resolved: z.string().nullable(),
  /** What the user should know: the folder is not on the PATH, another mcp-hub comes first… */
  notes: z.array(z.string()),
});
export type CliCommandStatus = z.infer<typeof CliCommandStatusSchema>;

export const cliCommandOperations = {
  cliCommand: operation({
    summary: 'Whether `mcp-hub` runs the app\'s command-line tool (for tools that start it by name, such as mcphub.nvim)',
    http: { method: 'GET', path: '/cli-command' },
    input: z.object({}),
    output: CliCommandStatusSchema,
  }),
  installCliCommand: operation({
    summary: 'Put `mcp-hub` on the PATH: a launcher of the app\'s command-line tool in the user\'s bin folder (never over a file the app did not write)',
    http: { method: 'POST', path: '/cli-command/install' },
    input: z.object({}),
    output: CliCommandStatusSchema,
  }),
  removeCliCommand: operation({
    summary: "Remove the app's `mcp-hub` launcher (only the app's own)",
    http: { method: 'POST', path: '/cli-command/remove' },
    input: z.object({}),
    output: CliCommandStatusSchema,
  }),
};

export type ClientId = z.infer<typeof ClientIdSchema>;

/** The hub's name in each client's list of servers. */
export const HUB_SERVER_NAME = 'mcp-hub';

/** How each client lists its servers: its file's format and the key that holds them by name. */
export const CLIENTS: Record<ClientId, { label: string; format: 'json' | 'toml'; serversKey: string }> = {
  'claude-desktop': { label: 'Claude Desktop', format: 'json', serversKey: 'mcpServers' },
  'claude-code': { label: 'Claude Code', format: 'json', serversKey: 'mcpServers' },
  cursor: { label: 'Cursor', format: 'json', serversKey: 'mcpServers' },
  vscode: { label: 'VS Code', format: 'json', serversKey: 'servers' },
  windsurf: { label: 'Windsurf', format: 'json', serversKey: 'mcpServers' },
  codex: { label: 'Codex', format: 'toml', serversKey: 'mcp_servers' },
  'gemini-cli': { label: 'Gemini CLI', format: 'json', serversKey: 'mcpServers' },
};

/** The command that relays a stdio client to the hub (`mcp-hub stdio --port P`). */
export const StdioBridgeSchema = z.object({
  command: z.string(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()).optional(),
});
export type StdioBridge = z.infer<typeof StdioBridgeSchema>;

/** Where clients reach the hub. */
export interface HubEndpoint {
  /** `http://127.0.0.1:37373/mcp` */
  url: string;
  /** For clients that only start processes. */
  bridge: StdioBridge;
  /** The hub's API token, when it requires one. */
  apiToken?: string | undefined;
}

/** `mcp-hub stdio` from the PATH, pointed at the hub of `url` (and at the profile whose endpoint it is). */
export function defaultBridge(url: string): StdioBridge {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const profile = /^\/profiles\/([^/]+)\/mcp$/.exec(parsed.pathname)?.[1];
  return {
    command: 'mcp-hub',
    args: ['stdio', '--port', port, ...(host === '127.0.0.1' ? [] : ['--host', host]), ...(profile ? ['--profile', decodeURIComponent(profile)] : [])],
  };
}

/** The endpoint of one profile of the hub: its URL, and the bridge pointed at it. */
export function profileEndpoint(endpoint: HubEndpoint, profile: string): HubEndpoint {
  const url = new URL(`/profiles/${encodeURIComponent(profile)}/mcp`, endpoint.url).href;
  const standard = defaultBridge(url);
  const bridge = endpoint.bridge.command === 'mcp-hub' ? standard : { ...endpoint.bridge, args: [...endpoint.bridge.args, '--profile', profile] };
  return { ...endpoint, url, bridge };
}

/**
 * The entry that points a client at the hub, in the client's own dialect. Written by the hub
 * when it connects a client, and shown as the snippet to copy for the others: one definition.
 */
export function hubEntry(client: ClientId, endpoint: HubEndpoint): Record<string, unknown> {
  const { url, bridge, apiToken } = endpoint;
  const headers = apiToken ? { headers: { Authorization: `Bearer ${apiToken}` } } : {};
  switch (client) {
    case 'claude-desktop': {
      // Its config file takes only local (stdio) servers.
      const env = { ...bridge.env, ...(apiToken && { MCP_HUB_API_TOKEN: apiToken }) };
      return { command: bridge.command, args: bridge.args, ...(Object.keys(env).length > 0 && { env }) };
    }
    case 'claude-code':
    case 'vscode':
      return { type: 'http', url, ...headers };
    case 'cursor':
      return { url, ...headers };
    case 'windsurf':
      return { serverUrl: url, ...headers };
    case 'codex':
      // Codex takes a bearer token only from the environment, never inline.
      return { url, ...(apiToken && { bearer_token_env_var: 'MCP_HUB_API_TOKEN' }) };
    case 'gemini-cli':
      // Gemini CLI's `url` means SSE; Streamable HTTP is `httpUrl`.
      return { httpUrl: url, ...headers };
  }
}
