import { z } from 'zod';
import { cliCommandOperations, clientOperations, StdioBridgeSchema } from './clients.js';
import { NewServerNameSchema, ServerConfigSchema } from './config.js';
import { LogEntrySchema } from './log.js';
import { marketplaceOperations } from './marketplace.js';
import { operation, ServerNameInputSchema } from './operation.js';
import { projectOperations } from './project.js';
import { queryBoolean } from './query.js';
import { SessionInfoSchema } from './sessions.js';
import { profileOperations } from './profiles.js';
import { toolOperations } from './tool-operations.js';
import { HubStateSchema, ServerInfoSchema } from './status.js';
import { WorkspacesSchema } from './workspaces.js';

/**
 * Every operation the hub offers, declared once: its input schema, its result schema, and where
 * it lives in the REST API (mcp-hub v4's paths and shapes wherever v4 had the operation). The REST
 * routes, the OpenAPI document, the IPC handlers and the UI's clients are all derived from this
 * table. Shared with the browser: zod only.
 */

const serverInput = z.object({ server_name: ServerNameInputSchema });

/** mcp-hub v4 passed these to the SDK; `timeout` (ms) is the one that matters. */
const RequestOptionsSchema = z.looseObject({ timeout: z.number().int().positive().optional() }).optional();

const ok = z.literal('ok');
const McpResultSchema = z.record(z.string(), z.unknown());

/** A config file as read: its text and the hash to send back when writing it. */
export const ConfigFileSchema = z.object({
  path: z.string(),
  exists: z.boolean(),
  /** sha256 of the bytes on disk; a write must name it. */
  hash: z.string(),
  text: z.string(),
});


export const HealthSchema = z.object({
  status: z.literal('ok'),
  state: HubStateSchema,
  /** Why the config files are not applied (the hub runs on the last good config, or none): `file:line:column: what`. */
  configError: z.string().nullable(),
  server_id: z.literal('mcp-hub'),
  /** The mcp-hub API version this hub implements (what v4 clients compare), not the app's. */
  version: z.string(),
  /** The app's own version. */
  appVersion: z.string(),
  /** Clients of the /api/events stream. */
  activeClients: z.number().int(),
  servers: z.array(ServerInfoSchema),
  connections: z.object({
    totalConnections: z.number().int(),
    connections: z.array(z.object({ id: z.string(), state: z.string(), connectedAt: z.string(), lastEventAt: z.string().nullable() })),
  }),
  mcpEndpoint: z.object({
    /** Where MCP clients connect (ours; v4 had no such field). */
    url: z.string(),
    /** How stdio-only clients reach it (`mcp-hub stdio`), as this installation runs it. */
    stdioBridge: StdioBridgeSchema,
    activeClients: z.number().int(),
    /** The MCP clients connected now (ours; v4 counted them only). */
    sessions: z.array(SessionInfoSchema),
    registeredCapabilities: z.object({
      tools: z.number().int(),
      resources: z.number().int(),
      resourceTemplates: z.number().int(),
      prompts: z.number().int(),
    }),
    totalCapabilities: z.number().int(),
  }),
  workspaces: z.object({ current: z.string(), allActive: WorkspacesSchema }),
});

