import { join } from 'node:path';
import { ClientIdSchema } from '../../../shared/clients.js';

/** The MCP clients whose config files the hub can read (import) and write (connect). */
export const CLIENT_IDS = ClientIdSchema.options;
export type ClientId = (typeof CLIENT_IDS)[number];

export interface ClientEnvironment {
  home: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

/** How one client lists its servers: which file, which format, under which key. */
export interface KnownClient {
  id: ClientId;
  label: string;
  format: 'json' | 'toml';
  /** The key (JSON) or table (TOML) that holds the servers by name. */
  serversKey: string;
  /** Where the client keeps its user-level config on this OS; the first existing one is used. */
  locations(where: ClientEnvironment): string[];
  /**
   * The entry that points this client at the hub. Clients that can only start processes get the
   * stdio bridge (`mcp-hub stdio`), which relays to the hub and starts it when needed.
   */
  hubEntry(hub: HubEndpoint): Record<string, unknown>;
}

export interface HubEndpoint {
  /** `http://127.0.0.1:37373/mcp` */
  url: string;
  /** How to run the stdio bridge for this hub: a command and its arguments. */
  bridge: { command: string; args: string[] };
}

/** The per-user application data folder: what Electron calls appData. */
function appData({ home, platform, env }: ClientEnvironment): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  if (platform === 'win32') return env['APPDATA'] ?? join(home, 'AppData', 'Roaming');
  return env['XDG_CONFIG_HOME'] || join(home, '.config');
}

const bridgeEntry = (hub: HubEndpoint) => ({ command: hub.bridge.command, args: hub.bridge.args });

export const KNOWN_CLIENTS: Record<ClientId, KnownClient> = {
  'claude-desktop': {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    format: 'json',
    serversKey: 'mcpServers',
    locations: (where) => [join(appData(where), 'Claude', 'claude_desktop_config.json')],
    // Its config file takes only local (stdio) servers.
    hubEntry: bridgeEntry,
  },
  'claude-code': {
    id: 'claude-code',
    label: 'Claude Code',
    format: 'json',
    serversKey: 'mcpServers',
    locations: ({ home, env }) => [join(env['CLAUDE_CONFIG_DIR'] ?? home, '.claude.json')],
    hubEntry: (hub) => ({ type: 'http', url: hub.url }),
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor',
    format: 'json',
    serversKey: 'mcpServers',
    locations: ({ home }) => [join(home, '.cursor', 'mcp.json')],
    hubEntry: (hub) => ({ url: hub.url }),
  },
  vscode: {
    id: 'vscode',
    label: 'VS Code',
    format: 'json',
    serversKey: 'servers',
    locations: (where) => [join(appData(where), 'Code', 'User', 'mcp.json')],
    hubEntry: (hub) => ({ type: 'http', url: hub.url }),
  },
  windsurf: {
    id: 'windsurf',
    label: 'Windsurf',
    format: 'json',
    serversKey: 'mcpServers',
    locations: ({ home }) => [join(home, '.codeium', 'windsurf', 'mcp_config.json')],
    hubEntry: (hub) => ({ serverUrl: hub.url }),
  },
  codex: {
    id: 'codex',
    label: 'Codex',
    format: 'toml',
    serversKey: 'mcp_servers',
    locations: ({ home, env }) => [join(env['CODEX_HOME'] ?? join(home, '.codex'), 'config.toml')],
    hubEntry: (hub) => ({ url: hub.url }),
  },
  'gemini-cli': {
    id: 'gemini-cli',
    label: 'Gemini CLI',
    format: 'json',
    serversKey: 'mcpServers',
    locations: ({ home }) => [join(home, '.gemini', 'settings.json')],
    // Gemini CLI's `url` means SSE; Streamable HTTP is `httpUrl`.
    hubEntry: (hub) => ({ httpUrl: hub.url }),
  },
};
