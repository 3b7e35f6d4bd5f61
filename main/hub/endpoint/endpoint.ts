import type { LoggingLevel, LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallRecord } from '../../../shared/events.js';
import type { SessionInfo } from '../../../shared/sessions.js';
import type { Catalog, CatalogView, Route } from '../catalog/catalog.js';
import type { Logger } from '../log.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { ProtocolError } from '../protocol-error.js';
import type { CatalogKind, UpstreamPeer, UpstreamServer } from '../upstream/upstream-server.js';
import { LOG_LEVELS, type Caller } from './caller.js';
import { ModernExchange, type ExchangeHost } from './exchange.js';
import { registerForwarding, registerSessionHandlers } from './forwarding.js';
import { ClientInstances, type InstanceFactory } from './instances.js';
import { ModernClients } from './modern-clients.js';
import { MultiRoundCalls } from './multi-round.js';
import { ResourceSubscriptions } from './resource-subscriptions.js';
import { ServerRequestRouter } from './server-requests.js';
import { EndpointSession, type SessionHost, type SessionOrigin } from './session.js';

export interface EndpointOptions {
  /** Items per page of a list; undefined: every item in one answer. */
  pageSize: number | undefined;
  serverInfo: { name: string; version: string };
  logger: Logger;
  onToolCall?: (record: ToolCallRecord) => void;
  /** Sessions opened, closed, or (at most every few seconds) active: the list of connected clients changed. */
  onSessionsChanged?: (sessions: SessionInfo[]) => void;
  /** How the connection of one client session to a `per-client` server is made. */
  makeInstance: InstanceFactory;
}

/** Activity alone announces the sessions at most this often. */
const ACTIVITY_ANNOUNCE_MS = 5_000;

/**
 * The hub's MCP server side: every connected client session and every 2026-07-28 request being
 * served, and the routing between them and the upstream servers in both directions (requests,
 * notifications, subscriptions, log levels). A `per-client` server's traffic goes to and from the
 * session's own connection to it.
 */
