import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog, CatalogView } from '../catalog/catalog.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import type { EndpointSession } from '../endpoint/session.js';
import type { Logger } from '../log.js';
import { readJsonRpcBody } from './json-rpc-body.js';
import { LegacySseTransport } from './legacy-sse-transport.js';
import { ModernLeg } from './modern-leg.js';
import { sendJsonRpcError, StreamableHttpTransport } from './streamable-transport.js';

/** What a client may say about itself when it initializes (its name, version, capabilities). */
const MAX_INITIALIZE_BYTES = 64 * 1024;

/** Which endpoint a transport belongs to: `/mcp`, `/mcp/<server>` or `/profiles/<name>/mcp`. */
type Scope = { kind: 'all' } | { kind: 'server' | 'profile'; name: string };
const ALL: Scope = { kind: 'all' };

/** An MCP path of the hub: an endpoint, or the messages URL of its legacy SSE transport. */
export interface McpRoute {
  scope: Scope;
  messages: boolean;
}

interface Connection<T> {
  scope: Scope;
  session: EndpointSession;
  transport: T;
}

/** A legacy SSE session lives as long as its GET stream; a Streamable HTTP one until it is idle. */
interface StreamableConnection extends Connection<StreamableHttpTransport> {
  /** When the client last sent anything; a Streamable HTTP session has no other sign of life. */
  lastSeen: number;
  /** Requests and event streams of the client still open (a long tool call, a GET stream). */
  openRequests: number;
}

export interface McpHttpOptions {
  /**
   * A Streamable HTTP session whose client neither holds an event stream open nor sent anything
   * for this long is closed: most clients never end their sessions (no DELETE), and each one
   * holds memory, and per-client servers' processes.
   */
  sessionIdleTimeoutMs: number;
  /** Sessions at once; beyond, a new client is refused with a reason (after idle ones are closed). */
  maxSessions: number;
  logger: Logger;
  /** Called when a session starts or ends (auto-shutdown counts them). */
  onSessionsChanged?: () => void;
  /** Why a profile of the config cannot be used (its endpoint answers with it); undefined if it can or does not exist. */
  profileProblem?: (name: string) => string | undefined;
}

/**
 * `/mcp`, `/mcp/<server>` and `/profiles/<name>/mcp`: for 2025-era clients over Streamable HTTP
 * (sessions, `Mcp-Session-Id`, resumable streams) and the legacy HTTP+SSE transport (`GET /mcp`
 * then `POST /messages?sessionId=`); for 2026-07-28 clients, session-free, on the same URLs (see
 * modern-leg.ts). Served on `node:http` directly: every tool call of every client passes here.
 */
