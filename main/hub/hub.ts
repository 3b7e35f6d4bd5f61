import { resolve } from 'node:path';
import type { HubEventMap } from '../../shared/events.js';
import type { HubState, ServerInfo } from '../../shared/status.js';
import { HUB_VERSION } from '../../shared/version.js';
import { OAuthLogins } from './auth/oauth-logins.js';
import { OAuthStore } from './auth/oauth-store.js';
import { Catalog } from './catalog/catalog.js';
import { describeChanges, diffServers } from './config/diff.js';
import { ConfigEditor } from './config/editor.js';
import { ConfigFileError, loadConfigFiles, type LoadedConfig } from './config/load.js';
import { usableProfiles } from './config/profiles.js';
import { hubResolveContext, type ResolveContext } from './config/resolve.js';
import { watchConfigFiles } from './config/watch.js';
import { Endpoint } from './endpoint/endpoint.js';
import { HubError } from './errors.js';
import { HubEventBus } from './events.js';
import { silentLogger, type Logger } from './log.js';
import { hubPaths } from './paths.js';
import { lockFileOf } from './pinning/lock-file.js';
import { ToolPins } from './pinning/pins.js';
import { ServerProcesses } from './processes/server-processes.js';
import { Redactor } from './redactor.js';
import { MemorySecretStore } from './secrets/memory-store.js';
import type { SecretStore } from './secrets/secret-store.js';
import { CatalogStore } from './upstream/catalog-store.js';
import { serverFactory } from './server-factory.js';
import { maxMessageBytes } from './upstream/line-reader.js';
import type { StdioSettings } from './upstream/stdio-transport.js';
import type { UpstreamServer } from './upstream/upstream-server.js';
import { UpstreamServers } from './servers.js';
import type { HubAddress, HubOptions } from './hub-options.js';
import { HubWorkspace } from './workspaces/hub-workspace.js';
import { WorkspaceRegistry, type Workspaces } from './workspaces/registry.js';
import { ProjectTrust, requireTrusted } from './workspaces/project-trust.js';
import { errorMessage } from '../../shared/errors.js';

export type { HubAddress, HubOptions } from './hub-options.js';

/**
 * The hub core: the configured upstream servers, their aggregated catalog, the MCP endpoint's
 * sessions, and their lifecycle (start, supervision, config reconciliation, stop). It knows no
 * HTTP and no caller: the service layer (`service/`) is its front door, and `compose.ts` puts it
 * behind a listener. It owns no process-global state, so several can run side by side.
 */
