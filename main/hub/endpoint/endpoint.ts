import {
  ErrorCode,
  LoggingLevelSchema,
  ResultSchema,
  type LoggingLevel,
  type LoggingMessageNotification,
  type Result,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { ToolCallRecord } from '../../../shared/events.js';
import type { Catalog, CatalogView, Route } from '../catalog/catalog.js';
import type { UpstreamPeer, UpstreamServer } from '../upstream/upstream-server.js';
import { ProtocolError } from '../protocol-error.js';
import { EndpointSession, type SessionHost } from './session.js';

export interface EndpointOptions {
  pageSize: number;
  serverInfo: { name: string; version: string };
  logger: Logger;
  onToolCall?: (record: ToolCallRecord) => void;
}

const LEVELS = LoggingLevelSchema.options;
const HUMAN_TIMEOUT_MS = 30 * 60_000;

/** The capability a client must have declared to answer each server-to-client request. */
const REQUIRED_CAPABILITY: Record<string, 'sampling' | 'elicitation' | 'roots'> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/**
 * The hub's MCP server side: every connected client session, and the routing between them and the
 * upstream servers in both directions (requests, notifications, subscriptions, log levels).
 */
export class Endpoint implements UpstreamPeer, SessionHost {
  readonly sessions = new Set<EndpointSession>();
  readonly pageSize: number;
  readonly serverInfo: { name: string; version: string };
  readonly onToolCall: (record: ToolCallRecord) => void;
  /** (server, upstream URI) → the sessions subscribed to it, with the URI each one used. */
  private readonly subscriptions = new Map<UpstreamServer, Map<string, Map<EndpointSession, string>>>();
  private readonly log: Logger;

  constructor(
    private readonly catalog: Catalog,
    options: EndpointOptions,
  ) {
    this.pageSize = options.pageSize;
    this.serverInfo = options.serverInfo;
    this.onToolCall = options.onToolCall ?? (() => {});
    this.log = options.logger.child({ component: 'endpoint' });
    catalog.on('changed', ({ server, kinds }) => {
      for (const session of this.sessions) if (session.view.includes(server)) session.listChanged(kinds);
    });
  }

  createSession(view: CatalogView): EndpointSession {
    const session = new EndpointSession(view, this);
    this.sessions.add(session);
    return session;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions].map((session) => session.close()));
  }

  /** An upstream server came (back) up: give it the log level and subscriptions its clients asked for. */
  async onUpstreamConnected(server: UpstreamServer): Promise<void> {
    await this.applyLogLevel(server);
    for (const uri of this.subscriptions.get(server)?.keys() ?? []) {
      await server.request({ method: 'resources/subscribe', params: { uri } }).catch((error: unknown) => {
        this.log.warn({ server: server.name, err: String(error) }, 're-subscribing failed');
      });
    }
  }

  // --- SessionHost -------------------------------------------------------------------------

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
    if (session.logLevel !== undefined) this.onLevelChanged();
  }

  onLevelChanged(): void {
    for (const server of this.catalog.servers) void this.applyLogLevel(server);
  }

  onRootsChanged(session: EndpointSession): void {
    for (const server of session.view.servers) {
      if (server.status === 'connected') void server.notify({ method: 'notifications/roots/list_changed' }).catch(() => {});
    }
  }

  async subscribe(session: EndpointSession, route: Route, exposedUri: string): Promise<void> {
    let byUri = this.subscriptions.get(route.server);
    if (!byUri) this.subscriptions.set(route.server, (byUri = new Map()));
    let sessions = byUri.get(route.name);
    const first = !sessions;
    if (!sessions) byUri.set(route.name, (sessions = new Map()));
    sessions.set(session, exposedUri);
    if (first) {
      try {
        await route.server.request({ method: 'resources/subscribe', params: { uri: route.name } });
      } catch (error) {
        byUri.delete(route.name);
        throw error;
      }
    }
  }

  async unsubscribe(session: EndpointSession, route: Route): Promise<void> {
    const byUri = this.subscriptions.get(route.server);
    const sessions = byUri?.get(route.name);
    if (!byUri || !sessions?.delete(session) || sessions.size > 0) return;
    byUri.delete(route.name);
    await this.upstreamUnsubscribe(route.server, route.name);
  }

  // --- UpstreamPeer ------------------------------------------------------------------------

  /**
   * Sends a server-to-client request to the client that caused it: the one whose request to that
   * server is in flight (the latest, if several), else the one that used the server last.
   */
  async handleServerRequest(upstream: UpstreamServer, request: ServerRequest, signal: AbortSignal): Promise<Result> {
    const capability = REQUIRED_CAPABILITY[request.method];
    const capable = [...this.sessions].filter(
      (session) =>
        session.view.includes(upstream) &&
        (!capability || session.server.getClientCapabilities()?.[capability]) &&
        (request.method !== 'roots/list' || session.roots !== undefined),
    );
    const related = capable
      .map((session) => session.latestInFlight(upstream))
      .filter((entry) => entry !== undefined)
      .sort((a, b) => b.startedAt - a.startedAt)[0];
    const recent =
      related?.session ??
      capable.sort((a, b) => (b.lastUsed.get(upstream) ?? b.createdAt) - (a.lastUsed.get(upstream) ?? a.createdAt))[0];
    if (request.method === 'roots/list') {
      // Roots narrow what a server may touch; with no client to ask, the server keeps its own settings.
      return { roots: recent?.roots ?? [] };
    }
    // A human may be answering (elicitation, sampling review): no timeout but the client's own cancel.
    const options = { signal, timeout: HUMAN_TIMEOUT_MS };
    if (related) return related.extra.sendRequest(request, ResultSchema, options);
    if (recent) return recent.server.request(request, ResultSchema, options);
    throw new ProtocolError(ErrorCode.InvalidRequest, `No connected MCP client supports ${capability ?? request.method}`);
  }

  onLogMessage(upstream: UpstreamServer, params: LoggingMessageNotification['params']): void {
    for (const session of this.sessions) {
      if (!session.view.includes(upstream) || !session.wantsLog(params.level)) continue;
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

  /** The most verbose level any client of this server asked for (servers log at their own default otherwise). */
  private async applyLogLevel(server: UpstreamServer): Promise<void> {
    if (server.status !== 'connected' || !server.serverCapabilities.logging) return;
    let level: LoggingLevel | undefined;
    for (const session of this.sessions) {
      if (!session.view.includes(server) || !session.logLevel) continue;
      if (!level || LEVELS.indexOf(session.logLevel) < LEVELS.indexOf(level)) level = session.logLevel;
    }
    if (!level) return;
    await server.request({ method: 'logging/setLevel', params: { level } }).catch((error: unknown) => {
      this.log.debug({ server: server.name, err: String(error) }, 'logging/setLevel failed');
    });
  }

  private async upstreamUnsubscribe(server: UpstreamServer, uri: string): Promise<void> {
    if (server.status !== 'connected') return;
    await server.request({ method: 'resources/unsubscribe', params: { uri } }).catch(() => {});
  }
}