export class McpHttpRoutes {
  private readonly streamable = new Map<string, StreamableConnection>();
  private readonly legacy = new Map<string, Connection<LegacySseTransport>>();
  private readonly modern: ModernLeg;
  private readonly sweeper: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly catalog: Catalog,
    private readonly options: McpHttpOptions,
  ) {
    this.log = options.logger.child({ component: 'mcp-http' });
    this.modern = new ModernLeg(endpoint, catalog, options.logger, () => this.clientsChanged());
    this.sweeper = setInterval(() => this.closeIdleSessions(), Math.min(60_000, options.sessionIdleTimeoutMs / 2));
    this.sweeper.unref();
  }

  /** Clients connected: sessions, and 2026-07-28 clients seen lately (they have none). */
  get sessionCount(): number {
    return this.streamable.size + this.legacy.size + this.endpoint.modernClients.size;
  }

  /** The MCP route a request's path names, if any: `/mcp[/<server>][/messages]`, `/messages`, `/profiles/<name>/{mcp,messages}`. */
  match(req: IncomingMessage): McpRoute | undefined {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    // Express, which served these paths before, took a trailing slash as the same path.
    const parts = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
    let route: McpRoute | undefined;
    if (parts[1] === 'mcp') {
      if (parts.length === 2) route = { scope: ALL, messages: false };
      else if (parts.length === 3 || (parts.length === 4 && parts[3] === 'messages')) route = named('server', parts[2]!, parts.length === 4);
    } else if (parts[1] === 'messages' && parts.length === 2) route = { scope: ALL, messages: true };
    else if (parts[1] === 'profiles' && parts.length === 4 && (parts[3] === 'mcp' || parts[3] === 'messages')) route = named('profile', parts[2]!, parts[3] === 'messages');
    // The messages URLs take only POST; anything else there is for the not-found handler.
    return route?.messages && req.method !== 'POST' ? undefined : route;
  }

  /** Serves a request whose path `match` found; never throws. */
  handle(route: McpRoute, req: IncomingMessage, res: ServerResponse): void {
    const handled = route.messages ? this.handleLegacyPost(req, res, route.scope) : this.handleEndpoint(req, res, route.scope);
    handled.catch((error: unknown) => {
      this.log.error({ method: req.method, path: req.url?.split('?')[0], err: error instanceof Error ? error.stack : String(error) }, 'MCP request failed');
      // Nothing of an unexpected error's text leaves the hub: it may name files or hold secrets.
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal error: the hub could not handle this request');
      else res.destroy();
    });
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.streamable.values(), ...this.legacy.values()];
    this.streamable.clear();
    this.legacy.clear();
    await Promise.allSettled([this.modern.close(), ...all.map((connection) => connection.session.close())]);
  }

  private closeIdleSessions(): void {
    const cutoff = Date.now() - this.options.sessionIdleTimeoutMs;
    if (this.endpoint.modernClients.sweep(cutoff)) this.clientsChanged();
    for (const [id, connection] of this.streamable) {
      if (connection.openRequests > 0 || connection.lastSeen > cutoff) continue;
      this.streamable.delete(id);
      this.options.onSessionsChanged?.();
      void connection.session.close();
    }
  }

  /** A 2026-07-28 client came, or was forgotten: the clients list and the auto-shutdown count change. */
  private clientsChanged(): void {
    this.endpoint.sessionsChanged();
    this.options.onSessionsChanged?.();
  }

  private view(scope: Scope): CatalogView | undefined {
    if (scope.kind === 'all') return this.catalog.aggregateView();
    return scope.kind === 'server' ? this.catalog.serverView(scope.name) : this.catalog.profileView(scope.name);
  }

  private async handleEndpoint(req: IncomingMessage, res: ServerResponse, scope: Scope): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const connection = this.streamable.get(sessionId);
      if (!connection || !sameScope(connection.scope, scope)) {
        // 404 tells a Streamable HTTP client to start a new session (e.g. after a hub restart).
        sendJsonRpcError(res, 404, -32001, 'Session not found');
        return;
      }
      await this.inSession(connection, req, res);
      return;
    }
    const view = this.view(scope);
    if (!view) {
      this.unknown(res, scope);
      return;
    }
    const legacyStream = req.method === 'GET' && String(req.headers.accept ?? '').includes('text/event-stream');
    const body = req.method === 'POST' ? await this.readBody(req, res) : undefined;
    if (req.method === 'POST' && !body) return;
    if (body && this.modern.claims(req, body.messages, body.batch)) {
      await this.modern.serve(req, res, { path: pathOf(scope), view: () => this.view(scope) }, body.messages[0]!);
      return;
    }
    const messages = body?.messages;
    const initialize = messages?.length === 1 && 'method' in messages[0]! && messages[0].method === 'initialize' ? messages[0] : undefined;
    if (!initialize && !legacyStream) {
      sendJsonRpcError(res, 400, -32000, 'Bad Request: no valid session ID; send an initialize request first');
      return;
    }
    if (initialize && JSON.stringify(initialize.params).length > MAX_INITIALIZE_BYTES) {
      sendJsonRpcError(res, 400, -32600, `Invalid Request: the initialize parameters are over ${MAX_INITIALIZE_BYTES / 1024} KB`);
      return;
    }
    if (!this.roomForSession()) {
      sendJsonRpcError(res, 503, -32000, `The hub has ${this.options.maxSessions} client sessions open, its limit; close clients you no longer use (idle sessions close by themselves)`);
      return;
    }
    const path = pathOf(scope);
    if (initialize) await this.startStreamable(req, res, scope, messages!, this.endpoint.createSession(view, { transport: 'streamable-http', path }));
    else await this.startLegacy(res, scope, this.endpoint.createSession(view, { transport: 'sse', path }));
  }

  private async inSession(connection: StreamableConnection, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { session, transport } = connection;
    connection.lastSeen = Date.now();
    connection.openRequests++;
    res.once('close', () => {
      connection.openRequests--;
      connection.lastSeen = Date.now();
    });
    switch (req.method) {
      case 'POST': {
        const messages = (await this.readBody(req, res))?.messages;
        if (!messages) return;
        if (carriesRequest(messages)) session.touch();
        transport.post(req, res, messages);
        return;
      }
      case 'GET':
        transport.get(req, res);
        session.streamOpened();
        return;
      case 'DELETE':
        await transport.delete(req, res);
        return;
      default:
        res.setHeader('allow', 'GET, POST, DELETE');
        sendJsonRpcError(res, 405, -32000, 'Method not allowed.');
    }
  }

  private unknown(res: ServerResponse, scope: Scope): void {
    if (scope.kind !== 'profile') {
      sendJsonRpcError(res, 404, -32001, `Unknown server '${scope.kind === 'server' ? scope.name : ''}'`);
      return;
    }
    const problem = this.options.profileProblem?.(scope.name);
    if (problem) sendJsonRpcError(res, 503, -32000, `Profile '${scope.name}' cannot be used: ${problem}`);
    else sendJsonRpcError(res, 404, -32001, `Unknown profile '${scope.name}'`);
  }

  /** Whether another session may open: idle ones are closed first to make room. */
  private roomForSession(): boolean {
    if (this.endpoint.sessions.size < this.options.maxSessions) return true;
    this.closeIdleSessions();
    return this.endpoint.sessions.size < this.options.maxSessions;
  }

  private async readBody(req: IncomingMessage, res: ServerResponse): Promise<{ messages: JSONRPCMessage[]; batch: boolean } | undefined> {
    const body = await readJsonRpcBody(req);
    if ('messages' in body) return body;
    sendJsonRpcError(res, body.refused.status, body.refused.code, body.refused.message);
    return undefined;
  }

  private async startStreamable(req: IncomingMessage, res: ServerResponse, scope: Scope, messages: JSONRPCMessage[], session: EndpointSession): Promise<void> {
    session.awaitStream();
    session.touch();
    const transport = new StreamableHttpTransport(randomUUID());
    const connection: StreamableConnection = { scope, session, transport, lastSeen: Date.now(), openRequests: 0 };
    transport.onclose = () => {
      if (this.streamable.delete(transport.sessionId)) this.options.onSessionsChanged?.();
    };
    await session.connect(transport);
    // Known before the answer goes out: the client's next request comes as soon as it has it.
    this.streamable.set(transport.sessionId, connection);
    this.options.onSessionsChanged?.();
    // An initialize the transport refused (a media type it does not serve) leaves a session no client can reach.
    if (!transport.post(req, res, messages)) await session.close();
  }

  private async startLegacy(res: ServerResponse, scope: Scope, session: EndpointSession): Promise<void> {
    const messages =
      scope.kind === 'all' ? '/messages' : scope.kind === 'server' ? `/mcp/${encodeURIComponent(scope.name)}/messages` : `/profiles/${encodeURIComponent(scope.name)}/messages`;
    const transport = new LegacySseTransport(res, messages);
    this.legacy.set(transport.sessionId, { scope, session, transport });
    this.options.onSessionsChanged?.();
    transport.onclose = () => {
      if (this.legacy.delete(transport.sessionId)) this.options.onSessionsChanged?.();
    };
    await session.connect(transport);
  }

  private async handleLegacyPost(req: IncomingMessage, res: ServerResponse, scope: Scope): Promise<void> {
    const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
    const sessionId = query.get('sessionId');
    if (sessionId === null) {
      sendJsonRpcError(res, 400, -32000, 'Missing sessionId query parameter');
      return;
    }
    const connection = this.legacy.get(sessionId);
    if (!connection || !sameScope(connection.scope, scope)) {
      sendJsonRpcError(res, 404, -32001, 'Session not found');
      return;
    }
    const messages = (await this.readBody(req, res))?.messages;
    if (!messages) return;
    if (carriesRequest(messages)) connection.session.touch();
    connection.transport.post(res, messages);
  }
}

/** A route naming a server or profile, from its (percent-encoded) path segment; none for an undecodable one. */
function named(kind: 'server' | 'profile', segment: string, messages: boolean): McpRoute | undefined {
  try {
    return { scope: { kind, name: decodeURIComponent(segment) }, messages };
  } catch {
    return undefined;
  }
}

function pathOf(scope: Scope): string {
  return scope.kind === 'all' ? '/mcp' : scope.kind === 'server' ? `/mcp/${scope.name}` : `/profiles/${scope.name}/mcp`;
}

function sameScope(a: Scope, b: Scope): boolean {
  return a.kind === b.kind && (a.kind === 'all' || (b.kind !== 'all' && a.name === b.name));
}

/** Whether the messages hold a request, not only notifications or answers. */
function carriesRequest(messages: JSONRPCMessage[]): boolean {
  return messages.some((message) => 'method' in message && 'id' in message);
}