export class Hub {
  readonly events = new HubEventBus();
  readonly catalog: Catalog;
  /** Pinned tool definitions: what each server's tools were trusted as. */
  readonly pins: ToolPins;
  readonly redactor: Redactor;
  readonly configEditor: ConfigEditor;
  /** Routes between client sessions and upstream servers; the HTTP adapter hands it sessions. */
  readonly endpoint: Endpoint;
  /** The `--workspace` project folder, whose servers run only once the user trusts it. */
  readonly project: ProjectTrust | undefined;
  private stateValue: HubState = 'stopped';
  private configValue: LoadedConfig | undefined;
  private configErrorValue: string | undefined;
  private addressValue: HubAddress | undefined;
  private readonly log: Logger;
  private workspace: HubWorkspace | undefined;
  private secretStore: Promise<SecretStore> | undefined;
  private readonly servers: UpstreamServers;
  private readonly catalogStore: CatalogStore;
  /** The OAuth logins the hub is waiting for; a callback completes one of them. */
  readonly logins: OAuthLogins;
  private clientCount = 0;
  private ready: Promise<void> = Promise.resolve();
  private resolveContext: ResolveContext | undefined;
  private stdio: StdioSettings | undefined;
  private readonly processes: ServerProcesses;
  private stopWatching: (() => void) | undefined;
  /** Reloads run one at a time, in order. */
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: HubOptions) {
    this.log = options.logger ?? silentLogger();
    this.processes = options.processes ?? new ServerProcesses({ dir: options.processesDir, log: this.log });
    this.redactor = options.redactor ?? new Redactor();
    this.configEditor = new ConfigEditor(options.configFiles, options.backupDir ?? hubPaths().backupDir);
    this.project = options.project && new ProjectTrust(options.project, this.log);
    this.catalogStore = new CatalogStore(options.catalogDir ?? hubPaths().catalogDir, this.log);
    this.pins = new ToolPins({
      backupDir: options.backupDir ?? hubPaths().backupDir,
      definitionsDir: options.definitionsDir ?? hubPaths().definitionsDir,
      log: this.log,
      onHeld: (server, tools) => this.events.emit('tool_changed', { server, tools }),
    });
    this.catalog = new Catalog(this.pins);
    this.endpoint = new Endpoint(this.catalog, {
      pageSize: options.pageSize,
      serverInfo: { name: 'mcp-hub', version: HUB_VERSION },
      logger: this.log,
      onToolCall: (record) => this.events.emit('tool_call', record),
      onSessionsChanged: (sessions) => this.events.emit('sessions_changed', { sessions }),
      makeInstance: (server, session) => this.servers.makeInstance(server, session),
    });
    this.servers = new UpstreamServers({
      create: serverFactory({
        options,
        log: this.log,
        peer: this.endpoint,
        redactor: this.redactor,
        catalogStore: this.catalogStore,
        logins: () => this.logins,
        resolveContext: () => this.resolveContext,
        stdio: () => this.stdio,
      }),
      catalog: this.catalog,
      endpoint: this.endpoint,
      events: this.events,
    });
    this.logins = new OAuthLogins({
      store: new OAuthStore(() => this.secrets(), this.redactor, this.log),
      redactor: this.redactor,
      logger: this.log,
      redirectUrl: () => `${this.address.url}/api/oauth/callback`,
      isCurrent: (provider) => this.servers.get(provider.serverName)?.oauth === provider,
    });
  }

  get state(): HubState {
    return this.stateValue;
  }

  /** The config as last loaded successfully. */
  get config(): LoadedConfig | undefined {
    return this.configValue;
  }

  /** Why the config files could not be applied, until they can: `file:line:column: what`. */
  get configError(): string | undefined {
    return this.configErrorValue;
  }

  get address(): HubAddress {
    if (!this.addressValue) throw new Error('The hub is not listening');
    return this.addressValue;
  }


  /**
   * Loads the config, creates the servers and gives lazy ones their saved catalogs, so the first
   * client already finds them. A broken config file rejects (unless `startWithBrokenConfig`).
   */
  async load(): Promise<void> {
    this.setState('starting');
    const env = this.options.env ?? process.env;
    const secrets = { get: async (name: string) => (await this.secrets()).get(name) };
    this.resolveContext = hubResolveContext(env, this.options.cwd ?? process.cwd(), secrets, (value) => this.redactor.add([value]));
    this.stdio = { maxLineBytes: maxMessageBytes(env, (message) => this.log.warn(message)), processes: this.processes, early: this.options.early };
    // Before any server starts: what a hub that died left behind goes first.
    this.processes.start();
    try {
      this.configValue = await this.loadConfig();
    } catch (error) {
      if (!(error instanceof ConfigFileError) || !this.options.startWithBrokenConfig) throw error;
      this.log.error({ err: error.message }, 'starting without servers until the config file is fixed');
      this.configErrorValue = error.message;
      this.configValue = { files: this.options.configFiles.map((path) => ({ path: resolve(path), missing: false })), servers: [], profiles: [], shadowed: [] };
    }
    await this.pins.load(this.options.configFiles);
    this.catalog.setProfiles(usableProfiles(this.configValue.profiles));
    this.servers.create(this.configValue.servers);
    await Promise.all(this.servers.all().filter((server) => server.status !== 'disabled').map((server) => server.restore()));
    void this.catalogStore.prune();
  }

  /**
   * Starts every server in parallel, now that clients can reach the hub at `address`, and lists
   * the hub in workspaces.json. Resolves once listed; `whenReady()` waits for the servers.
   */
  async run(address: HubAddress): Promise<void> {
    this.addressValue = address;
    this.ready = Promise.allSettled(
      this.servers.all().filter((server) => server.status !== 'disabled' && server.status !== 'sleeping').map((server) => server.start()),
    ).then(() => {
      if (this.state === 'starting') this.setState('ready');
    });
    // Registering takes a file lock; the servers are already starting meanwhile.
    if (this.options.workspacesFile) await this.joinWorkspaces(this.options.workspacesFile, this.resolveContext?.cwd ?? process.cwd());
    if (this.options.watch) {
      const files = this.options.configFiles.map((file) => resolve(file));
      // A lock file that changes (a hand edit, a pull, the hub's own pin) only decides again what is held.
      const reloadPins = () => void this.pins.load(this.options.configFiles).then(() => this.catalog.reexposeAll());
      const stops = [watchConfigFiles(files, () => void this.reloadConfig()), watchConfigFiles(files.map(lockFileOf), reloadPins)];
      this.stopWatching = () => stops.forEach((stop) => stop());
    }
  }

  /** Resolves when every server's first start has settled (connected or failed). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * Re-reads the config files and applies the difference: added servers start, removed ones stop,
   * changed ones restart, the rest keep running untouched. A file that does not parse changes
   * nothing; the hub keeps running on the last good config and says why.
   */
  reloadConfig(): Promise<{ error?: string }> {
    const result = this.reloading.then(() => this.applyConfig());
    this.reloading = result.then(() => undefined);
    return result;
  }

  /** mcp-hub v4's `/api/restart`: re-read the config, then restart every server that should run. */
  async restart(): Promise<void> {
    this.setState('restarting');
    const { error } = await this.reloadConfig();
    if (error) {
      this.setState('ready');
      throw new HubError('CONFIG_INVALID', error);
    }
    // A sleeping server has no process to restart; its next request starts it afresh anyway.
    const running = this.servers.all().filter((server) => !server.isDisabledInConfig() && server.status !== 'sleeping');
    await Promise.allSettled(running.map((server) => server.restart()));
    this.setState('restarted');
  }

  /** Says the hub is going away for a restart of its process (mcp-hub v4's hard restart). */
  announceHardRestart(): void {
    this.setState('restarting');
  }

  /** Stops every server (and its process tree) and closes the client sessions. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.setState('stopping');
    // Leaving the registry never fails; it runs while the servers stop.
    const leaving = this.workspace?.stop();
    this.stopWatching?.();
    await this.reloading;
    await this.endpoint.closeAll();
    await Promise.allSettled(this.servers.all().map((server) => server.stop()));
    this.processes.stop();
    await Promise.all([leaving, this.pins.settled()]);
    this.setState('stopped');
  }

  /** Last resort when the process is exiting and cannot wait: kill every child now. */
  killNow(): void {
    for (const server of this.servers.all()) server.killNow();
    this.processes.killAll();
  }

  /** How many clients are connected (MCP sessions and event-stream listeners): auto-shutdown waits for none. */
  setClientCount(count: number): void {
    this.clientCount = count;
    this.workspace?.clientsChanged(count);
  }

  /** The secret store, opened on first use. */
  secrets(): Promise<SecretStore> {
    this.secretStore ??= (this.options.openSecretStore ?? (async () => new MemorySecretStore()))();
    return this.secretStore;
  }

  /** Every hub running on this machine, from workspaces.json. */
  async listWorkspaces(): Promise<Workspaces> {
    return this.workspace ? this.workspace.list() : {};
  }

  /** The hubs of workspaces.json as last seen, for answers that cannot wait for the file. */
  get workspaces(): Workspaces {
    return this.workspace?.snapshot ?? {};
  }

  serverInfos(): ServerInfo[] {
    return this.servers.infos();
  }

  serverInfo(name: string): ServerInfo {
    return this.servers.info(this.servers.require(name));
  }

  server(name: string): UpstreamServer | undefined {
    return this.servers.get(name);
  }

  requireServer(name: string): UpstreamServer {
    return this.servers.require(name);
  }

  /** A server that takes requests: connected, or sleeping (the request wakes it). */
  requireAvailable(name: string): UpstreamServer {
    const server = this.servers.require(name);
    if (!server.acceptsRequests) {
      const why = server.error ? `: ${server.error}` : '';
      throw new HubError('SERVER_NOT_CONNECTED', `Server '${name}' is not connected (status: ${server.status}${why})`, { server: name, status: server.status });
    }
    return server;
  }

  /** Starts a server; a server disabled in its config file is enabled there first. */
  async startServer(name: string): Promise<ServerInfo> {
    const server = this.requireServer(name);
    requireTrusted(server.definition);
    if (server.isDisabledInConfig()) await this.persistDisabled(server, undefined);
    await server.start();
    this.events.emit('servers_updated', { changes: { modified: [name] } });
    return this.serverInfo(name);
  }

  /** Stops a server; `disable` also writes `"disabled": true` into its config file, so it stays off. */
  async stopServer(name: string, options: { disable?: boolean } = {}): Promise<ServerInfo> {
    const server = this.requireServer(name);
    if (options.disable && !server.isDisabledInConfig()) await this.persistDisabled(server, true);
    await server.stop(options);
    this.events.emit('servers_updated', { changes: { modified: [name] } });
    return this.serverInfo(name);
  }

  /** Changes config files through `edit`, then applies the result at once (not waiting for --watch). */
  async editConfig<T>(edit: (editor: ConfigEditor) => Promise<T>): Promise<T> {
    const result = await edit(this.configEditor);
    const { error } = await this.reloadConfig();
    if (error) this.log.error({ err: error }, 'a config file the hub wrote does not load');
    return result;
  }

  /** The `hub_state` event for the current state: what a new event-stream client learns first. */
  stateEvent(): HubEventMap['hub_state'] {
    return { state: this.state, pid: process.pid, port: this.addressValue?.port ?? 0 };
  }

  private async persistDisabled(server: UpstreamServer, value: true | undefined): Promise<void> {
    try {
      await this.editConfig((editor) =>
        editor.editFile(server.definition.source, [{ kind: 'setField', name: server.name, field: 'disabled', value }]),
      );
    } catch (error) {
      // A file the hub cannot edit (JSON5) still lets the user start and stop; it just is not remembered.
      this.log.warn({ server: server.name, err: errorMessage(error) }, 'could not write disabled to the config file');
    }
  }

  private async loadConfig(): Promise<LoadedConfig> {
    const config = await loadConfigFiles(this.options.configFiles, { projectFiles: this.project?.files });
    for (const file of config.files) {
      if (file.missing) this.log.warn({ file: file.path }, 'config file not found; it contributes no servers');
    }
    for (const item of [...config.servers, ...config.profiles]) if (item.problem) this.log.error({ name: item.name }, item.problem);
    for (const { name, source, shadowedBy } of config.shadowed) this.log.warn({ server: name, file: source, shadowedBy }, 'not used: your own server of this name wins');
    return this.project ? this.project.mark(config) : config;
  }

  private async applyConfig(): Promise<{ error?: string }> {
    if (this.state === 'stopping' || this.state === 'stopped' || !this.configValue) return {};
    let next: LoadedConfig;
    try {
      next = await this.loadConfig();
    } catch (error) {
      const message = errorMessage(error);
      this.log.error({ err: message }, 'config not reloaded; the servers keep running on the last good config');
      this.configErrorValue = message;
      this.events.emit('config_changed', { isSignificant: false, error: message });
      return { error: message };
    }
    this.configErrorValue = undefined;
    this.events.emit('log', { type: 'debug', message: 'config files re-read', source: 'hub' });
    const diff = diffServers(this.configValue.servers, next.servers);
    this.configValue = next;
    const significant = diff.added.length + diff.removed.length + diff.modified.length + diff.updated.length > 0;
    this.events.emit('config_changed', { isSignificant: significant });
    this.catalog.setProfiles(usableProfiles(next.profiles));
    if (!significant) return {};
    const changes = { added: diff.added, removed: diff.removed, modified: [...diff.modified, ...diff.updated], unchanged: diff.unchanged };
    this.log.info(changes, 'applying config change');
    this.events.emit('servers_updating', { changes });
    await this.servers.apply(diff, next.servers);
    this.events.emit('log', { type: 'info', message: `config change applied: ${describeChanges(changes)}`, source: 'hub' });
    this.events.emit('servers_updated', { changes });
    return {};
  }

  private async joinWorkspaces(file: string, cwd: string): Promise<void> {
    this.workspace = new HubWorkspace({
      registry: new WorkspaceRegistry({ file }),
      port: this.address.port,
      cwd,
      // As given, not resolved: mcphub.nvim compares them to find a hub it can reuse.
      configFiles: this.options.configFiles,
      ...(this.options.autoShutdown && { autoShutdown: this.options.autoShutdown }),
      onError: (error, action) => this.log.warn({ err: String(error), action }, 'workspaces.json not updated'),
    });
    this.workspace.on('changed', (workspaces) => this.events.emit('workspaces_updated', { workspaces }));
    await this.workspace.start();
    // Clients may have connected while the hub registered itself.
    this.workspace.clientsChanged(this.clientCount);
  }

  private setState(state: HubState): void {
    this.stateValue = state;
    this.events.emit('hub_state', this.stateEvent());
  }
}
