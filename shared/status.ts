/**
 * The lifecycle of one upstream server as the hub reports it everywhere (REST, events, UI).
 * mcp-hub v4 uses the same names, minus `error`, which it lacked.
 */
export const SERVER_STATUSES = ['disabled', 'connecting', 'connected', 'unauthorized', 'error', 'disconnected'] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

/** The transport a server is (or will be) reached over. */
export type TransportType = 'stdio' | 'streamable-http' | 'sse';

/** mcp-hub v4's hub_state values. */
export type HubState = 'starting' | 'ready' | 'restarting' | 'restarted' | 'stopping' | 'stopped' | 'error';

export interface RestartInfo {
  /** Consecutive failed or short-lived runs so far. */
  attempt: number;
  maxAttempts: number;
  /** ISO time of the next attempt, or null when none is scheduled. */
  nextAttemptAt: string | null;
}

/** A tool, resource, template or prompt exactly as the upstream server described it. */
export type McpObject = { [key: string]: unknown };

export interface ServerCapabilitiesView {
  tools: McpObject[];
  resources: McpObject[];
  resourceTemplates: McpObject[];
  prompts: McpObject[];
}

/**
 * The server-info object of mcp-hub v4 (`MCPConnection.getServerInfo()`), kept field for field so
 * existing integrations keep working, plus fields of our own (`id`, `pid`, `restart`, `transport`).
 */
export interface ServerInfo {
  name: string;
  displayName: string;
  description: string;
  transportType: TransportType;
  status: ServerStatus;
  error: string | null;
  capabilities: ServerCapabilitiesView;
  /** Seconds since the current connection was made; 0 when not connected. */
  uptime: number;
  lastStarted: string | null;
  authorizationUrl: string | null;
  serverInfo: { name: string; version: string } | null;
  config_source: string;
  /** The prefix of this server's names on /mcp (`<id>__<tool>`). */
  id: string;
  pid: number | null;
  restart: RestartInfo | null;
}
