import { join } from 'node:path';
import { CLIENTS, ClientIdSchema, type ClientId } from '../../../shared/clients.js';

export type { ClientId, HubEndpoint } from '../../../shared/clients.js';

/** The MCP clients whose config files the hub can read (import) and write (connect). */
export const CLIENT_IDS = ClientIdSchema.options;

export interface ClientEnvironment {
  home: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

/** One client's config file: what shared/clients.ts says about it, and where it is on this OS. */
export interface KnownClient {
  id: ClientId;
  label: string;
  format: 'json' | 'toml';
  /** The key (JSON) or table (TOML) that holds the servers by name. */
  serversKey: string;
  /** Where the client keeps its user-level config; the first existing one is used. */
  locations(where: ClientEnvironment): string[];
}

/** The per-user application data folder: what Electron calls appData. */
function appData({ home, platform, env }: ClientEnvironment): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  if (platform === 'win32') return env['APPDATA'] ?? join(home, 'AppData', 'Roaming');
  return env['XDG_CONFIG_HOME'] || join(home, '.config');
}

const LOCATIONS: Record<ClientId, KnownClient['locations']> = {
  'claude-desktop': (where) => [join(appData(where), 'Claude', 'claude_desktop_config.json')],
  'claude-code': ({ home, env }) => [join(env['CLAUDE_CONFIG_DIR'] ?? home, '.claude.json')],
  cursor: ({ home }) => [join(home, '.cursor', 'mcp.json')],
  vscode: (where) => [join(appData(where), 'Code', 'User', 'mcp.json')],
  windsurf: ({ home }) => [join(home, '.codeium', 'windsurf', 'mcp_config.json')],
  codex: ({ home, env }) => [join(env['CODEX_HOME'] ?? join(home, '.codex'), 'config.toml')],
  'gemini-cli': ({ home }) => [join(home, '.gemini', 'settings.json')],
};

export const KNOWN_CLIENTS = Object.fromEntries(
  CLIENT_IDS.map((id) => [id, { id, ...CLIENTS[id], locations: LOCATIONS[id] }]),
) as Record<ClientId, KnownClient>;
