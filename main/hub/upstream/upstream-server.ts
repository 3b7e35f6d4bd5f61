import { EventEmitter } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ResultSchema,
  ToolListChangedNotificationSchema,
  type ClientRequest,
  type ClientNotification,
  type LoggingMessageNotification,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Result,
  type ServerCapabilities,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { OAuthProviderRequest } from '../auth/oauth-logins.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import { transportOf } from '../../../shared/config.js';
import type { ServerDefinition } from '../config/load.js';
import { resolveServer, type ResolveContext, type ResolvedServer } from '../config/resolve.js';
import type { CatalogLists, RestartInfo, ServerInfo, ServerStatus, TransportType } from '../../../shared/status.js';
import { ProtocolError } from '../protocol-error.js';
import { literalSecrets, resolvedSecrets, type Redactor } from '../redactor.js';
import type { CatalogSnapshot, CatalogStore } from './catalog-store.js';
import { LogBuffer, type LogEntry, type LogLevel } from './log-buffer.js';
import { restartDelay, type RestartPolicy } from './restart-policy.js';
import { describeExit, StdioTransport } from './stdio-transport.js';

export type CatalogKind = 'tools' | 'resources' | 'prompts';

export type UpstreamCatalog = CatalogLists<Tool, Resource, ResourceTemplate, Prompt>;

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
  /** The hub's `lazy` and idle timeout, for entries that neither they nor their file set. */
  lazy: { byDefault: boolean; idleTimeoutMs: number };
  /** Where a lazy server's catalog is kept while it sleeps; without it, it starts with the hub to learn it. */
  catalogStore?: CatalogStore;
}

type RemoteServer = Exclude<ResolvedServer, { transport: 'stdio' }>;

interface UpstreamEvents {
  status: [{ status: ServerStatus; previous: ServerStatus; error: string | null }];
  catalog: [CatalogKind[]];
  log: [LogEntry];
}

const EMPTY_CATALOG: UpstreamCatalog = { tools: [], resources: [], resourceTemplates: [], prompts: [] };

/**
 * One configured MCP server and the hub's connection to it.
 *
 * Its `status` is always the truth: the connection's close callback moves it out of `connected`
 * the moment a child exits or a remote drops, and a restart with exponential backoff follows until
 * the server is healthy again or has failed `maxAttempts` times in a row, when it rests in `error`.
 *
 * A lazy server goes to `sleeping` after its idle timeout (no request in flight, no resource
 * subscription): its connection closes but its catalog stays, restored from the catalog store at
 * the next hub start, and the next request starts it again, shared by all requests that arrive
 * meanwhile.
 */
export class UpstreamServer extends EventEmitter<UpstreamEvents> {
  readonly name: string;
  readonly logs: LogBuffer;
  status: ServerStatus;
  error: string | null = null;
  catalog: UpstreamCatalog = EMPTY_CATALOG;
  serverVersion: { name: string; version: string } | null = null;
  serverCapabilities: ServerCapabilities = {};
  instructions: string | undefined;
  transportType: TransportType;
  lastStarted: Date | null = null;

  private definitionValue: ServerDefinition;
  private client: Client | undefined;
  /** The transport of the latest attempt, connected or still handshaking. */
  private transport: Transport | undefined;
  private stdio: StdioTransport | undefined;
  /** Clients whose connection has closed, so a handshake that raced a crash is not reported as connected. */
  private readonly closedClients = new WeakSet<Client>();
  private connectedAt: number | undefined;
  /** Bumped on every connect and stop, so callbacks of an older connection are ignored. */
  private generation = 0;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextAttemptAt: Date | null = null;
  private healthTimer: NodeJS.Timeout | undefined;
  private healthCheck: Promise<void> | undefined;
  private connecting: Promise<void> | undefined;
  private oauthProvider: HubOAuthProvider | undefined;
  private readonly log: Logger;
  /** Requests forwarded and not answered yet, counting those that wait for the server to wake. */
  private pending = 0;
  private lastActivityAt = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The start a request caused while the server slept; later requests wait for the same one. */
  private waking: Promise<void> | undefined;
  /** The snapshot last loaded from or saved to the catalog store, so an unchanged one is not rewritten. */
  private storedSnapshot: string | undefined;

