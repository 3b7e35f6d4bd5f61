import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

interface BaseDirs {
  config: string;
  state: string;
  data: string;
  cache: string;
  logs: string;
}

/**
 * Where an app keeps its files on each OS: the XDG base directories on Linux (mcp-hub v4 and
 * mcphub.nvim use them too), Application Support / Caches / Logs on macOS, AppData elsewhere on
 * Windows. An XDG variable that is set wins on every OS, for people who configured it on purpose.
 */
function baseDirs(env: Env, platform: NodeJS.Platform, home: string): BaseDirs {
  const xdg = (name: string) => env[name] || undefined;
  let native: Omit<BaseDirs, 'logs'> & { logs: string | undefined };
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support');
    native = { config: support, state: support, data: support, cache: join(home, 'Library', 'Caches'), logs: join(home, 'Library', 'Logs', 'mcp-hub') };
  } else if (platform === 'win32') {
    const roaming = env['APPDATA'] || join(home, 'AppData', 'Roaming');
    const local = env['LOCALAPPDATA'] || join(home, 'AppData', 'Local');
    native = { config: roaming, state: roaming, data: roaming, cache: local, logs: join(local, 'mcp-hub', 'logs') };
  } else {
    native = { config: join(home, '.config'), state: join(home, '.local', 'state'), data: join(home, '.local', 'share'), cache: join(home, '.cache'), logs: undefined };
  }
  const state = xdg('XDG_STATE_HOME') ?? native.state;
  return {
    config: xdg('XDG_CONFIG_HOME') ?? native.config,
    state,
    data: xdg('XDG_DATA_HOME') ?? native.data,
    cache: xdg('XDG_CACHE_HOME') ?? native.cache,
    logs: xdg('XDG_STATE_HOME') || !native.logs ? join(state, 'mcp-hub', 'logs') : native.logs,
  };
}

/** The hub's files on this machine (the CLI and the desktop app share them). */
export function hubPaths(env: Env = process.env, platform: NodeJS.Platform = process.platform) {
  const home = env['HOME'] || homedir();
  const dirs = baseDirs(env, platform, home);
  // A config made where the CLI used to keep it on every OS (~/.config) stays in use.
  const xdgConfig = join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'mcp-hub', 'mcp.json');
  const xdgState = env['XDG_STATE_HOME'] || join(home, '.local', 'state');
  return {
    defaultConfigFile: existsSync(xdgConfig) ? xdgConfig : join(dirs.config, 'mcp-hub', 'mcp.json'),
    logDir: dirs.logs,
    /** Previous versions of config files the hub wrote, kept out of the user's folders. */
    backupDir: join(dirs.state, 'mcp-hub', 'backups'),
    /** The marketplace's copy of the registries' catalogs (mcp-hub v4's cache folder). */
    cacheDir: join(dirs.data, 'mcp-hub', 'cache'),
    /** What lazy servers offered when they last ran, so they are listed while they sleep; safe to delete. */
    catalogDir: join(dirs.cache, 'mcp-hub', 'catalogs'),
    /** Tool definitions as approved, by their hash, so a changed one can be shown beside its predecessor. */
    definitionsDir: join(dirs.state, 'mcp-hub', 'definitions'),
    /** The processes of each running hub's servers, for the next hub to end if one dies without stopping them. */
    processesDir: join(dirs.state, 'mcp-hub', 'processes'),
    /** What the hub wrote into MCP clients' config files, so that it can be undone. */
    clientConnectionsFile: join(dirs.state, 'mcp-hub', 'client-connections.json'),
    /** The project folders (`--workspace`) the user trusts, each for one content hash of its config files. */
    trustedProjectsFile: join(dirs.state, 'mcp-hub', 'trusted-projects.json'),
    /** Secrets when no keychain is available (0600), unless that fallback is forbidden. */
    secretsFile: join(dirs.data, 'mcp-hub', 'secrets.json'),
    /**
     * The registry of running hubs, where mcp-hub v4 and its editor plugins look for it on every
     * OS: the XDG state folder, or ~/.mcp-hub when that folder exists.
     */
    workspacesFile: existsSync(join(home, '.mcp-hub')) ? join(home, '.mcp-hub', 'workspaces.json') : join(xdgState, 'mcp-hub', 'workspaces.json'),
  };
}
