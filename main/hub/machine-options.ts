import { join, resolve } from 'node:path';
import type { StdioBridge } from '../../shared/clients.js';
import { ensureConfigFile } from './config/load.js';
import type { HubAppOptions } from './compose.js';
import { createLogger, type Logger } from './log.js';
import { resolveRegistryUrls } from './marketplace/registry-client.js';
import { hubPaths } from './paths.js';
import { Redactor } from './redactor.js';
import { openSecretStore } from './secrets/open-secret-store.js';
import { projectConfigFiles } from './workspaces/project-files.js';

/** What the person starting the hub chose; everything else follows from the machine's conventions. */
export interface MachineHubSettings {
  port: number;
  host: string;
  apiToken: string | undefined;
  /** Default: MCP_HUB_LOG_LEVEL, then info. */
  logLevel: string | undefined;
  /** None: the default config file, created on first run. */
  configFiles: string[];
  watch: boolean;
  /** The built browser UI, when there is one. */
  uiDir: string | undefined;
  /** A project folder: its config files (.vscode/mcp.json, .cursor/mcp.json, .mcp-hub.json) are layered over the user's. */
  workspace?: string | undefined;
  /** `--trust-workspace`: the workspace's files as they are at start are trusted (and recorded). */
  trustWorkspace?: boolean | undefined;
  /** How MCP clients run this installation's stdio bridge (see HubAppOptions.clients). */
  bridge?: StdioBridge | undefined;
  /** The environment servers see; default process.env. */
  env?: Record<string, string | undefined> | undefined;
  /** `--lazy`: servers start on their first request and sleep when idle, unless their config says otherwise. */
  lazy?: boolean | undefined;
  /** `--idle-timeout`: seconds a lazy server may idle before it sleeps. */
  idleTimeoutS?: number | undefined;
}

export interface MachineHub {
  options: HubAppOptions & { logger: Logger };
  logger: Logger;
  /** Set when the default config file did not exist and was created now, so the caller can say so. */
  createdConfigFile: string | undefined;
}

/**
 * The options of the hub a person runs on their machine, shared by the CLI and the desktop app so
 * both find the same config, log to the same place, list themselves in the same workspaces.json
 * and keep secrets in the same keychain entries.
 */
export async function machineHubOptions(settings: MachineHubSettings, paths = hubPaths()): Promise<MachineHub> {
  let configFiles = settings.configFiles;
  let createdConfigFile: string | undefined;
  if (configFiles.length === 0) {
    configFiles = [paths.defaultConfigFile];
    if (await ensureConfigFile(paths.defaultConfigFile)) createdConfigFile = paths.defaultConfigFile;
  }
  if (settings.workspace) configFiles = [...configFiles, ...projectConfigFiles(settings.workspace)];
  const redactor = new Redactor();
  const logger = createLogger({ level: settings.logLevel, file: join(paths.logDir, `mcp-hub-${settings.port}.log`), redactor });
  const options: HubAppOptions & { logger: Logger } = {
    configFiles,
    ...(settings.uiDir && { uiDir: settings.uiDir }),
    port: settings.port,
    host: settings.host,
    apiToken: settings.apiToken,
    logger,
    redactor,
    watch: settings.watch,
    ...(settings.workspace && {
      cwd: resolve(settings.workspace),
      project: { folder: settings.workspace, files: projectConfigFiles(settings.workspace), trustFile: paths.trustedProjectsFile, trustAtStart: settings.trustWorkspace === true },
    }),
    ...(settings.env && { env: settings.env }),
    ...(settings.bridge && { clients: { bridge: settings.bridge } }),
    ...(settings.lazy && { lazy: true }),
    ...(settings.idleTimeoutS !== undefined && { idleTimeoutMs: settings.idleTimeoutS * 1000 }),
    catalogDir: paths.catalogDir,
    processesDir: paths.processesDir,
    workspacesFile: paths.workspacesFile,
    marketplace: { registries: resolveRegistryUrls(), cacheDir: paths.cacheDir },
    openSecretStore: () =>
      openSecretStore({
        service: 'mcp-hub',
        file: paths.secretsFile,
        allowFileFallback: process.env['MCP_HUB_SECRET_FILE'] !== 'forbid',
        fallbackSettingName: 'MCP_HUB_SECRET_FILE=forbid',
        warn: (message) => logger.warn(message),
      }),
  };
  return { options, logger, createdConfigFile };
}