  constructor(private readonly options: UpstreamServerOptions) {
    super();
    this.name = options.definition.name;
    this.definitionValue = options.definition;
    this.log = options.logger.child({ server: this.name });
    this.logs = new LogBuffer(1_000, (entry) => this.emit('log', entry), (text) => options.redactor.redact(text));
    options.redactor.add(literalSecrets(options.definition.entry));
    this.status = this.isDisabledInConfig() ? 'disabled' : 'disconnected';
    this.transportType = expectedTransport(options.definition);
  }

  get definition(): ServerDefinition {
    return this.definitionValue;
  }

  get pid(): number | null {
    return this.stdio?.pid ?? null;
  }

  /** The OAuth client of the last connection, unless the server authenticates with its headers. */
  get oauth(): HubOAuthProvider | undefined {
    return this.oauthProvider;
  }

  /** Where to log in, while the server is `unauthorized` and a login is waiting. */
  get authorizationUrl(): string | null {
    return this.status === 'unauthorized' ? (this.oauthProvider?.authorizationUrl ?? null) : null;
  }

  /** The OAuth client for the server as currently configured, resolving its entry if it never connected. */
  async resolveOAuth(): Promise<HubOAuthProvider | undefined> {
    const resolved = await resolveServer(this.definitionValue, this.options.resolveContext);
    return resolved.transport === 'stdio' ? undefined : this.oauthFor(resolved);
  }

  /**
   * How long the server may go without requests before it sleeps, or undefined when it is not
   * lazy. The entry's own fields win, then its file's top-level ones, then the hub's defaults.
   */
  get idleTimeoutMs(): number | undefined {
    const { config, fileDefaults } = this.definitionValue;
    const lazy = config?.lazy ?? fileDefaults?.lazy ?? this.options.lazy.byDefault;
    if (!lazy) return undefined;
    const seconds = config?.idleTimeout ?? fileDefaults?.idleTimeout;
    return seconds === undefined ? this.options.lazy.idleTimeoutMs : seconds * 1000;
  }

  /** Whether a request is forwarded: the server is connected, or sleeping (or waking) and started by it. */
  get acceptsRequests(): boolean {
    return this.status === 'connected' || this.status === 'sleeping' || this.waking !== undefined;
  }

  /**
   * A lazy server whose catalog was saved for exactly this entry takes it and sleeps; true if so.
   * Anything else (not lazy, never ran, entry changed since) leaves it as it was.
   */
  async restore(): Promise<boolean> {
    const store = this.options.catalogStore;
    if (this.status === 'sleeping') return true;
    if (!store || this.idleTimeoutMs === undefined || this.definitionValue.problem || this.status === 'connected' || this.connecting) return false;
    const generation = this.generation;
    const definition = this.definitionValue;
    const snapshot = await store.load(definition);
    // A start, stop or config change while the file was read decides instead.
    if (!snapshot || generation !== this.generation || definition !== this.definitionValue || this.connecting) return false;
    this.applySnapshot(snapshot);
    this.setStatus('sleeping', null);
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
    if (this.status === 'connected') return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.clearRestartTimer();
    this.failures = 0;
    return this.connect();
  }

  /**
   * Closes the connection (ending the process tree of a stdio server) and keeps it closed: a lazy
   * server stopped this way does not sleep, requests to it fail. `disable` marks it disabled.
   */
  async stop(options: { disable?: boolean } = {}): Promise<void> {
    await this.shutDown(options.disable ? 'disabled' : 'disconnected');
  }

