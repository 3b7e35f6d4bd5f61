import type { HubState, ServerStatus } from './status.js';

/**
 * Every event the hub core emits. The names and payloads of mcp-hub v4's `/api/events` stream are
 * kept; `server_status` is ours (mcp-hub had no event for a crash or a failed connect).
 */
export interface HubEventMap {
  hub_state: { state: HubState; message?: string };
  /** `authorizationUrl`: where to log in, when the server became `unauthorized` and a login is waiting. */
  server_status: { server: string; status: ServerStatus; previous: ServerStatus; error: string | null; authorizationUrl?: string };
  /** A watched config file changed; `error` says why it was not applied (the servers keep running). */
  config_changed: { isSignificant: boolean; error?: string };
  servers_updating: { changes: ServerChangeSet };
  servers_updated: { changes: ServerChangeSet };
  tool_list_changed: { server: string };
  resource_list_changed: { server: string };
  prompt_list_changed: { server: string };
  /** A line of a server's log (its stderr, its MCP log messages, the hub's notes about it). */
  log: { type: 'error' | 'warn' | 'info' | 'debug'; message: string; server?: string; source?: string };
  /** The machine's registry of running hubs changed (this hub or another one). */
  workspaces_updated: { workspaces: Record<string, unknown> };
  /** A tool call through /mcp or the REST API; arguments and results are not recorded. */
  tool_call: ToolCallRecord;
}

export interface ToolCallRecord {
  server: string;
  tool: string;
  via: 'mcp' | 'api';
  durationMs: number;
  /** False for a protocol error and for a result the tool marked `isError`. */
  ok: boolean;
  error?: string;
}

/** mcp-hub v4's `changes` object, without its `details` (they carried env and header values). */
export interface ServerChangeSet {
  added?: string[];
  removed?: string[];
  modified?: string[];
  unchanged?: string[];
}

export type HubEventName = keyof HubEventMap;

/** Every event name, checked to be complete by the compiler. */
export const HUB_EVENT_NAMES = Object.keys({
  hub_state: true,
  server_status: true,
  config_changed: true,
  servers_updating: true,
  servers_updated: true,
  tool_list_changed: true,
  resource_list_changed: true,
  prompt_list_changed: true,
  log: true,
  workspaces_updated: true,
  tool_call: true,
} satisfies Record<HubEventName, true>) as HubEventName[];
export type HubEvent = { [K in HubEventName]: { type: K; data: HubEventMap[K] } }[HubEventName];
