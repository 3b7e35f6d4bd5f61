import { z } from 'zod';
import { HubStateSchema, McpObjectSchema, ServerStatusSchema } from './status.js';
import { HeldToolSchema } from './pins.js';
import { SessionInfoSchema } from './sessions.js';
import { WorkspacesSchema } from './workspaces.js';

/**
 * Every event the hub core emits, with its payload's schema. The names and payloads of mcp-hub
 * v4's `/api/events` stream are kept (`event-frames.ts` turns them into v4's frames);
 * `server_status` and `tool_call` are ours. Events are data: everything a subscriber shows is in
 * the event, so SSE, IPC and the tray deliver the same thing.
 */

/** mcp-hub v4's `changes` object, without its `details` (they carried env and header values). */
export const ServerChangeSetSchema = z.object({
  added: z.array(z.string()).optional(),
  removed: z.array(z.string()).optional(),
  modified: z.array(z.string()).optional(),
  unchanged: z.array(z.string()).optional(),
});
export type ServerChangeSet = z.infer<typeof ServerChangeSetSchema>;

/** A tool call through /mcp or the REST API; arguments and results are not recorded. */
export const ToolCallRecordSchema = z.object({
  server: z.string(),
  tool: z.string(),
  via: z.enum(['mcp', 'api']),
  durationMs: z.number(),
  /** False for a protocol error and for a result the tool marked `isError`. */
  ok: z.boolean(),
  error: z.string().optional(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

const serverEvent = { server: z.string() };
const items = z.array(McpObjectSchema);

export const HubEventSchemas = {
  /** The hub process and its state (`pid`, `port`: mcp-hub v4's fields). */
  hub_state: z.object({ state: HubStateSchema, pid: z.number().int(), port: z.number().int(), message: z.string().optional() }),
  /** `authorizationUrl`: where to log in, when the server became `unauthorized` and a login is waiting. */
  server_status: z.object({
    ...serverEvent,
    status: ServerStatusSchema,
    previous: ServerStatusSchema,
    error: z.string().nullable(),
    authorizationUrl: z.string().optional(),
  }),
  /** A watched config file changed; `error` says why it was not applied (the servers keep running). */
  config_changed: z.object({ isSignificant: z.boolean(), error: z.string().optional() }),
  servers_updating: z.object({ changes: ServerChangeSetSchema }),
  servers_updated: z.object({ changes: ServerChangeSetSchema }),
  /** A server's lists changed; each carries the server's new list, as mcp-hub v4's did. */
  tool_list_changed: z.object({ ...serverEvent, tools: items }),
  resource_list_changed: z.object({ ...serverEvent, resources: items, resourceTemplates: items }),
  prompt_list_changed: z.object({ ...serverEvent, prompts: items }),
  /** A line of a server's log (its stderr, its MCP log messages, the hub's notes about it). */
  log: z.object({
    type: z.enum(['error', 'warn', 'info', 'debug']),
    message: z.string(),
    server: z.string().optional(),
    source: z.string().optional(),
  }),
  /** The machine's registry of running hubs changed (this hub or another one). */
  workspaces_updated: z.object({ workspaces: WorkspacesSchema }),
  tool_call: ToolCallRecordSchema,
  /** A server offers tools whose definitions differ from the ones approved (or new ones it holds): they are held back until approved. */
  tool_changed: z.object({ server: z.string(), tools: z.array(HeldToolSchema) }),
  /** The MCP clients connected to the hub: a session opened or closed, or was active. */
  sessions_changed: z.object({ sessions: z.array(SessionInfoSchema) }),
} as const;

type Schemas = typeof HubEventSchemas;
export type HubEventName = keyof Schemas;
export type HubEventMap = { [K in HubEventName]: z.infer<Schemas[K]> };
export type HubEvent = { [K in HubEventName]: { type: K; data: HubEventMap[K] } }[HubEventName];

export const HUB_EVENT_NAMES = Object.keys(HubEventSchemas) as HubEventName[];

/** The event of a name and payload, if the payload fits that event's schema. */
export function parseHubEvent(type: string, data: unknown): HubEvent | undefined {
  if (!Object.hasOwn(HubEventSchemas, type)) return undefined;
  const parsed = HubEventSchemas[type as HubEventName].safeParse(data);
  return parsed.success ? ({ type, data: parsed.data } as HubEvent) : undefined;
}
