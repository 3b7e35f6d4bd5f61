import type { LoggingLevel, LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallRecord } from '../../../shared/events.js';
import type { SessionInfo } from '../../../shared/sessions.js';
import type { Catalog, CatalogView, Route } from '../catalog/catalog.js';
import type { Logger } from '../log.js';
import type { CatalogKind, UpstreamPeer, UpstreamServer } from '../upstream/upstream-server.js';
import { registerForwarding } from './forwarding.js';
import { ClientInstances, type InstanceFactory } from './instances.js';
import { ServerRequestRouter } from './server-requests.js';
import { EndpointSession, LOG_LEVELS, type SessionHost, type SessionOrigin } from './session.js';

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
 * The hub's MCP server side: every connected client session, and the routing between them and the
 * upstream servers in both directions (requests, notifications, subscriptions, log levels). A
 * `per-client` server's traffic goes to and from the session's own connection to it.
 */
export class Endpoint implements UpstreamPeer, SessionHost {
  readonly sessions = new Set<EndpointSession>();
  readonly pageSize: number | undefined;
  readonly serverInfo: { name: string; version: string };
  readonly onToolCall: (record: ToolCallRecord) => void;
  readonly instances: ClientInstances;
  private readonly requests: ServerRequestRouter;
  /** (upstream connection, upstream URI) → the sessions subscribed to it, with the URI each one used. */
  private readonly subscriptions = new Map<UpstreamServer, Map<string, Map<EndpointSession, string>>>();
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
    this.instances = new ClientInstances(options.makeInstance);
    this.requests = new ServerRequestRouter(this.sessions, this.instances);
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
    this.sessions.add(session);
    this.announceSessions();
    return session;
  }

  sessionInfos(): SessionInfo[] {
    return [...this.sessions].map((session) => session.info());
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions].map((session) => session.close()));
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
  }

  /** An upstream connection came (back) up: give it the log level and subscriptions its clients asked for. */
  async onUpstreamConnected(server: UpstreamServer): Promise<void> {
    await this.applyLogLevel(server);
    for (const uri of this.subscriptions.get(server)?.keys() ?? []) {
      await server.subscribeResource(uri).catch((error: unknown) => {
        this.log.warn({ server: server.name, err: String(error) }, 're-subscribing failed');
      });
    }
  }

  // --- SessionHost -------------------------------------------------------------------------

  upstreamFor(session: EndpointSession, server: UpstreamServer): UpstreamServer {
    return server.isolation === 'per-client' ? this.instances.for(session, server) : server;
  }

  whenReady(upstream: UpstreamServer): Promise<void> {
    return this.instances.ready(upstream);
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
    for (const [server, byUri] of this.subscriptions) {
      for (const [uri, sessions] of byUri) {
        if (sessions.delete(session) && sessions.size === 0) {
          byUri.delete(uri);
          void this.upstreamUnsubscribe(server, uri);
        }
      }
    }
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
    let byUri = this.subscriptions.get(upstream);
    if (!byUri) this.subscriptions.set(upstream, (byUri = new Map()));
    let sessions = byUri.get(route.name);
    const first = !sessions;
    if (!sessions) byUri.set(route.name, (sessions = new Map()));
    sessions.set(session, exposedUri);
    if (first) {
      try {
        await upstream.subscribeResource(route.name);
      } catch (error) {
        byUri.delete(route.name);
        throw error;
      }
    }
  }

  async unsubscribe(session: EndpointSession, route: Route): Promise<void> {
    const upstream = this.upstreamFor(session, route.server);
    const byUri = this.subscriptions.get(upstream);
    const sessions = byUri?.get(route.name);
    if (!byUri || !sessions?.delete(session) || sessions.size > 0) return;
    byUri.delete(route.name);
    await this.upstreamUnsubscribe(upstream, route.name);
  }

  // --- UpstreamPeer ------------------------------------------------------------------------

  handleServerRequest: UpstreamPeer['handleServerRequest'] = (upstream, request, signal) => this.requests.route(upstream, request, signal);

  onLogMessage(upstream: UpstreamServer, params: LoggingMessageNotification['params']): void {
    for (const session of this.listeners(upstream)) {
      if (!session.wantsLog(params.level)) continue;
      const logger = session.view.only ? params.logger : [upstream.name, params.logger].filter(Boolean).join('/');
      const notification = { method: 'notifications/message' as const, params: { ...params, ...(logger && { logger }) } };
      void session.notify(notification, upstream).catch(() => {});
    }
  }

  /** A subscribed resource's updates come only from a running server, so subscriptions keep it awake. */
  keepsAwake(upstream: UpstreamServer): boolean {
    return (this.subscriptions.get(upstream)?.size ?? 0) > 0;
  }

  onResourceUpdated(upstream: UpstreamServer, uri: string): void {
    for (const [session, exposedUri] of this.subscriptions.get(upstream)?.get(uri) ?? []) {
      void session.notify({ method: 'notifications/resources/updated', params: { uri: exposedUri } }, upstream).catch(() => {});
    }
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

  private async upstreamUnsubscribe(server: UpstreamServer, uri: string): Promise<void> {
    await server.unsubscribeResource(uri).catch(() => {});
  }

  private announceSessions(): void {
    this.options.onSessionsChanged?.(this.sessionInfos());
  }
}
