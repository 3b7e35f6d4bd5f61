import { EventEmitter } from 'node:events';
import type { Client } from '@modelcontextprotocol/client';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  ClientNotification,
  ClientRequest,
  LoggingLevel,
  LoggingMessageNotification,
  Result,
  ServerCapabilities,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Isolation } from '../../../shared/config.js';
import type { ServerInfo, ServerStatus, TransportType } from '../../../shared/status.js';
import type { OAuthProviderRequest } from '../auth/oauth-logins.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { ServerDefinition } from '../config/load.js';
import { isolationOf } from '../config/diff.js';
import { resolveServer, type ResolveContext, type ResolvedRoot } from '../config/resolve.js';
import type { Logger } from '../log.js';
import { literalSecrets, resolvedSecrets, type Redactor } from '../redactor.js';
import type { CatalogHints, CatalogKind, UpstreamCatalog } from './catalog-fetch.js';
import { CatalogState } from './catalog-state.js';
import type { CatalogStore } from './catalog-store.js';
import { Connector, DEFAULT_PROBE_TIMEOUT_MS, expectedTransport } from './connection.js';
import type { EraVerdicts } from './era-verdict.js';
import { capabilitiesFor, idleTimeoutFor, type ClientInstance } from './isolation.js';
import { SleepCycle, type LazyDefaults } from './lazy.js';
import { LogBuffer, type LogEntry } from './log-buffer.js';
import { OAuthChoice } from './oauth-choice.js';
import { UpstreamRequests } from './requests.js';
import type { RestartPolicy } from './restart-policy.js';
import type { StdioSettings } from './stdio-transport.js';
import { Supervisor, type StatusChange } from './supervisor.js';

export type { CatalogKind, UpstreamCatalog };

/** What an upstream server asks of the hub's own clients (the hub is their client's stand-in). */
export interface UpstreamPeer {
  /** sampling/createMessage, elicitation/create and roots/list, answered by a downstream client. */
  handleServerRequest(server: UpstreamServer, request: ServerRequest, signal: AbortSignal): Promise<Result>;
  onLogMessage(server: UpstreamServer, params: LoggingMessageNotification['params']): void;
  onResourceUpdated(server: UpstreamServer, uri: string): void;
  /** Whether clients need the server running even without requests (they hold resource subscriptions). */
  keepsAwake(server: UpstreamServer): boolean;
}

export interface UpstreamServerOptions {
  definition: ServerDefinition;
  resolveContext: ResolveContext;
  restartPolicy: RestartPolicy;
  connectTimeoutMs: number;
  /** Default timeout of a forwarded request; a server's `timeout` setting overrides it. */
  requestTimeoutMs: number;
  /** How often a remote server is pinged to notice a dropped connection. */
  healthCheckIntervalMs: number;
  logger: Logger;
  peer: UpstreamPeer;
  clientInfo: { name: string; version: string };
  redactor: Redactor;
  /** OAuth for remote servers that answer 401; without it such a server just stays `unauthorized`. */
  oauth?: { provider(request: OAuthProviderRequest): HubOAuthProvider };
  lazy: LazyDefaults;
  /** How a stdio server's output is read (its line limit) and its processes tracked. */
  stdio?: StdioSettings;
  /** Where a lazy server's catalog is kept while it sleeps; without it, it starts with the hub to learn it. */
  catalogStore?: Pick<CatalogStore, 'load' | 'save'>;
  /** The protocol era each entry's last connection found (kept next to the catalogs); without it, each connection probes. */
  eras?: EraVerdicts;
  /** How long a stdio server may stay silent on the `server/discover` probe before it counts as a 2025-era one. */
  probeTimeoutMs?: number;
  /** One client session's own connection to a `per-client` server: declares exactly its capabilities; sleeps when idle. */
  instance?: ClientInstance;
}

/** ServerInfo less what depends on the other servers and clients: its id, its exposure, its clients' connections. */
export type UpstreamInfo = Omit<ServerInfo, 'id' | 'capabilities' | 'hidden' | 'estimatedTokens' | 'instances'>;

interface UpstreamEvents {
  status: [StatusChange];
  catalog: [CatalogKind[]];
  log: [LogEntry];
}

