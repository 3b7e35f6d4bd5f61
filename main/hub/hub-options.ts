import type { Logger } from './log.js';
import type { ServerProcesses } from './processes/server-processes.js';
import type { Redactor } from './redactor.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { RestartPolicy } from './upstream/restart-policy.js';
import type { EarlyChildren } from './upstream/spawn-server.js';
import type { ProjectOptions } from './workspaces/project-trust.js';

export interface HubOptions {
  /** Config files, merged in order (a later file's server replaces an earlier one of the same name). */
  configFiles: string[];
  logger?: Logger;
  /** The environment placeholders and servers see; default process.env. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  restartPolicy?: Partial<RestartPolicy>;
  /**
   * Servers whose entry and file do not say otherwise are lazy: started by their first request and
   * stopped again after `idleTimeoutMs` without one (`--lazy`). Default false.
   */
  lazy?: boolean;
  /** How long a lazy server may idle before it sleeps, unless its entry or file sets `idleTimeout` (default 10 min). */
  idleTimeoutMs?: number;
  /** Where lazy servers' catalogs are kept while they sleep (default `hubPaths().catalogDir`). */
  catalogDir?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  healthCheckIntervalMs?: number;
  /**
   * How long a stdio server may stay silent on the hub's `server/discover` probe (does it speak
   * MCP 2026-07-28?) before it counts as a 2025-era server (default 5 s). Paid once per entry: the
   * answer is kept next to the catalogs.
   */
  probeTimeoutMs?: number;
  /**
   * Items per page of list results on the MCP endpoints; default: every item in one answer, as
   * mcp-hub v4 answers. Many clients never follow `nextCursor` and would silently miss the rest,
   * and a whole listing in pages costs a round trip (and the SDK client's per-answer work) per page.
   */
  pageSize?: number;
  /** Reload the config files when they change (only changed servers restart). */
  watch?: boolean;
  /** Shared with the logger, so log files are redacted like responses and events. */
  redactor?: Redactor;
  /**
   * Where the hub records its servers' processes, so that the next hub ends what this one left if
   * it dies without stopping them (`hubPaths().processesDir`); tests omit it.
   */
  processesDir?: string;
  /** The record of the servers' processes, when the CLI began it to start servers early; else one in `processesDir`. */
  processes?: ServerProcesses;
  /** Servers the CLI started while the hub's code loaded, for their transports to take over. */
  early?: EarlyChildren;
  /** Where previous versions of config files are kept when the hub writes them. */
  backupDir?: string;
  /** Where approved tool definitions are kept by hash, to show a change beside them (default `hubPaths().definitionsDir`). */
  definitionsDir?: string;
  /** The machine's registry of running hubs to list this hub in (workspaces.json); tests omit it. */
  workspacesFile?: string;
  /** `--auto-shutdown`: `onShutdown` is called when no client has been connected for `delayMs`. Needs `workspacesFile`. */
  autoShutdown?: { delayMs: number; onShutdown: () => void };
  /**
   * Opens where `${secret:NAME}` values live (the OS keychain, or its file fallback). Called on
   * first use only, so a hub whose config holds no secret never touches the keychain. Default: a
   * store in memory.
   */
  openSecretStore?: () => Promise<SecretStore>;
  /**
   * A config file that does not parse at start: by default `load()` throws (the CLI exits and
   * says where). With this set (the desktop app), the hub starts without servers, reports the
   * error (`configError`) and applies the file once it is fixed, so the UI can fix it.
   */
  startWithBrokenConfig?: boolean;
  /**
   * `--workspace`: a project folder whose config files (also in `configFiles`) are untrusted until
   * the user trusts them: their servers are listed, not started, and never replace the user's own.
   */
  project?: ProjectOptions;
}

/** Where the hub's listener is, once it listens: what clients and authorization servers are sent to. */
export interface HubAddress {
  /** e.g. `http://127.0.0.1:37373` */
  url: string;
  port: number;
}