export class Endpoint implements UpstreamPeer, SessionHost, ExchangeHost {
  readonly sessions = new Set<EndpointSession>();
  /** The 2026-07-28 requests with a request of theirs in flight to an upstream server. */
  readonly exchanges = new Set<ModernExchange>();
  readonly modernClients = new ModernClients();
  readonly multiRound = new MultiRoundCalls();
  readonly pageSize: number | undefined;
  readonly serverInfo: { name: string; version: string };
  readonly onToolCall: (record: ToolCallRecord) => void;
  readonly instances: ClientInstances;
  private readonly requests: ServerRequestRouter;
  readonly subscriptions: ResourceSubscriptions;
  private readonly log: Logger;
  private announceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly options: EndpointOptions,
  ) {
    this.pageSize = options.pageSize;
    this.serverInfo = options.serverInfo;
    this.onToolCall = options.onToolCall ?? (() => {});
    this.log = options.logger.child({ component: 'endpoint' });
    this.subscriptions = new ResourceSubscriptions(this.log);
    this.instances = new ClientInstances(options.makeInstance);
    this.requests = new ServerRequestRouter(() => [...this.sessions, ...this.exchanges], this.instances);
    catalog.on('changed', ({ server, kinds, before }) => {
      // Worked out once per view, however many sessions share it.
      const affected = new Map<CatalogView, CatalogKind[]>();
      for (const session of this.sessions) {
        let own = affected.get(session.view);
        if (!own) affected.set(session.view, (own = session.view.affected(server, kinds, before)));
        if (own.length > 0) session.listChanged(own);
      }
    });
    catalog.on('profileChanged', ({ view, removed }) => {
      for (const session of [...this.sessions]) {
        if (session.view !== view) continue;
        // A removed profile's endpoint is gone: its clients reconnect and are told so.
        if (removed) void session.close();
        else session.listChanged(['tools', 'prompts', 'resources']);
      }
    });
  }

  createSession(view: CatalogView, origin: SessionOrigin): EndpointSession {
    const session = new EndpointSession(view, origin, this);
    registerForwarding(session);
    registerSessionHandlers(session);
    this.sessions.add(session);
    this.announceSessions();
    return session;
  }

  /** The server side of one 2026-07-28 request; it ends with the request. */
  createExchange(view: CatalogView): ModernExchange {
    const exchange = new ModernExchange(view, this);
    registerForwarding(exchange);
    return exchange;
  }

  sessionInfos(): SessionInfo[] {
    return [...[...this.sessions].map((session) => session.info()), ...this.modernClients.infos()];
  }

  /** Sessions changed in a way the caller knows of (a 2026-07-28 client came or went). */
  sessionsChanged(): void {
    this.announceSessions();
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions].map((session) => session.close()));
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
  }

  /** An upstream connection came (back) up: give it the log level and subscriptions its clients asked for. */
  async onUpstreamConnected(server: UpstreamServer): Promise<void> {
    await this.applyLogLevel(server);
    await this.subscriptions.resubscribe(server);
  }

  // --- SessionHost -------------------------------------------------------------------------

  upstreamFor(caller: Caller, server: UpstreamServer): UpstreamServer {
    if (server.isolation !== 'per-client') return server;
    if (caller instanceof EndpointSession) return this.instances.for(caller, server);
    throw new ProtocolError(
      JsonRpcErrorCode.InvalidRequest,
      `Server '${server.name}' runs one process per client session ("isolation": "per-client"), and ${caller.clientName()} speaks MCP 2026-07-28, which has no session: connect with a 2025-11-25 client, or set its isolation to "shared"`,
    );
  }

  whenReady(upstream: UpstreamServer): Promise<void> {
    return this.instances.ready(upstream);
  }

  onExchangeBusy(exchange: ModernExchange): void {
    this.exchanges.add(exchange);
  }

  onExchangeIdle(exchange: ModernExchange): void {
    this.exchanges.delete(exchange);
  }

  onActivity(): void {
    this.announceTimer ??= setTimeout(() => {
      this.announceTimer = undefined;
      this.announceSessions();
    }, ACTIVITY_ANNOUNCE_MS);
    this.announceTimer.unref();
  }

  onClosed(session: EndpointSession): void {
    this.sessions.delete(session);
    this.subscriptions.removeAll(session);
    void this.instances.closeSession(session);
    if (session.logLevel !== undefined) this.onLevelChanged();
    this.announceSessions();
  }

  onLevelChanged(): void {
    for (const server of [...this.catalog.servers, ...this.instances.all()]) void this.applyLogLevel(server);
  }

  /** The client's roots changed: only its own connections were told them, so only they hear of it. */
  onRootsChanged(session: EndpointSession): void {
    for (const instance of this.instances.ofSession(session)) {
      if (instance.status === 'connected') void instance.notify({ method: 'notifications/roots/list_changed' }).catch(() => {});
    }
  }

  async subscribe(session: EndpointSession, route: Route, exposedUri: string): Promise<void> {
    const upstream = this.upstreamFor(session, route.server);
    await this.whenReady(upstream);
    await this.subscriptions.add(session, upstream, route.name, exposedUri);
  }

  async unsubscribe(session: EndpointSession, route: Route): Promise<void> {
    await this.subscriptions.remove(session, this.upstreamFor(session, route.server), route.name);
  }

  // --- UpstreamPeer ------------------------------------------------------------------------

  handleServerRequest: UpstreamPeer['handleServerRequest'] = (upstream, request, signal) => this.requests.route(upstream, request, signal);

  onLogMessage(upstream: UpstreamServer, params: LoggingMessageNotification['params']): void {
    // A 2026-07-28 request hears only of its own call: it has no stream besides.
    const callers: Caller[] = [...this.listeners(upstream), ...this.exchanges];
    for (const caller of callers) {
      if (!caller.wantsLog(params.level)) continue;
      const logger = caller.view.only ? params.logger : [upstream.name, params.logger].filter(Boolean).join('/');
      const notification = { method: 'notifications/message' as const, params: { ...params, ...(logger && { logger }) } };
      void caller.notify(notification, upstream).catch(() => {});
    }
  }

  keepsAwake(upstream: UpstreamServer): boolean {
    return this.subscriptions.keepsAwake(upstream);
  }

  onResourceUpdated(upstream: UpstreamServer, uri: string): void {
    this.subscriptions.updated(upstream, uri);
  }

  // --- internals ---------------------------------------------------------------------------

  /** The sessions that hear from an upstream connection: its own session for a client's connection, else every session that lists the server. */
  private listeners(upstream: UpstreamServer): EndpointSession[] {
    const owner = this.instances.ownerOf(upstream);
    if (owner) return [owner.session];
    return [...this.sessions].filter((session) => session.view.includes(upstream));
  }

  /** The most verbose level any client of this connection asked for (servers log at their own default otherwise). */
  private async applyLogLevel(server: UpstreamServer): Promise<void> {
    if (server.status !== 'connected' || !server.serverCapabilities.logging) return;
    let level: LoggingLevel | undefined;
    for (const session of this.listeners(server)) {
      if (!session.logLevel) continue;
      if (!level || LOG_LEVELS.indexOf(session.logLevel) < LOG_LEVELS.indexOf(level)) level = session.logLevel;
    }
    if (!level) return;
    await server.setLogLevel(level).catch((error: unknown) => {
      this.log.debug({ server: server.name, err: String(error) }, 'logging/setLevel failed');
    });
  }

  private announceSessions(): void {
    this.options.onSessionsChanged?.(this.sessionInfos());
  }
}