  private async shutDown(status: 'disabled' | 'disconnected' | 'sleeping'): Promise<void> {
    const generation = ++this.generation;
    this.clearRestartTimer();
    this.clearIdleTimer();
    this.stopHealthChecks();
    this.connecting = undefined;
    const client = this.client;
    this.client = undefined;
    this.connectedAt = undefined;
    // A sleeping server stays listed: its tools are what wakes it.
    if (status !== 'sleeping') this.setCatalog(EMPTY_CATALOG);
    this.setStatus(status, null);
    const transport = this.transport;
    this.transport = undefined;
    await this.closeQuietly(client);
    // A handshake still under way (a server that never answers) has no client yet: end its process too.
    await transport?.close().catch(() => {});
    // Its pid would name a process that is gone, or by now someone else's (unless a start followed).
    if (generation === this.generation) this.stdio = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Replaces the definition (after a config change); the caller restarts the server if it should run. */
  updateDefinition(definition: ServerDefinition): void {
    this.definitionValue = definition;
    this.storedSnapshot = undefined;
    this.options.redactor.add(literalSecrets(definition.entry));
    this.transportType = expectedTransport(definition);
  }

  /**
   * Applies a changed `lazy` or `idleTimeout` to a running or sleeping server: one that is no
   * longer lazy wakes, one that became lazy saves its catalog, and the idle time counts anew.
   */
  async applyLazySettings(): Promise<void> {
    if (this.status === 'sleeping' && this.idleTimeoutMs === undefined) return this.start();
    if (this.status !== 'connected') return;
    this.clearIdleTimer();
    this.lastActivityAt = Date.now();
    this.armIdleTimer();
    this.saveSnapshot();
  }

  isDisabledInConfig(): boolean {
    const { config, entry } = this.definitionValue;
    // An entry with a problem is read as written: a broken server the user switched off stays off, not in error.
    return config ? config.disabled === true : entry['disabled'] === true;
  }

  /**
   * Forwards a request, waking a sleeping server first; fails fast with a clear MCP error when the
   * server is not connected (or does not come up).
   */
  async request(request: ClientRequest, options: RequestOptions = {}): Promise<Result> {
    return this.whileBusy(async () => {
      const client = await this.awakeClient();
      try {
        return await client.request(request, ResultSchema, {
          timeout: this.requestTimeoutMs(),
          resetTimeoutOnProgress: true,
          ...options,
        });
      } catch (error) {
        // Refused mid-session: the server went `unauthorized` (closing the connection), and the error
        // says so like any request to a server that is not connected, not as a bare 401 or close.
        if (this.status === 'unauthorized' && this.client !== client) this.requireClient();
        throw error;
      }
    });
  }

  async notify(notification: ClientNotification): Promise<void> {
    await this.client?.notification(notification);
  }

  /** Re-reads every list from the server (REST `refresh`, waking it if it sleeps), announcing what changed. */
  async refreshCatalog(): Promise<void> {
    await this.whileBusy(async () => {
      const client = await this.awakeClient();
      this.setCatalog(await this.fetchCatalog(client));
      this.saveSnapshot();
    });
  }

  /** Kills a stdio child at once; the last resort of a hub that is exiting. */
  killNow(): void {
    this.stdio?.killNow();
  }

  info(id: string): ServerInfo {
    // As written, so that an entry with a problem is still shown under its own name.
    const { entry } = this.definitionValue;
    return {
      name: this.name,
      displayName: typeof entry['name'] === 'string' ? entry['name'] : this.name,
      description: typeof entry['description'] === 'string' ? entry['description'] : '',
      transportType: this.transportType,
      status: this.status,
      error: this.error,
      capabilities: { ...this.catalog },
      uptime: this.connectedAt ? Math.floor((Date.now() - this.connectedAt) / 1000) : 0,
      lastStarted: this.lastStarted?.toISOString() ?? null,
      authorizationUrl: this.authorizationUrl,
      ...(this.oauthProvider?.loggedIn !== undefined && { loggedIn: this.oauthProvider.loggedIn }),
      serverInfo: this.serverVersion,
      config_source: this.definitionValue.source,
      id,
      pid: this.pid,
      restart: this.restartInfo(),
    };
  }

  private restartInfo(): RestartInfo | null {
    if (this.failures === 0) return null;
    return {
      attempt: this.failures,
      maxAttempts: this.options.restartPolicy.maxAttempts,
      nextAttemptAt: this.nextAttemptAt?.toISOString() ?? null,
    };
  }

  /** Counts the work as activity, so the server does not go to sleep under it. */
  private async whileBusy<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await work();
    } finally {
      this.pending--;
      this.lastActivityAt = Date.now();
      this.armIdleTimer();
    }
  }

  private async awakeClient(): Promise<Client> {
    if (this.status === 'sleeping' || this.waking) await this.wake();
    return this.requireClient();
  }

  /** Starts a sleeping server for a request; requests that arrive meanwhile share the one start. */
  private wake(): Promise<void> {
    if (!this.waking) {
      this.log.info('waking for a request');
      this.waking = this.start().finally(() => {
        this.waking = undefined;
      });
    }
    return this.waking;
  }

  private armIdleTimer(): void {
    if (this.idleTimer || this.status !== 'connected') return;
    const idleMs = this.idleTimeoutMs;
    if (idleMs === undefined) return;
    this.idleTimer = setTimeout(() => this.onIdleTimer(), Math.max(0, this.lastActivityAt + idleMs - Date.now()));
    this.idleTimer.unref();
  }

  /** Fires at the earliest moment the server may sleep; re-arms when activity came in meanwhile. */
  private onIdleTimer(): void {
    this.idleTimer = undefined;
    const idleMs = this.idleTimeoutMs;
    if (this.status !== 'connected' || idleMs === undefined) return;
    if (this.pending > 0 || this.options.peer.keepsAwake(this)) {
      this.lastActivityAt = Date.now();
    } else if (Date.now() - this.lastActivityAt >= idleMs) {
      this.logs.add('hub', 'info', `no requests for ${idleMs / 1000} s; sleeping until the next one`);
      void this.shutDown('sleeping');
      return;
    }
    this.armIdleTimer();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private applySnapshot(snapshot: CatalogSnapshot): void {
    this.serverVersion = snapshot.serverInfo;
    this.serverCapabilities = snapshot.capabilities;
    this.instructions = snapshot.instructions;
    this.setCatalog(snapshot.catalog);
    this.storedSnapshot = JSON.stringify(this.snapshot());
  }

  private snapshot(): CatalogSnapshot {
    return {
      catalog: this.catalog,
      serverInfo: this.serverVersion,
      capabilities: this.serverCapabilities,
      ...(this.instructions !== undefined && { instructions: this.instructions }),
    };
  }

  /** Keeps a lazy server's catalog for its next sleep and the next hub start; unchanged ones are not rewritten. */
  private saveSnapshot(): void {
    const store = this.options.catalogStore;
    if (!store || this.idleTimeoutMs === undefined || this.status !== 'connected') return;
    const snapshot = this.snapshot();
    const text = JSON.stringify(snapshot);
    if (text === this.storedSnapshot) return;
    this.storedSnapshot = text;
    store.save(this.definitionValue, snapshot).catch((error: unknown) => {
      this.storedSnapshot = undefined;
      this.log.warn({ err: errorMessage(error) }, 'could not save the catalog; the server will start with the hub to learn it again');
    });
  }

  private requireClient(): Client {
    if (!this.client || this.status !== 'connected') {
      const why = this.error ? `: ${this.error}` : '';
      throw new ProtocolError(ErrorCode.ConnectionClosed, `Server '${this.name}' is not connected (status: ${this.status}${why})`);
    }
    return this.client;
  }

  private requestTimeoutMs(): number {
    return this.definitionValue.config?.timeout ?? this.options.requestTimeoutMs;
  }

  private connect(): Promise<void> {
    const generation = ++this.generation;
    const attempt = this.connectOnce(generation).finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
    return attempt;
  }

  private async connectOnce(generation: number): Promise<void> {
    this.nextAttemptAt = null;
    this.setStatus('connecting', null);
    this.lastStarted = new Date();
    let resolved: ResolvedServer;
    try {
      resolved = await resolveServer(this.definitionValue, this.options.resolveContext);
    } catch (error) {
      // A config problem does not fix itself: no restart loop, the user must edit the entry.
      if (generation === this.generation) this.setStatus('error', errorMessage(error));
      return;
    }
    if (generation !== this.generation) return;
    this.options.redactor.add(resolvedSecrets(resolved, this.definitionValue.entry));

    let client: Client | undefined;
    try {
      client = await this.openConnection(resolved, generation);
      const catalog = await this.fetchCatalog(client);
      if (this.closedClients.has(client)) throw new Error('the connection closed during start-up');
      if (generation !== this.generation) {
        await this.closeQuietly(client);
        return;
      }
      this.client = client;
      this.connectedAt = Date.now();
      this.serverVersion = client.getServerVersion() ?? null;
      this.serverCapabilities = client.getServerCapabilities() ?? {};
      this.instructions = client.getInstructions();
      this.setCatalog(catalog);
      this.setStatus('connected', null);
      this.lastActivityAt = Date.now();
      this.armIdleTimer();
      this.saveSnapshot();
      this.startHealthChecks(resolved);
      this.log.info({ transport: this.transportType, pid: this.pid ?? undefined, tools: catalog.tools.length }, 'connected');
    } catch (error) {
      if (client) await this.closeQuietly(client);
      if (generation !== this.generation) return;
      if (isUnauthorized(error)) {
        this.setStatus('unauthorized', this.unauthorizedReason(resolved));
        return;
      }
      this.onFailure(this.describeFailure(error));
    }
  }

  private describeFailure(error: unknown): string {
    const exit = this.stdio?.exitInfo;
    const message = errorMessage(error);
    return exit ? `${message} (${describeExit(exit)})` : message;
  }

  /** Opens the transport and completes the MCP handshake, falling back from Streamable HTTP to SSE. */
  private async openConnection(resolved: ResolvedServer, generation: number): Promise<Client> {
    if (resolved.transport === 'stdio') {
      this.transportType = 'stdio';
      const transport = new StdioTransport(resolved);
      transport.onstderr = (chunk) => {
        for (const entry of this.logs.addStderr(chunk)) this.log.info({ stream: 'stderr' }, entry.text);
      };
      this.stdio = transport;
      return this.handshake(transport, generation);
    }
    const oauth = this.oauthFor(resolved);
    const options = { requestInit: { headers: resolved.headers }, ...(oauth && { fetch: oauth.authorizedFetch }) };
    if (resolved.transport === 'sse') {
      this.transportType = 'sse';
      return this.handshake(new SSEClientTransport(resolved.url, options), generation);
    }
    this.transportType = 'streamable-http';
    try {
      return await this.handshake(new StreamableHTTPClientTransport(resolved.url, options), generation);
    } catch (error) {
      if (resolved.transport !== 'http-auto' || isUnauthorized(error) || generation !== this.generation) throw error;
      this.log.info({ reason: errorMessage(error) }, 'Streamable HTTP failed, trying the SSE transport');
      this.transportType = 'sse';
      return this.handshake(new SSEClientTransport(resolved.url, options), generation);
    }
  }

  /**
   * The OAuth client of a remote server, kept while its URL and oauth settings stay the same (a
   * pending login survives reconnects). A configured Authorization header means header auth: the
   * hub then never starts an OAuth login of its own.
   */
  private oauthFor(resolved: RemoteServer): HubOAuthProvider | undefined {
    const oauth = this.options.oauth;
    if (this.oauthProvider?.serves(resolved.url, resolved.oauth) && !hasAuthorizationHeader(resolved)) return this.oauthProvider;
    this.oauthProvider?.endPending();
    if (!oauth || hasAuthorizationHeader(resolved)) {
      this.oauthProvider = undefined;
      return undefined;
    }
    const provider = oauth.provider({
      serverName: this.name,
      serverUrl: resolved.url,
      settings: resolved.oauth,
      onLoginRequired: () => this.onLoginRequired(provider),
    });
    this.oauthProvider = provider;
    return provider;
  }

  private unauthorizedReason(resolved: ResolvedServer): string {
    const provider = this.oauthProvider;
    if (resolved.transport !== 'stdio' && hasAuthorizationHeader(resolved)) return 'the server refused the Authorization header configured for it';
    if (!provider) return 'the server requires authorization';
    if (provider.problem) return `the server requires authorization, but no OAuth login is possible: ${provider.problem}`;
    return 'the server requires a login';
  }

  /** The server refused the tokens mid-session and they cannot be refreshed: it needs a new login. */
  private onLoginRequired(provider: HubOAuthProvider): void {
    const client = this.client;
    if (provider !== this.oauthProvider || !client || this.status !== 'connected') return;
    this.log.warn('the server no longer accepts the login; it needs a new one');
    // Dropped first, so the close callback does not take this for a lost connection.
    this.client = undefined;
    this.connectedAt = undefined;
    this.stopHealthChecks();
    this.setCatalog(EMPTY_CATALOG);
    this.setStatus('unauthorized', provider.problem ? `the server requires a new login, but none is possible: ${provider.problem}` : 'the server requires a new login');
    void this.closeQuietly(client);
  }

  private async handshake(transport: Transport, generation: number): Promise<Client> {
    const client = this.createClient();
    this.transport = transport;
    client.onclose = () => {
      this.closedClients.add(client);
      if (this.client === client && generation === this.generation) this.onConnectionLost();
    };
    client.onerror = (error) => {
      if (this.client !== client) return;
      this.log.debug({ err: errorMessage(error) }, 'transport error');
      // A remote's event stream breaking is the first sign of a dead server: check now, not at the next tick.
      if (this.transportType !== 'stdio') void this.checkHealth(client);
    };
    await client.connect(transport, { timeout: this.options.connectTimeoutMs });
    deliverResponsesAfterNotifications(transport);
    return client;
  }

  private createClient(): Client {
    const client = new Client(this.options.clientInfo, {
      capabilities: {
        sampling: {},
        elicitation: { form: {}, url: {} },
        roots: { listChanged: true },
      },
    });
    const peer = this.options.peer;
    const forward = (request: ServerRequest, signal: AbortSignal) => peer.handleServerRequest(this, request, signal);
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => forward(request, extra.signal) as never);
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => forward(request, extra.signal) as never);
    client.setRequestHandler(ListRootsRequestSchema, (request, extra) => forward(request, extra.signal) as never);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.onListChanged(client, 'tools'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => this.onListChanged(client, 'resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => this.onListChanged(client, 'prompts'));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => peer.onResourceUpdated(this, n.params.uri));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      const data = n.params.data;
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      this.logs.add('server', n.params.level as LogLevel, n.params.logger ? `[${n.params.logger}] ${text}` : text);
      peer.onLogMessage(this, n.params);
    });
    return client;
  }

  private async onListChanged(client: Client, kind: CatalogKind): Promise<void> {
    if (this.client !== client) return;
    try {
      const next = { ...this.catalog };
      if (kind === 'tools') next.tools = await this.listAll(client, 'tools/list', 'tools');
      if (kind === 'prompts') next.prompts = await this.listAll(client, 'prompts/list', 'prompts');
      if (kind === 'resources') {
        next.resources = await this.listAll(client, 'resources/list', 'resources');
        next.resourceTemplates = await this.listAll(client, 'resources/templates/list', 'resourceTemplates');
      }
      if (this.client !== client) return;
      this.setCatalog(next);
      this.saveSnapshot();
    } catch (error) {
      this.log.warn({ err: errorMessage(error) }, `could not refresh ${kind} after list_changed`);
    }
  }

  private async fetchCatalog(client: Client): Promise<UpstreamCatalog> {
    const caps = client.getServerCapabilities() ?? {};
    const [tools, resources, resourceTemplates, prompts] = await Promise.all([
      caps.tools ? this.listAll<Tool>(client, 'tools/list', 'tools') : [],
      caps.resources ? this.listAll<Resource>(client, 'resources/list', 'resources') : [],
      caps.resources ? this.listAll<ResourceTemplate>(client, 'resources/templates/list', 'resourceTemplates') : [],
      caps.prompts ? this.listAll<Prompt>(client, 'prompts/list', 'prompts') : [],
    ]);
    return { tools, resources, resourceTemplates, prompts };
  }

  /** Follows `nextCursor` to the end; a list the server cannot give is logged and left empty. */
  private async listAll<T>(
    client: Client,
    method: 'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list',
    key: string,
  ): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    const seen = new Set<string>();
    try {
      do {
        const page = await client.request(
          { method, params: cursor === undefined ? {} : { cursor } },
          ResultSchema,
          { timeout: this.options.connectTimeoutMs },
        );
        const list = page[key];
        if (Array.isArray(list)) items.push(...(list as T[]));
        const next = page['nextCursor'];
        cursor = typeof next === 'string' && !seen.has(next) ? next : undefined;
        if (cursor !== undefined) seen.add(cursor);
      } while (cursor !== undefined);
    } catch (error) {
      this.log.warn({ err: errorMessage(error) }, `${method} failed`);
    }
    return items;
  }

  private onConnectionLost(): void {
    const reason = this.stdio?.exitInfo ? describeExit(this.stdio.exitInfo) : 'the connection was lost';
    for (const entry of this.logs.flushStderr()) this.log.info({ stream: 'stderr' }, entry.text);
    this.log.warn({ reason }, 'connection lost');
    this.client = undefined;
    this.stopHealthChecks();
    this.setCatalog(EMPTY_CATALOG);
    this.onFailure(reason);
  }

  private onFailure(reason: string): void {
    const policy = this.options.restartPolicy;
    const wasHealthy = this.connectedAt !== undefined && Date.now() - this.connectedAt >= policy.stableAfterMs;
    this.connectedAt = undefined;
    this.failures = wasHealthy ? 1 : this.failures + 1;
    if (this.failures > policy.maxAttempts) {
      this.nextAttemptAt = null;
      this.setStatus('error', `${reason}; gave up after ${policy.maxAttempts} restarts`);
      this.logs.add('hub', 'error', `gave up after ${policy.maxAttempts} restarts: ${reason}`);
      return;
    }
    const delay = restartDelay(policy, this.failures);
    this.nextAttemptAt = new Date(Date.now() + delay);
    this.logs.add('hub', 'warning', `${reason}; restarting in ${delay} ms (attempt ${this.failures} of ${policy.maxAttempts})`);
    this.setStatus('disconnected', reason);
    const generation = this.generation;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (generation === this.generation) void this.connect();
    }, delay);
  }

  private startHealthChecks(resolved: ResolvedServer): void {
    if (resolved.transport === 'stdio') return;
    const client = this.client;
    if (!client) return;
    this.healthTimer = setInterval(() => void this.checkHealth(client), this.options.healthCheckIntervalMs);
    this.healthTimer.unref();
  }

  private stopHealthChecks(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }

  private checkHealth(client: Client): Promise<void> {
    this.healthCheck ??= (async () => {
      try {
        await client.ping({ timeout: Math.min(10_000, this.options.healthCheckIntervalMs) });
      } catch (error) {
        if (this.client !== client) return;
        this.log.warn({ err: errorMessage(error) }, 'ping failed');
        // Drop our reference first so the close callback does not report the loss a second time.
        this.client = undefined;
        await this.closeQuietly(client);
        this.stopHealthChecks();
        this.setCatalog(EMPTY_CATALOG);
        this.onFailure(`the server stopped answering (${errorMessage(error)})`);
      }
    })().finally(() => {
      this.healthCheck = undefined;
    });
    return this.healthCheck;
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.nextAttemptAt = null;
  }

  private async closeQuietly(client: Client | undefined): Promise<void> {
    if (!client) return;
    try {
      await client.close();
    } catch (error) {
      this.log.debug({ err: errorMessage(error) }, 'error while closing');
    }
  }

  /**
   * Announces only the kinds whose content changed: a server that wakes, reconnects or says
   * list_changed with the same lists costs clients no re-listing.
   */
  private setCatalog(next: UpstreamCatalog): void {
    const previous = this.catalog;
    const same = (a: unknown[], b: unknown[]) => a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
    const changed = (['tools', 'resources', 'prompts'] as const).filter((kind) =>
      kind === 'resources'
        ? !same(previous.resources, next.resources) || !same(previous.resourceTemplates, next.resourceTemplates)
        : !same(previous[kind], next[kind]),
    );
    this.catalog = next;
    if (changed.length > 0) this.emit('catalog', changed);
  }

  private setStatus(status: ServerStatus, error: string | null): void {
    const previous = this.status;
    if (previous === status && this.error === error) return;
    this.status = status;
    this.error = error;
    this.emit('status', { status, previous, error });
  }
}

/**
 * The SDK handles a notification one microtask late but a response at once, and forgets a
 * request's progress handler when its response arrives; so the last progress notification, read
 * in the same chunk as the response, was dropped. Delaying responses by one microtask keeps the
 * order the server sent them in.
 */
function deliverResponsesAfterNotifications(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  transport.onmessage = (message, extra) => {
    if ('id' in message && !('method' in message)) queueMicrotask(() => deliver(message, extra));
    else deliver(message, extra);
  };
}

/**
 * Until a connection says otherwise: a url without type is shown as Streamable HTTP, its first try.
 * Read from the entry as written, so that one with a problem still shows what it was meant to be.
 */
function expectedTransport(definition: ServerDefinition): TransportType {
  const asked = transportOf(definition.entry);
  return asked === 'http-auto' ? 'streamable-http' : asked;
}

function hasAuthorizationHeader(resolved: RemoteServer): boolean {
  return Object.keys(resolved.headers).some((name) => name.toLowerCase() === 'authorization');
}

function isUnauthorized(error: unknown): boolean {
  if (error instanceof UnauthorizedError) return true;
  if (error instanceof StreamableHTTPError || error instanceof SseError) return error.code === 401;
  return false;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