export const operations = {
  health: operation({
    summary: 'The hub, its servers and its clients',
    http: { method: 'GET', path: '/health' },
    input: z.object({}),
    output: HealthSchema,
  }),
  listServers: operation({
    summary: 'Every configured server, disabled ones included',
    http: { method: 'GET', path: '/servers' },
    input: z.object({}),
    output: z.object({ servers: z.array(ServerInfoSchema) }),
  }),
  getServer: operation({
    summary: 'One server',
    http: { method: 'POST', path: '/servers/info' },
    input: serverInput,
    output: z.object({ server: ServerInfoSchema }),
  }),
  refreshServer: operation({
    summary: "Re-read a server's tools, resources, templates and prompts",
    http: { method: 'POST', path: '/servers/refresh' },
    input: serverInput,
    output: z.object({ status: ok, server: ServerInfoSchema }),
  }),
  refreshAll: operation({
    summary: "Re-read every connected server's lists",
    http: { method: 'GET', path: '/refresh' },
    input: z.object({}),
    output: z.object({
      status: ok,
      servers: z.array(z.union([ServerInfoSchema, z.object({ name: z.string(), status: z.literal('error'), error: z.string() })])),
    }),
  }),
  startServer: operation({
    summary: 'Start (or enable and start) a server; enabling is written to its config file',
    http: { method: 'POST', path: '/servers/start' },
    input: serverInput,
    output: z.object({ status: ok, server: ServerInfoSchema }),
  }),
  stopServer: operation({
    summary: 'Stop a server; with disable=true it is also marked disabled in its config file',
    http: { method: 'POST', path: '/servers/stop', query: ['disable'] },
    input: serverInput.extend({ disable: queryBoolean.optional() }),
    output: z.object({ status: ok, server: ServerInfoSchema }),
  }),
  callTool: operation({
    summary: "Call a server's tool",
    http: { method: 'POST', path: '/servers/tools' },
    input: serverInput.extend({
      tool: z.string({ error: 'tool must be a string' }).min(1, { error: 'tool is required' }),
      arguments: z.union([z.record(z.string(), z.unknown()), z.null()], { error: 'arguments must be an object' }).optional(),
      request_options: RequestOptionsSchema,
    }),
    output: z.object({ result: McpResultSchema }),
  }),
  readResource: operation({
    summary: "Read a server's resource",
    http: { method: 'POST', path: '/servers/resources' },
    input: serverInput.extend({
      uri: z.string({ error: 'uri must be a string' }).min(1, { error: 'uri is required' }),
      request_options: RequestOptionsSchema,
    }),
    output: z.object({ result: McpResultSchema }),
  }),
  getPrompt: operation({
    summary: "Get a server's prompt",
    http: { method: 'POST', path: '/servers/prompts' },
    input: serverInput.extend({
      prompt: z.string({ error: 'prompt must be a string' }).min(1, { error: 'prompt is required' }),
      arguments: z.record(z.string(), z.string(), { error: 'arguments must be an object of strings' }).optional(),
      request_options: RequestOptionsSchema,
    }),
    output: z.object({ result: McpResultSchema }),
  }),
  authorizeServer: operation({
    summary: 'Start a login to a remote server that is unauthorized: a fresh authorization URL, opened in a browser on the hub\'s machine when the hub can',
    http: { method: 'POST', path: '/servers/authorize' },
    input: serverInput,
    output: z.object({ authorizationUrl: z.string() }),
  }),
  logoutServer: operation({
    summary: "Log out of a remote server: its OAuth tokens are revoked where the server supports it, and deleted; it then asks for a new login",
    http: { method: 'POST', path: '/servers/logout' },
    input: serverInput,
    output: z.object({ status: ok, server: ServerInfoSchema, revoked: z.boolean() }),
  }),
  completeLogin: operation({
    summary: 'Complete a login with the address the browser was sent back to, for a hub that browser cannot reach',
    http: { method: 'POST', path: '/oauth/manual_callback' },
    input: z.object({ url: z.string({ error: 'url must be a string' }).min(1, { error: 'url is required' }) }),
    output: z.object({ status: ok, message: z.string(), server_name: z.string() }),
  }),
  getServerLogs: operation({
    summary: "A server's recent log: its stderr, its MCP log messages and what the hub did with it",
    http: { method: 'POST', path: '/servers/logs' },
    input: serverInput.extend({ after: z.number().int().nonnegative().optional() }),
    output: z.object({ server: z.string(), logs: z.array(LogEntrySchema) }),
  }),
  addServer: operation({
    summary: 'Add a server to a config file (the first one unless config_file names another of the hub\'s files)',
    http: { method: 'POST', path: '/servers/add' },
    input: z.object({ server_name: NewServerNameSchema, config: ServerConfigSchema, config_file: z.string().min(1).optional() }),
    output: z.object({ status: ok, server: ServerInfoSchema }),
  }),
  updateServer: operation({
    summary: "Replace a server's entry in the file it comes from; the server restarts",
    http: { method: 'POST', path: '/servers/update' },
    input: serverInput.extend({ config: ServerConfigSchema }),
    output: z.object({ status: ok, server: ServerInfoSchema }),
  }),
  removeServer: operation({
    summary: 'Remove a server from the file it comes from; the server stops',
    http: { method: 'POST', path: '/servers/remove' },
    input: serverInput,
    output: z.object({ status: ok }),
  }),
  renameServer: operation({
    summary: 'Rename a server in the file it comes from, keeping its entry as written',
    http: { method: 'POST', path: '/servers/rename' },
    input: serverInput.extend({ new_name: NewServerNameSchema }),
    output: z.object({ status: ok, server: ServerInfoSchema }),
  }),
  readConfig: operation({
    summary: "The hub's config files as they are on disk (secret values shown as [redacted])",
    http: { method: 'GET', path: '/config' },
    input: z.object({}),
    output: z.object({ files: z.array(ConfigFileSchema) }),
  }),
  writeConfig: operation({
    summary: 'Replace one config file, only if it is still the version read (hash); 409 with both versions otherwise',
    http: { method: 'POST', path: '/config' },
    input: z.object({
      path: z.string().min(1, { error: 'path is required' }),
      text: z.string({ error: 'text must be a string' }),
      hash: z.string().min(1, { error: 'hash (of the version read) is required' }),
    }),
    output: z.object({ status: ok, file: ConfigFileSchema }),
  }),
  listSessions: operation({
    summary: 'The MCP clients connected to the hub now: name and version, transport, since when, last request',
    http: { method: 'GET', path: '/sessions' },
    input: z.object({}),
    output: z.object({ sessions: z.array(SessionInfoSchema) }),
  }),
  listWorkspaces: operation({
    summary: 'Every hub running on this machine (workspaces.json, entries of dead processes removed)',
    http: { method: 'GET', path: '/workspaces' },
    input: z.object({}),
    output: z.object({ workspaces: WorkspacesSchema }),
  }),
  ...marketplaceOperations,
  ...clientOperations,
  ...toolOperations,
  ...profileOperations,
  ...projectOperations,
  ...cliCommandOperations,
  restartHub: operation({
    summary: 'Re-read the config files and restart every server',
    http: { method: 'POST', path: '/restart' },
    input: z.object({}),
    output: z.object({ status: ok }),
  }),
  hardRestart: operation({
    summary: 'Exit so that the supervisor (editor plugin, service manager) starts a fresh hub process',
    http: { method: 'POST', path: '/hard-restart' },
    input: z.object({}),
    output: z.object({ status: ok }),
  }),
} as const;

/**
 * The REST API answers in mcp-hub v4's view (v4's server statuses, v4's marketplace entries) unless
 * a request carries this header with the value `full`, as the hub's own browser UI does.
 */
export const FULL_VIEW_HEADER = 'X-MCP-Hub-View';

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type ParsedInput<N extends OperationName> = z.output<Operations[N]['input']>;
export type OperationResult<N extends OperationName> = z.output<Operations[N]['output']>;

/** The error body of every failed REST call (mcp-hub v4's envelope). */
export const ErrorEnvelopeSchema = z.object({
  error: z.string(),
  code: z.string(),
  data: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