/**
 * One configured MCP server and the hub's connection to it, as the rest of the hub sees it. Its
 * parts each do one job: the Supervisor keeps `status` true (connecting, restarts with backoff,
 * health checks), the Connector opens transports and shakes hands, the CatalogState holds what
 * the server offers, the SleepCycle puts a lazy server to sleep and wakes it, and the OAuthChoice
 * picks the OAuth client of a remote one.
 *
 * A lazy server goes to `sleeping` after its idle timeout (no request in flight, no resource
 * subscription): its connection closes but its catalog stays, restored from the catalog store at
 * the next hub start, and the next request starts it again, shared by all requests that arrive
 * meanwhile.
 */
export class UpstreamServer extends EventEmitter<UpstreamEvents> {
  readonly name: string;
  readonly logs: LogBuffer;
  private definitionValue: ServerDefinition;
  private readonly log: Logger;
  private readonly catalogState: CatalogState;
  private readonly oauthChoice: OAuthChoice;
  private readonly connector: Connector;
  private readonly sleepCycle: SleepCycle;
  private readonly supervisor: Supervisor;
  private readonly requests: UpstreamRequests;
  private rootsValue: ResolvedRoot[] | undefined;

  constructor(private readonly options: UpstreamServerOptions) {
    super();
    const { definition, peer } = options;
    this.name = definition.name;
    this.definitionValue = definition;
    this.log = options.logger.child({ server: this.name });
    this.logs = new LogBuffer(1_000, (entry) => this.emit('log', entry), (text) => options.redactor.redact(text));
    options.redactor.add(literalSecrets(definition));
    this.catalogState = new CatalogState({
      store: options.catalogStore,
      log: this.log,
      listTimeoutMs: options.connectTimeoutMs,
      onChanged: (kinds) => this.emit('catalog', kinds),
      keptAs: () => (this.idleTimeoutMs !== undefined && this.status === 'connected' ? this.definitionValue : undefined),
    });
    this.oauthChoice = new OAuthChoice({
      serverName: this.name,
      oauth: options.oauth,
      onLoginRequired: (provider) => this.supervisor.loginRequired(provider.problem),
    });
    const messages = {
      request: (request: ServerRequest, signal: AbortSignal) => peer.handleServerRequest(this, request, signal),
      listChanged: (client: Client, kind: CatalogKind) => this.catalogState.refresh(client, kind, () => this.supervisor.client === client),
      resourceUpdated: (uri: string) => peer.onResourceUpdated(this, uri),
      logMessage: (params: LoggingMessageNotification['params']) => peer.onLogMessage(this, params),
    };
    const { clientInfo, connectTimeoutMs, stdio } = options;
    const capabilities = () => capabilitiesFor(this.definitionValue, options.instance);
    const eras = options.eras?.for(() => this.definitionValue);
    const probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.connector = new Connector(
      { clientInfo, capabilities, connectTimeoutMs, log: this.log, logs: this.logs, oauth: this.oauthChoice, messages, stdio, eras, probeTimeoutMs },
      expectedTransport(definition),
    );
    this.sleepCycle = new SleepCycle({
      log: this.log,
      logs: this.logs,
      idleTimeoutMs: () => this.idleTimeoutMs,
      isConnected: () => this.status === 'connected',
      keepsAwake: () => peer.keepsAwake(this),
      start: () => this.start(),
      sleep: () => void this.supervisor.shutDown('sleeping'),
    });
    this.supervisor = new Supervisor({
      initialStatus: definition.project?.trusted === false ? 'untrusted' : this.isDisabledInConfig() ? 'disabled' : 'disconnected',
      mayRun: () => this.definitionValue.project?.trusted !== false,
      restartPolicy: options.restartPolicy,
      healthCheckIntervalMs: options.healthCheckIntervalMs,
      log: this.log,
      logs: this.logs,
      connector: this.connector,
      catalog: this.catalogState,
      sleep: this.sleepCycle,
      oauth: this.oauthChoice,
      resolve: () => resolveServer(this.definitionValue, options.resolveContext),
      onResolved: (resolved) => {
        // Rotated per server: a `${cmd: …}` that prints a new token each time must not grow the redactor.
        options.redactor.rotate(`server:${this.name}`, resolvedSecrets(resolved, this.definitionValue.entry));
        this.rootsValue = resolved.roots;
      },
      onStatus: (change) => this.emit('status', change),
    });
    this.requests = new UpstreamRequests({
      name: this.name,
      status: () => this.status,
      error: () => this.error,
      requestTimeoutMs: () => this.requestTimeoutMs,
      supervisor: this.supervisor,
      sleepCycle: this.sleepCycle,
      catalogState: this.catalogState,
      listenOf: (client) => this.connector.listenOf(client),
    });
  }

