import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import express from 'express';
import { defaultBridge, type HubEndpoint, type StdioBridge } from '../../shared/clients.js';
import type { OperationResult } from '../../shared/contract.js';
import type { HubEventMap } from '../../shared/events.js';
import type { LogLevel } from '../../shared/log.js';
import type { HubState, ServerInfo } from '../../shared/status.js';
import { HUB_VERSION } from '../../shared/version.js';
import { errorHandler, HubError, serverNotFound, upstreamError } from './api/errors.js';
import { EventStream } from './api/event-stream.js';
import { oauthCallbackRoute, type CompletedLogin } from './api/oauth-callback.js';
import { openApiDocument } from './api/openapi.js';
import { hubOperations } from './api/operations.js';
import { restRoutes } from './api/rest.js';
import { isLoopbackHost, localRequestsOnly, requireToken } from './api/security.js';
import { uiRoutes } from './api/ui.js';
import { OAuthLogins } from './auth/oauth-logins.js';
import { OAuthStore } from './auth/oauth-store.js';
import { ClientConfigs } from './clients/client-configs.js';
import type { ClientEnvironment } from './clients/known-clients.js';
import { Catalog } from './catalog/catalog.js';
import { diffServers } from './config/diff.js';
import { ConfigEditor } from './config/editor.js';
import { ConfigFileError, loadConfigFiles, type LoadedConfig } from './config/load.js';
import { watchConfigFiles } from './config/watch.js';
import { parseGlobalEnv, type ResolveContext } from './config/resolve.js';
import { Endpoint } from './endpoint/endpoint.js';
import { McpHttpRoutes } from './endpoint/http.js';
import { HubEventBus } from './events.js';
import { Marketplace, type MarketplaceOptions } from './marketplace/marketplace.js';
import { MemorySecretStore } from './secrets/memory-store.js';
import type { SecretStore } from './secrets/secret-store.js';
import { hubPaths } from './paths.js';
import { Redactor } from './redactor.js';
import { silentLogger, type Logger } from './log.js';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './upstream/restart-policy.js';
import { CatalogStore } from './upstream/catalog-store.js';
import { UpstreamServer } from './upstream/upstream-server.js';
import { HubWorkspace } from './workspaces/hub-workspace.js';
import { WorkspaceRegistry, type Workspaces } from './workspaces/registry.js';

export interface HubOptions {
  /** Config files, merged in order (a later file's server replaces an earlier one of the same name). */
  configFiles: string[];
  /** Default 127.0.0.1. Anything beyond loopback requires `apiToken`. */
  host?: string;
  /** Default 37373; 0 picks a free port. */
  port?: number;
  /** Required as a Bearer token on /mcp and /api when set. */
  apiToken?: string;
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
  /** Items per page of list results on /mcp. */
  pageSize?: number;
  /** A /mcp session with no open stream and no request for this long is closed (default 30 min). */
  sessionIdleTimeoutMs?: number;
  /** Reload the config files when they change (only changed servers restart). */
  watch?: boolean;
  /**
   * Called by `POST /api/hard-restart` after it answered: the embedder ends the process (the CLI)
   * or relaunches the app (the desktop). Without it the route answers 501.
   */
  onHardRestart?: () => void;
  /** Shared with the logger, so log files are redacted like responses and events. */
  redactor?: Redactor;
  /** Where previous versions of config files are kept when the hub writes them. */
  backupDir?: string;
  /** The machine's registry of running hubs to list this hub in (workspaces.json); tests omit it. */
  workspacesFile?: string;
  /** `--auto-shutdown`: `onShutdown` is called when no client has been connected for `delayMs`. Needs `workspacesFile`. */
  autoShutdown?: { delayMs: number; onShutdown: () => void };
  /** The registries the marketplace reads; without it only the bundled snapshot is offered (tests never go online). */
  marketplace?: MarketplaceOptions;
  /**
   * Opens where `${secret:NAME}` values live (the OS keychain, or its file fallback). Called on
   * first use only, so a hub whose config holds no secret never touches the keychain. Default: a
   * store in memory.
   */
  openSecretStore?: () => Promise<SecretStore>;
  /**
   * Opens a login's authorization URL in the user's browser (the desktop passes Electron's
   * `shell.openExternal`). Without it, `POST /api/servers/authorize` only answers with the URL.
   */
  openUrl?: (url: string) => Promise<void>;
  /**
   * The built browser UI (`out/renderer`), served at `/`. It holds no data: everything it shows
   * comes through /api, under the same Host, Origin and token rules.
   */
  uiDir?: string;
  /**
   * A config file that does not parse at start: by default `start()` throws (the CLI exits and
   * says where). With this set (the desktop app), the hub starts without servers, reports the
   * error (`health().configError`) and applies the file once it is fixed, so the UI can fix it.
   */
  startWithBrokenConfig?: boolean;
  /** The MCP clients' config files (import, connect). Tests point `where` at a fixture home. */
  clients?: {
    where?: ClientEnvironment;
    recordsFile?: string;
    /**
     * How a client starts the stdio bridge of this installation (`stdio --port P` is appended to
     * `args`). Default: `mcp-hub` from the PATH.
     */
    bridge?: StdioBridge;
  };
}

