import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** XDG base directories (with their defaults), which mcp-hub v4 and mcphub.nvim also use. */
export function hubPaths(env: Record<string, string | undefined> = process.env) {
  const home = env['HOME'] ?? homedir();
  const config = env['XDG_CONFIG_HOME'] || join(home, '.config');
  const state = env['XDG_STATE_HOME'] || join(home, '.local', 'state');
  const data = env['XDG_DATA_HOME'] || join(home, '.local', 'share');
  const cache = env['XDG_CACHE_HOME'] || join(home, '.cache');
  return {
    defaultConfigFile: join(config, 'mcp-hub', 'mcp.json'),
    logDir: join(state, 'mcp-hub', 'logs'),
    /** Previous versions of config files the hub wrote, kept out of the user's folders. */
    backupDir: join(state, 'mcp-hub', 'backups'),
    /** The marketplace's copy of the registries' catalogs (mcp-hub v4's cache folder). */
    cacheDir: join(data, 'mcp-hub', 'cache'),
    /** What lazy servers offered when they last ran, so they are listed while they sleep; safe to delete. */
    catalogDir: join(cache, 'mcp-hub', 'catalogs'),
    /** What the hub wrote into MCP clients' config files, so that it can be undone. */
    clientConnectionsFile: join(state, 'mcp-hub', 'client-connections.json'),
    /** The registry of running hubs, shared with mcp-hub v4 (which uses ~/.mcp-hub when that folder exists). */
    workspacesFile: existsSync(join(home, '.mcp-hub')) ? join(home, '.mcp-hub', 'workspaces.json') : join(state, 'mcp-hub', 'workspaces.json'),
  };
}