  get definition(): ServerDefinition {
    return this.definitionValue;
  }

  get status(): ServerStatus {
    return this.supervisor.status;
  }

  get error(): string | null {
    return this.supervisor.error;
  }

  get catalog(): UpstreamCatalog {
    return this.catalogState.catalog;
  }

  /** How long each list may be cached, as a 2026-07-28 server said; empty for a 2025-era one. */
  get cacheHints(): CatalogHints {
    return this.catalogState.hints;
  }

  get serverVersion(): { name: string; version: string } | null {
    return this.catalogState.serverVersion;
  }

  get serverCapabilities(): ServerCapabilities {
    return this.catalogState.serverCapabilities;
  }

  get instructions(): string | undefined {
    return this.catalogState.instructions;
  }

  get transportType(): TransportType {
    return this.connector.transportType;
  }

  /** The protocol version of the live connection (2026-07-28 for a modern server); null while there is none. */
  get protocolVersion(): string | null {
    return this.supervisor.client?.getNegotiatedProtocolVersion() ?? null;
  }

  get lastStarted(): Date | null {
    return this.supervisor.lastStarted;
  }

  get pid(): number | null {
    return this.connector.pid;
  }

  /** The OAuth client of the last connection, unless the server authenticates with its headers. */
  get oauth(): HubOAuthProvider | undefined {
    return this.oauthChoice.provider;
  }

  /** Where to log in, while the server is `unauthorized` and a login is waiting. */
  get authorizationUrl(): string | null {
    return this.status === 'unauthorized' ? (this.oauth?.authorizationUrl ?? null) : null;
  }

  /** The OAuth client for the server as currently configured, resolving its entry if it never connected. */
  async resolveOAuth(): Promise<HubOAuthProvider | undefined> {
    const resolved = await resolveServer(this.definitionValue, this.options.resolveContext);
    return resolved.transport === 'stdio' ? undefined : this.oauthChoice.for(resolved);
  }

  /** One connection for every client, or one per client session (see `instance`). */
  get isolation(): Isolation {
    return isolationOf(this.definitionValue);
  }

  /** The roots configured for a shared server, as last resolved; undefined when it has none. */
  get roots(): ResolvedRoot[] | undefined {
    return this.rootsValue;
  }

  /** How long a forwarded request may take (the entry's `timeout`, else the hub's). */
  get requestTimeoutMs(): number {
    return this.definitionValue.config?.timeout ?? this.options.requestTimeoutMs;
  }

  /** How long the server may go without requests before it sleeps; undefined when it does not. */
  get idleTimeoutMs(): number | undefined {
    return idleTimeoutFor(this.definitionValue, this.options.lazy, this.options.instance);
  }

  /** Whether a request is forwarded: the server is connected, or sleeping (or waking) and started by it. */
  get acceptsRequests(): boolean {
    return this.status === 'connected' || this.status === 'sleeping' || this.sleepCycle.waking;
  }

  /**
   * A lazy server whose catalog was saved for exactly this entry takes it and sleeps; true if so.
   * Anything else (not lazy, never ran, entry changed since) leaves it as it was.
   */
  async restore(): Promise<boolean> {
    if (this.status === 'sleeping') return true;
    const supervisor = this.supervisor;
    if (!this.options.catalogStore || this.idleTimeoutMs === undefined || this.definitionValue.problem || this.definitionValue.project?.trusted === false || this.status === 'connected' || supervisor.isConnecting) return false;
    const generation = supervisor.generation;
    const definition = this.definitionValue;
    const snapshot = await this.catalogState.load(definition);
    // A start, stop or config change while the file was read decides instead.
    if (!snapshot || generation !== supervisor.generation || definition !== this.definitionValue || supervisor.isConnecting) return false;
    this.catalogState.restore(snapshot);
    supervisor.enterSleep();
    this.log.info({ tools: snapshot.catalog.tools.length }, 'sleeping until the first request (catalog restored)');
    return true;
  }