export class HubStartError extends Error {}

/**
 * The hub: config, upstream servers, the aggregated catalog, the /mcp endpoint and the REST API,
 * composed. It owns no process-global state, so several can run side by side (tests use port 0).
 */
export class Hub {
  readonly events = new HubEventBus();
  readonly catalog = new Catalog();
  state: HubState = 'stopped';
  config: LoadedConfig | undefined;
  /** Why the config files could not be applied, until they can: `file:line:column: what`. */
  configError: string | undefined;

  readonly redactor: Redactor;
  readonly configEditor: ConfigEditor;
  readonly marketplace: Marketplace;
  readonly clients: ClientConfigs;
  private readonly log: Logger;
  private readonly endpoint: Endpoint;
  private readonly eventStream: EventStream;
  private workspace: HubWorkspace | undefined;
  private secretStore: Promise<SecretStore> | undefined;
  /** /mcp sessions and /api/events listeners together: the clients auto-shutdown waits for. */
  private readonly clientsChanged = (): void => {
    this.workspace?.clientsChanged(this.eventStream.clientCount + this.mcpRoutes.sessionCount);
  };
  private readonly mcpRoutes: McpHttpRoutes;
  private readonly servers = new Map<string, UpstreamServer>();
  private readonly catalogStore: CatalogStore;
  private readonly oauth: OAuthLogins;
  private http: HttpServer | undefined;
  private ready: Promise<void> = Promise.resolve();
  private resolveContext: ResolveContext | undefined;
  private stopWatching: (() => void) | undefined;
  /** Reloads run one at a time, in order. */
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: HubOptions) {
    this.log = options.logger ?? silentLogger();
    this.redactor = options.redactor ?? new Redactor();
    this.configEditor = new ConfigEditor(options.configFiles, options.backupDir ?? hubPaths().backupDir);
    // Read on first use only: starting the hub never waits for, or depends on, the network.
    this.marketplace = new Marketplace(options.marketplace ?? { registries: [], cacheDir: hubPaths().cacheDir });
    this.redactor.add([options.apiToken]);
    this.catalogStore = new CatalogStore(options.catalogDir ?? hubPaths().catalogDir, this.log);
    this.clients = new ClientConfigs({
      where: options.clients?.where ?? { home: homedir(), platform: process.platform, env: options.env ?? process.env },
      backupDir: options.backupDir ?? hubPaths().backupDir,
      recordsFile: options.clients?.recordsFile ?? hubPaths().clientConnectionsFile,
      endpoint: () => this.clientEndpoint(),
    });
    this.eventStream = new EventStream(this.events, {
      hubIdentity: () => ({ pid: process.pid, port: this.http?.listening ? this.port : (options.port ?? 37373), state: this.state }),
      catalogOf: (name) => this.servers.get(name)?.catalog,
      redact: (text) => this.redactor.redact(text),
      onClientsChanged: this.clientsChanged,
    });
    this.endpoint = new Endpoint(this.catalog, {
      pageSize: options.pageSize ?? 1000,
      serverInfo: { name: 'mcp-hub', version: HUB_VERSION },
      logger: this.log,
      onToolCall: (record) => this.events.emit('tool_call', record),
    });
    this.mcpRoutes = new McpHttpRoutes(this.endpoint, this.catalog, {
      sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 30 * 60_000,
      onSessionsChanged: this.clientsChanged,
    });
    this.oauth = new OAuthLogins({
      store: new OAuthStore(() => this.secrets(), this.redactor, this.log),
      redactor: this.redactor,
      logger: this.log,
      redirectUrl: () => this.oauthRedirectUrl(),
      isCurrent: (provider) => this.servers.get(provider.serverName)?.oauth === provider,
    });
  }

  /** The address clients use, e.g. `http://127.0.0.1:37373`. */
  get url(): string {
    const address = this.http?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The hub is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  get port(): number {
    return (this.http?.address() as AddressInfo).port;
  }

  /**
   * Where authorization servers send the browser back: the hub's own port, on 127.0.0.1 (RFC 8252)
   * when the hub listens on loopback or on every address, so the URI stays the same across starts.
   */
  private oauthRedirectUrl(): string {
    const { address, family } = this.http?.address() as AddressInfo;
    const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : family === 'IPv6' ? `[${address}]` : address;
    return `http://${host}:${this.port}/api/oauth/callback`;
  }

  /**
   * Loads the config, listens, and starts every server in parallel. Resolves once listening; a
   * broken config file or a busy port rejects. `whenReady()` waits for the servers.
   */
  async start(): Promise<void> {
    this.setState('starting');
    const host = this.options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host) && !this.options.apiToken) {
      throw new HubStartError(`Refusing to listen on ${host} without an API token: set MCP_HUB_API_TOKEN or --api-token`);
    }
    const env = this.options.env ?? process.env;
    const resolveContext: ResolveContext = {
      env,
      globalEnv: parseGlobalEnv(env['MCP_HUB_ENV']),
      cwd: this.options.cwd ?? process.cwd(),
      secrets: { get: async (name) => (await this.secrets()).get(name) },
      onSecret: (value) => this.redactor.add([value]),
    };
    this.redactor.add(Object.values(resolveContext.globalEnv));
    this.resolveContext = resolveContext;
    try {
      this.config = await this.loadConfig();
    } catch (error) {
      if (!(error instanceof ConfigFileError) || !this.options.startWithBrokenConfig) throw error;
      this.log.error({ err: error.message }, 'starting without servers until the config file is fixed');
      this.configError = error.message;
      this.config = { files: this.options.configFiles.map((path) => ({ path: resolve(path), missing: false })), servers: [] };
    }
    for (const definition of this.config.servers) {
      this.servers.set(definition.name, this.createServer(definition, resolveContext));
    }
    this.catalog.setServers([...this.servers.values()]);
    // Before listening, so the first client already finds the sleeping servers' tools.
    await Promise.all([...this.servers.values()].filter((server) => server.status !== 'disabled').map((server) => server.restore()));
    void this.catalogStore.prune();

    this.http = createServer(this.app(host));
    await listen(this.http, this.options.port ?? 37373, host);
    this.log.info({ url: `${this.url}/mcp`, servers: this.servers.size }, 'hub listening');

    this.ready = Promise.allSettled(
      [...this.servers.values()].filter((server) => server.status !== 'disabled' && server.status !== 'sleeping').map((server) => server.start()),
    ).then(() => {
      if (this.state === 'starting') this.setState('ready');
    });
    // Registering in workspaces.json takes a file lock; the servers are already starting meanwhile.
    if (this.options.workspacesFile) await this.joinWorkspaces(this.options.workspacesFile, resolveContext.cwd);
    if (this.options.watch) {
      this.stopWatching = watchConfigFiles(this.options.configFiles.map((file) => resolve(file)), () => {
        void this.reloadConfig();
      });
    }
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
      throw new HubError('CONFIG_INVALID', error, 400);
    }
    // A sleeping server has no process to restart; its next request starts it afresh anyway.
    const running = [...this.servers.values()].filter((server) => !server.isDisabledInConfig() && server.status !== 'sleeping');
    await Promise.allSettled(running.map((server) => server.restart()));
    this.setState('restarted');
  }

  requestHardRestart(): void {
    const onHardRestart = this.options.onHardRestart;
    if (!onHardRestart) throw new HubError('NOT_SUPPORTED', 'This hub cannot restart its own process; restart it yourself', 501);
    this.setState('restarting');
    // Let the response leave first.
    setTimeout(onHardRestart, 50);
  }

  /** A tool call through the REST API, recorded like the ones through /mcp. */
  async callTool(
    server: UpstreamServer,
    tool: string,
    args: Record<string, unknown>,
    options: { via: 'api'; timeout?: number | undefined },
  ): Promise<Record<string, unknown>> {
    const started = Date.now();
    try {
      const result = await server.request(
        { method: 'tools/call', params: { name: tool, arguments: args } },
        options.timeout === undefined ? {} : { timeout: options.timeout },
      );
      const ok = result['isError'] !== true;
      this.events.emit('tool_call', { server: server.name, tool, via: options.via, durationMs: Date.now() - started, ok, ...(!ok && { error: 'the tool reported an error' }) });
      return result;
    } catch (error) {
      const failure = upstreamError(server.name, error);
      this.events.emit('tool_call', { server: server.name, tool, via: options.via, durationMs: Date.now() - started, ok: false, error: failure.message });
      throw failure;
    }
  }

  private async loadConfig(): Promise<LoadedConfig> {
    const config = await loadConfigFiles(this.options.configFiles);
    for (const file of config.files) {
      if (file.missing) this.log.warn({ file: file.path }, 'config file not found; it contributes no servers');
    }
    for (const definition of config.servers) {
      if (definition.problem) this.log.error({ server: definition.name }, definition.problem);
    }
    return config;
  }

  private async applyConfig(): Promise<{ error?: string }> {
    if (this.state === 'stopping' || this.state === 'stopped' || !this.config || !this.resolveContext) return {};
    let next: LoadedConfig;
    try {
      next = await this.loadConfig();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ err: message }, 'config not reloaded; the servers keep running on the last good config');
      this.configError = message;
      this.events.emit('config_changed', { isSignificant: false, error: message });
      return { error: message };
    }
    this.configError = undefined;
    const diff = diffServers(this.config.servers, next.servers);
    this.config = next;
    const significant = diff.added.length + diff.removed.length + diff.modified.length + diff.updated.length > 0;
    this.events.emit('config_changed', { isSignificant: significant });
    if (!significant) return {};
    const changes = { added: diff.added, removed: diff.removed, modified: [...diff.modified, ...diff.updated], unchanged: diff.unchanged };
    this.log.info(changes, 'applying config change');
    this.events.emit('servers_updating', { changes });

    const work: Promise<void>[] = [];
    for (const name of diff.removed) {
      const server = this.servers.get(name)!;
      this.servers.delete(name);
      work.push(server.stop());
    }
    const byName = new Map(next.servers.map((definition) => [definition.name, definition]));
    for (const name of diff.added) {
      const server = this.createServer(byName.get(name)!, this.resolveContext);
      this.servers.set(name, server);
      if (server.status !== 'disabled') work.push(server.boot());
    }
    for (const name of [...diff.modified, ...diff.updated]) {
      const server = this.servers.get(name)!;
      const wasRunning = server.status !== 'disabled';
      server.updateDefinition(byName.get(name)!);
      const shouldRun = !server.isDisabledInConfig();
      if (!shouldRun) work.push(server.stop({ disable: true }));
      else if (diff.modified.includes(name) && wasRunning) work.push(server.stop().then(() => server.boot()));
      else if (!wasRunning) work.push(server.boot());
      else work.push(server.applyLazySettings());
    }
    // Keep the config's order, so listings and namespacing stay deterministic.
    const ordered = new Map(next.servers.map((definition) => [definition.name, this.servers.get(definition.name)!]));
    this.servers.clear();
    for (const [name, server] of ordered) this.servers.set(name, server);
    this.catalog.setServers([...this.servers.values()]);
    await Promise.allSettled(work);
    this.events.emit('servers_updated', { changes });
    return {};
  }

  private async joinWorkspaces(file: string, cwd: string): Promise<void> {
    this.workspace = new HubWorkspace({
      registry: new WorkspaceRegistry({ file }),
      port: this.port,
      cwd,
      // As given, not resolved: mcphub.nvim compares them to find a hub it can reuse.
      configFiles: this.options.configFiles,
      ...(this.options.autoShutdown && { autoShutdown: this.options.autoShutdown }),
      onError: (error, action) => this.log.warn({ err: String(error), action }, 'workspaces.json not updated'),
    });
    this.workspace.on('changed', (workspaces) => this.events.emit('workspaces_updated', { workspaces }));
    await this.workspace.start();
    // Clients may have connected while the hub registered itself.
    this.clientsChanged();
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

  /** Resolves when every server's first start has settled (connected or failed). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Stops every server (and its process tree), closes client sessions and the listener. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.setState('stopping');
    // Leaving the registry never fails; it runs while the servers stop.
    const leaving = this.workspace?.stop();
    this.stopWatching?.();
    await this.reloading;
    await this.mcpRoutes.closeAll();
    this.eventStream.close();
    await Promise.allSettled([...this.servers.values()].map((server) => server.stop()));
    const http = this.http;
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
    await leaving;
    this.setState('stopped');
  }

  /** Last resort when the process is exiting and cannot wait: kill every child now. */
  killNow(): void {
    for (const server of this.servers.values()) server.killNow();
  }

  serverInfos(): ServerInfo[] {
    return [...this.servers.values()].map((server) => server.info(this.catalog.idOf(server)));
  }

  serverInfo(name: string): ServerInfo {
    const server = this.requireServer(name);
    return server.info(this.catalog.idOf(server));
  }

  server(name: string): UpstreamServer | undefined {
    return this.servers.get(name);
  }

  /** Starts a server; a server disabled in its config file is enabled there first. */
  async startServer(name: string): Promise<ServerInfo> {
    const server = this.requireServer(name);
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

  /**
   * Starts a login to a remote server that is `unauthorized`: a fresh authorization URL, opened in
   * the browser when the hub can (`openUrl`), and returned either way.
   */
  async authorizeServer(name: string): Promise<string> {
    const server = this.requireRemote(name);
    if (server.status !== 'unauthorized') {
      throw new HubError('SERVER_NOT_UNAUTHORIZED', `Server '${name}' does not need a login (status: ${server.status})`, 409, { server: name, status: server.status });
    }
    const provider = server.oauth;
    if (!provider) {
      throw new HubError('OAUTH_NOT_USED', `Server '${name}' refused its configured headers; it does not use an OAuth login`, 409, { server: name });
    }
    let url: string;
    try {
      url = await provider.beginLogin();
    } catch (error) {
      throw new HubError('OAUTH_UNAVAILABLE', `Cannot log in to '${name}': ${provider.problem ?? (error instanceof Error ? error.message : String(error))}`, 502, { server: name });
    }
    if (this.options.openUrl) {
      await this.options.openUrl(url).catch((error: unknown) => this.log.warn({ server: name, err: String(error) }, 'could not open the browser to log in'));
    } else {
      this.log.info({ server: name, url }, 'open this URL in a browser to log in');
    }
    return url;
  }

  /**
   * Completes a login from the query of its callback (the browser's redirect, or the address a
   * user pasted), then reconnects the server. Anything but a login this hub is waiting for is a
   * LoginError, and stores nothing.
   */
  async completeLogin(params: URLSearchParams): Promise<CompletedLogin> {
    const provider = await this.oauth.complete(params);
    const server = this.requireServer(provider.serverName);
    // Afresh: an attempt begun before the tokens were stored may still be running, and fail.
    if (server.status !== 'disabled' && server.status !== 'connected') await server.restart();
    this.events.emit('servers_updated', { changes: { modified: [server.name] } });
    const info = this.serverInfo(server.name);
    const message =
      info.status === 'connected'
        ? `MCP Hub is connected to '${server.name}' (${plural(info.capabilities.tools.length, 'tool')}).`
        : `The login is stored, but '${server.name}' is not connected (${info.status}${info.error ? `: ${info.error}` : ''}).`;
    return { server: server.name, message };
  }

  /**
   * Logs out of a remote server: its tokens are revoked where the authorization server supports it
   * (RFC 7009) and deleted; the server then reconnects, and asks for a new login.
   */
  async logoutServer(name: string): Promise<{ server: ServerInfo; revoked: boolean }> {
    const server = this.requireRemote(name);
    const provider = await server.resolveOAuth().catch((error: unknown) => {
      throw new HubError('CONFIG_INVALID', `Server '${name}' cannot be resolved: ${error instanceof Error ? error.message : String(error)}`, 400, { server: name });
    });
    if (!provider) throw new HubError('OAUTH_NOT_USED', `Server '${name}' authenticates with its configured headers, not an OAuth login`, 409, { server: name });
    const running = server.status !== 'disabled';
    // No request may go out with tokens that are being revoked.
    if (running) await server.stop();
    const { revoked } = await provider.logout();
    if (running) await server.start();
    this.events.emit('servers_updated', { changes: { modified: [name] } });
    return { server: this.serverInfo(name), revoked };
  }

  /** Changes config files through `edit`, then applies the result at once (not waiting for --watch). */
  async editConfig<T>(edit: (editor: ConfigEditor) => Promise<T>): Promise<T> {
    const result = await edit(this.configEditor);
    const { error } = await this.reloadConfig();
    if (error) this.log.error({ err: error }, 'a config file the hub wrote does not load');
    return result;
  }

  private async persistDisabled(server: UpstreamServer, value: true | undefined): Promise<void> {
    try {
      await this.editConfig((editor) =>
        editor.editServers(server.definition.source, [{ kind: 'setField', name: server.name, field: 'disabled', value }]),
      );
    } catch (error) {
      // A file the hub cannot edit (JSON5) still lets the user start and stop; it just is not remembered.
      this.log.warn({ server: server.name, err: error instanceof Error ? error.message : String(error) }, 'could not write disabled to the config file');
    }
  }

  /** Where MCP clients reach this hub: what connecting a client writes, and what its snippets show. */
  clientEndpoint(): HubEndpoint {
    const url = `${this.url}/mcp`;
    const standard = defaultBridge(url);
    const custom = this.options.clients?.bridge;
    const bridge = custom ? { ...custom, args: [...custom.args, ...standard.args] } : standard;
    return { url, bridge, apiToken: this.options.apiToken };
  }

  /** mcp-hub v4's `/api/health` body. */
  health(): OperationResult<'health'> {
    const view = this.catalog.aggregateView();
    const registered = {
      tools: view.tools().length,
      resources: view.resources().length,
      resourceTemplates: view.resourceTemplates().length,
      prompts: view.prompts().length,
    };
    return {
      status: 'ok',
      state: this.state,
      configError: this.configError ?? null,
      server_id: 'mcp-hub',
      version: HUB_VERSION,
      activeClients: this.eventStream.clientCount,
      servers: this.serverInfos(),
      connections: { totalConnections: this.eventStream.clientCount, connections: this.eventStream.connections() },
      mcpEndpoint: {
        url: `${this.url}/mcp`,
        stdioBridge: this.clientEndpoint().bridge,
        activeClients: this.mcpRoutes.sessionCount,
        registeredCapabilities: registered,
        totalCapabilities: Object.values(registered).reduce((a, b) => a + b, 0),
      },
      workspaces: { current: String(this.port), allActive: this.workspace?.snapshot ?? {} },
    };
  }

  private requireServer(name: string): UpstreamServer {
    const server = this.servers.get(name);
    if (!server) throw serverNotFound(name);
    return server;
  }

  private requireRemote(name: string): UpstreamServer {
    const server = this.requireServer(name);
    if (server.transportType === 'stdio') {
      throw new HubError('SERVER_NOT_REMOTE', `Server '${name}' is a local (stdio) server; only remote servers log in`, 400, { server: name });
    }
    return server;
  }

  private createServer(definition: LoadedConfig['servers'][number], resolveContext: ResolveContext): UpstreamServer {
    const server = new UpstreamServer({
      definition,
      resolveContext,
      restartPolicy: { ...DEFAULT_RESTART_POLICY, ...this.options.restartPolicy },
      connectTimeoutMs: this.options.connectTimeoutMs ?? 120_000,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 300_000,
      healthCheckIntervalMs: this.options.healthCheckIntervalMs ?? 30_000,
      logger: this.log,
      peer: this.endpoint,
      clientInfo: { name: 'mcp-hub', version: HUB_VERSION },
      redactor: this.redactor,
      oauth: this.oauth,
      lazy: { byDefault: this.options.lazy ?? false, idleTimeoutMs: this.options.idleTimeoutMs ?? 10 * 60_000 },
      catalogStore: this.catalogStore,
    });
    server.on('log', (entry) => {
      const type = LOG_EVENT_TYPE[entry.level];
      this.events.emit('log', { type, message: entry.text, server: server.name, source: entry.source });
    });
    server.on('status', ({ status, previous, error }) => {
      const authorizationUrl = server.authorizationUrl;
      this.events.emit('server_status', { server: server.name, status, previous, error, ...(authorizationUrl && { authorizationUrl }) });
      if (status === 'connected') void this.endpoint.onUpstreamConnected(server);
    });
    server.on('catalog', (kinds) => {
      if (kinds.includes('tools')) this.events.emit('tool_list_changed', { server: server.name });
      if (kinds.includes('resources')) this.events.emit('resource_list_changed', { server: server.name });
      if (kinds.includes('prompts')) this.events.emit('prompt_list_changed', { server: server.name });
    });
    return server;
  }

  private app(host: string): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use(localRequestsOnly({ bindHost: host, apiToken: this.options.apiToken }));
    // Before the token check: the browser coming back from a login carries no API token.
    app.get('/api/oauth/callback', oauthCallbackRoute((params) => this.completeLogin(params), (text) => this.redactor.redact(text)));
    const token = requireToken(this.options.apiToken);
    app.use(['/mcp', '/messages', '/api'], token);
    app.use(this.mcpRoutes.router());
    // Whatever a response holds, secret values of the config do not leave the hub.
    app.use('/api', (_req, res, next) => {
      res.json = (body: unknown) => res.type('application/json').send(this.redactor.redact(JSON.stringify(body)));
      next();
    });
    app.get('/api/events', this.eventStream.handle);
    app.get('/api/openapi.json', (_req, res) => {
      res.json(openApiDocument());
    });
    app.use('/api', restRoutes(hubOperations(this)));
    app.use('/api', (req, res) => {
      res.status(404).json({ error: `No route ${req.method} /api${req.path}`, code: 'NOT_FOUND', data: {}, timestamp: new Date().toISOString() });
    });
    if (this.options.uiDir) app.use(uiRoutes(this.options.uiDir));
    app.use(errorHandler);
    return app;
  }

  private setState(state: HubState): void {
    this.state = state;
    this.events.emit('hub_state', { state });
  }
}

const LOG_EVENT_TYPE: Record<LogLevel, HubEventMap['log']['type']> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  alert: 'error',
  emergency: 'error',
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function listen(server: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        new HubStartError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use (another hub running?). Choose another with --port.`
            : `Cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
