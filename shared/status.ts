import { z } from 'zod';
import { ISOLATION_MODES } from './config.js';
import { HeldToolSchema } from './pins.js';

/**
 * The lifecycle of one upstream server as the hub reports it everywhere (REST, events, UI).
 * mcp-hub v4 uses the same names, minus `error`, which it lacked, and `sleeping`: a lazy server
 * whose process is stopped while idle; its tools stay listed and the first call starts it.
 * `untrusted`: a server of a `--workspace` project folder the user has not trusted (shared/project.ts).
 */
export const SERVER_STATUSES = ['disabled', 'connecting', 'connected', 'sleeping', 'unauthorized', 'error', 'disconnected', 'untrusted'] as const;
export const ServerStatusSchema = z.enum(SERVER_STATUSES);
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

/** The transport a server is (or will be) reached over. */
export const TransportTypeSchema = z.enum(['stdio', 'streamable-http', 'sse']);
export type TransportType = z.infer<typeof TransportTypeSchema>;

/** mcp-hub v4's hub_state values. */
export const HubStateSchema = z.enum(['starting', 'ready', 'restarting', 'restarted', 'stopping', 'stopped', 'error']);
export type HubState = z.infer<typeof HubStateSchema>;

export const RestartInfoSchema = z.object({
  /** Consecutive failed or short-lived runs so far. */
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  /** ISO time of the next attempt, or null when none is scheduled. */
  nextAttemptAt: z.string().nullable(),
});
export type RestartInfo = z.infer<typeof RestartInfoSchema>;

/** A tool, resource, template or prompt exactly as the upstream server described it. */
export const McpObjectSchema = z.record(z.string(), z.unknown());
export type McpObject = z.infer<typeof McpObjectSchema>;

/**
 * The four lists a server offers, as one server's catalog or the hub's aggregate. The item types
 * are parameters: the hub holds the SDK's `Tool`, `Resource`…, everyone else sees plain objects.
 */
export interface CatalogLists<Tool = McpObject, Resource = McpObject, ResourceTemplate = McpObject, Prompt = McpObject> {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

export const CatalogListsSchema = z.object({
  tools: z.array(McpObjectSchema),
  resources: z.array(McpObjectSchema),
  resourceTemplates: z.array(McpObjectSchema),
  prompts: z.array(McpObjectSchema),
}) satisfies z.ZodType<CatalogLists>;

/** An item a server offers that its clients do not see, and why (its entry's switches, or pinning). */
export const HiddenItemSchema = z.object({
  kind: z.enum(['tool', 'prompt', 'resource', 'resource template']),
  /** The server's own name for it (its URI, for a resource). */
  name: z.string(),
  reason: z.string(),
  /** Set when pinning holds a tool back. */
  held: HeldToolSchema.optional(),
});
export type HiddenItem = z.infer<typeof HiddenItemSchema>;

/**
 * The server-info object of mcp-hub v4 (`MCPConnection.getServerInfo()`), kept field for field so
 * existing integrations keep working, plus fields of our own (`id`, `pid`, `restart`).
 */
export const ServerInfoSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  transportType: TransportTypeSchema,
  status: ServerStatusSchema,
  error: z.string().nullable(),
  capabilities: CatalogListsSchema,
  /** Seconds since the current connection was made; 0 when not connected. */
  uptime: z.number(),
  lastStarted: z.string().nullable(),
  authorizationUrl: z.string().nullable(),
  /**
   * For a remote server that uses an OAuth login, once the hub has looked: whether it holds that
   * login's tokens (so "Log out", `POST /api/servers/logout`, has something to end).
   */
  loggedIn: z.boolean().optional(),
  serverInfo: z.object({ name: z.string(), version: z.string() }).nullable(),
  /** The MCP protocol version the hub speaks with the server (2026-07-28 and later are the modern era); null while not connected. */
  protocolVersion: z.string().nullable().optional(),
  config_source: z.string(),
  /** The prefix of this server's names on /mcp (`<id>__<tool>`). */
  id: z.string(),
  pid: z.number().int().nullable(),
  restart: RestartInfoSchema.nullable(),
  /** One connection for all clients, or one per client session (`instances` of them running). */
  isolation: z.enum(ISOLATION_MODES),
  instances: z.number().int(),
  /** What the server offers that clients do not see (`capabilities` lists only what they do). */
  hidden: z.array(HiddenItemSchema),
  /** About how many tokens of a model's context the definitions of its visible tools take. */
  estimatedTokens: z.number().int(),
  /** Set for a server from a `--workspace` project folder's files; it runs only while `trusted`. */
  project: z.object({ folder: z.string(), trusted: z.boolean() }).optional(),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

/**
 * A server that failed and is not back: given up on (`error`), or in a restart series after a
 * failure, waiting for its next attempt (`disconnected` with the failure as its error) or making
 * it (`connecting`). Stopped by hand or back up, it is not failing.
 */
export function isFailing(server: Pick<ServerInfo, 'status' | 'error' | 'restart'>): boolean {
  if (server.status === 'error') return true;
  if (!server.restart) return false;
  return server.status === 'connecting' || (server.status === 'disconnected' && server.error !== null);
}