  /** Starts the server, unless it is lazy and its catalog is known: then it sleeps until its first request. */
  async boot(): Promise<void> {
    if (await this.restore()) return;
    await this.start();
  }

  /** Connects unless already connected; resolves once connected or failed (never throws). */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  /**
   * Closes the connection (ending the process tree of a stdio server) and keeps it closed: a lazy
   * server stopped this way does not sleep, requests to it fail. `disable` marks it disabled.
   */
  async stop(options: { disable?: boolean } = {}): Promise<void> {
    await this.supervisor.shutDown(options.disable ? 'disabled' : 'disconnected');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Replaces the definition (after a config change); the caller restarts the server if it should run. */
  updateDefinition(definition: ServerDefinition): void {
    this.definitionValue = definition;
    this.catalogState.forgetStored();
    this.options.redactor.add(literalSecrets(definition));
    this.connector.expect(expectedTransport(definition));
  }

  /**
   * Applies a changed `lazy` or `idleTimeout` to a running or sleeping server: one that is no
   * longer lazy wakes, one that became lazy saves its catalog, and the idle time counts anew.
   */
  async applyLazySettings(): Promise<void> {
    if (this.status === 'sleeping' && this.idleTimeoutMs === undefined) return this.start();
    if (this.status !== 'connected') return;
    this.sleepCycle.cancel();
    this.sleepCycle.idleFromNow();
    this.catalogState.save();
  }

  isDisabledInConfig(): boolean {
    const { config, entry } = this.definitionValue;
    // An entry with a problem is read as written: a broken server the user switched off stays off, not in error.
    return config ? config.disabled === true : entry['disabled'] === true;
  }

  /** Forwards a request, waking a sleeping server first (see UpstreamRequests). */
  request(request: ClientRequest, options: RequestOptions = {}): Promise<Result> {
    return this.requests.request(request, options);
  }

  notify(notification: ClientNotification): Promise<void> {
    return this.requests.notify(notification);
  }

  /** The most verbose log level the server's clients ask for (see UpstreamRequests). */
  setLogLevel(level: LoggingLevel): Promise<void> {
    return this.requests.setLogLevel(level);
  }

  /** Updates of `uri` are wanted from now on (see UpstreamRequests). */
  subscribeResource(uri: string): Promise<void> {
    return this.requests.subscribeResource(uri);
  }

  unsubscribeResource(uri: string): Promise<void> {
    return this.requests.unsubscribeResource(uri);
  }

  /** Re-reads every list from the server (REST `refresh`, waking it if it sleeps), announcing what changed. */
  refreshCatalog(): Promise<void> {
    return this.requests.refreshCatalog();
  }

  /** Kills a stdio child at once; the last resort of a hub that is exiting. */
  killNow(): void {
    this.connector.killNow();
  }

  /** What the server itself says of its state; the catalog adds what its clients see of it. */
  info(): UpstreamInfo {
    // As written, so that an entry with a problem is still shown under its own name.
    const { entry } = this.definitionValue;
    return {
      name: this.name,
      displayName: typeof entry['name'] === 'string' ? entry['name'] : this.name,
      description: typeof entry['description'] === 'string' ? entry['description'] : '',
      transportType: this.transportType,
      status: this.status,
      error: this.error,
      uptime: this.supervisor.uptimeSeconds,
      lastStarted: this.lastStarted?.toISOString() ?? null,
      authorizationUrl: this.authorizationUrl,
      ...(this.oauth?.loggedIn !== undefined && { loggedIn: this.oauth.loggedIn }),
      serverInfo: this.serverVersion,
      protocolVersion: this.protocolVersion,
      config_source: this.definitionValue.source,
      pid: this.pid,
      restart: this.supervisor.restartInfo(),
      isolation: this.isolation,
    };
  }
}
