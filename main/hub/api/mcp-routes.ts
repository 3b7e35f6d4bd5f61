import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, isJSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog, CatalogView } from '../catalog/catalog.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import { SessionEventStore } from '../endpoint/event-store.js';
import type { EndpointSession } from '../endpoint/session.js';
import { nestedDeeperThan } from '../json-depth.js';

const MAX_MESSAGE_DEPTH = 100;
/** What a client may say about itself when it initializes (its name, version, capabilities). */
const MAX_INITIALIZE_BYTES = 64 * 1024;

/** Which endpoint a transport belongs to: `/mcp`, `/mcp/<server>` or `/profiles/<name>/mcp`. */
type Scope = { kind: 'all' } | { kind: 'server' | 'profile'; name: string };
const ALL: Scope = { kind: 'all' };

interface Connection {
  scope: Scope;
  session: EndpointSession;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
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
  /** Called when a session starts or ends (auto-shutdown counts them). */
  onSessionsChanged?: () => void;
  /** Why a profile of the config cannot be used (its endpoint answers with it); undefined if it can or does not exist. */
  profileProblem?: (name: string) => string | undefined;
}

/**
 * `/mcp`, `/mcp/<server>` and `/profiles/<name>/mcp` over Streamable HTTP (sessions,
 * `Mcp-Session-Id`, resumable streams), and the legacy HTTP+SSE transport (`GET /mcp` then
 * `POST /messages?sessionId=`) for old clients.
 */
export class McpHttpRoutes {
  private readonly streamable = new Map<string, Connection>();
  private readonly legacy = new Map<string, Connection>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly catalog: Catalog,
    private readonly options: McpHttpOptions,
  ) {
    this.sweeper = setInterval(() => this.closeIdleSessions(), Math.min(60_000, options.sessionIdleTimeoutMs / 2));
    this.sweeper.unref();
  }

  get sessionCount(): number {
    return this.streamable.size + this.legacy.size;
  }

  router(): Router {
    const router = express.Router();
    // Tool arguments and resource contents can be large; the default 100 kB is not enough.
    router.use(['/mcp', '/messages', '/profiles'], express.json({ limit: '32mb' }), (req: Request, res: Response, next: NextFunction) => {
      // Recursive code on the way (the SDK's, the upstream server's) would run out of stack.
      if (nestedDeeperThan(req.body, MAX_MESSAGE_DEPTH)) jsonRpcError(res, 400, -32600, `Invalid Request: nested deeper than ${MAX_MESSAGE_DEPTH} levels`);
      else next();
    });
    const server = (req: Request): Scope => ({ kind: 'server', name: String(req.params['server']) });
    const profile = (req: Request): Scope => ({ kind: 'profile', name: String(req.params['profile']) });
    router.all('/mcp', (req, res) => this.handle(req, res, ALL));
    router.post('/messages', (req, res) => this.handleLegacyPost(req, res, ALL));
    router.all('/mcp/:server', (req, res) => this.handle(req, res, server(req)));
    router.post('/mcp/:server/messages', (req, res) => this.handleLegacyPost(req, res, server(req)));
    router.all('/profiles/:profile/mcp', (req, res) => this.handle(req, res, profile(req)));
    router.post('/profiles/:profile/messages', (req, res) => this.handleLegacyPost(req, res, profile(req)));
    return router;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.streamable.values(), ...this.legacy.values()];
    this.streamable.clear();
    this.legacy.clear();
    await Promise.allSettled(all.map((connection) => connection.session.close()));
  }

  private closeIdleSessions(): void {
    const cutoff = Date.now() - this.options.sessionIdleTimeoutMs;
    for (const [id, connection] of this.streamable) {
      if (connection.openRequests > 0 || connection.lastSeen > cutoff) continue;
      this.streamable.delete(id);
      this.options.onSessionsChanged?.();
      void connection.session.close();
    }
  }

  private view(scope: Scope): CatalogView | undefined {
    if (scope.kind === 'all') return this.catalog.aggregateView();
    return scope.kind === 'server' ? this.catalog.serverView(scope.name) : this.catalog.profileView(scope.name);
  }

  private async handle(req: Request, res: Response, scope: Scope): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const connection = this.streamable.get(sessionId);
      if (!connection || !sameScope(connection.scope, scope)) {
        // 404 tells a Streamable HTTP client to start a new session (e.g. after a hub restart).
        jsonRpcError(res, 404, -32001, 'Session not found');
        return;
      }
      connection.lastSeen = Date.now();
      connection.openRequests++;
      res.once('close', () => {
        connection.openRequests--;
        connection.lastSeen = Date.now();
      });
      if (carriesRequest(req.body)) connection.session.touch();
      const handled = (connection.transport as StreamableHTTPServerTransport).handleRequest(req, res, req.body);
      if (req.method === 'GET') connection.session.streamOpened();
      await handled;
      return;
    }
    const view = this.view(scope);
    if (!view) {
      this.unknown(res, scope);
      return;
    }
    const isInitialize = req.method === 'POST' && isInitializeRequest(req.body);
    const isLegacyStream = req.method === 'GET' && String(req.headers.accept ?? '').includes('text/event-stream');
    if (!isInitialize && !isLegacyStream) {
      jsonRpcError(res, 400, -32000, 'Bad Request: no valid session ID; send an initialize request first');
      return;
    }
    if (isInitialize && JSON.stringify(req.body.params).length > MAX_INITIALIZE_BYTES) {
      jsonRpcError(res, 400, -32600, `Invalid Request: the initialize parameters are over ${MAX_INITIALIZE_BYTES / 1024} KB`);
      return;
    }
    if (!this.roomForSession()) {
      jsonRpcError(res, 503, -32000, `The hub has ${this.options.maxSessions} client sessions open, its limit; close clients you no longer use (idle sessions close by themselves)`);
      return;
    }
    const path = scope.kind === 'all' ? '/mcp' : scope.kind === 'server' ? `/mcp/${scope.name}` : `/profiles/${scope.name}/mcp`;
    if (isInitialize) await this.startStreamable(req, res, scope, this.endpoint.createSession(view, { transport: 'streamable-http', path }));
    else await this.startLegacy(res, scope, this.endpoint.createSession(view, { transport: 'sse', path }));
  }

  private unknown(res: Response, scope: Scope): void {
    if (scope.kind !== 'profile') {
      jsonRpcError(res, 404, -32001, `Unknown server '${scope.kind === 'server' ? scope.name : ''}'`);
      return;
    }
    const problem = this.options.profileProblem?.(scope.name);
    if (problem) jsonRpcError(res, 503, -32000, `Profile '${scope.name}' cannot be used: ${problem}`);
    else jsonRpcError(res, 404, -32001, `Unknown profile '${scope.name}'`);
  }

  /** Whether another session may open: idle ones are closed first to make room. */
  private roomForSession(): boolean {
    if (this.endpoint.sessions.size < this.options.maxSessions) return true;
    this.closeIdleSessions();
    return this.endpoint.sessions.size < this.options.maxSessions;
  }

  private async startStreamable(req: Request, res: Response, scope: Scope, session: EndpointSession): Promise<void> {
    session.awaitStream();
    session.touch();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: new SessionEventStore(),
      onsessioninitialized: (id) => {
        this.streamable.set(id, { scope, session, transport, lastSeen: Date.now(), openRequests: 0 });
        this.options.onSessionsChanged?.();
      },
    });
    transport.onclose = () => {
      if (transport.sessionId && this.streamable.delete(transport.sessionId)) this.options.onSessionsChanged?.();
    };
    await session.connect(transport);
    await transport.handleRequest(req, res, req.body);
    // An initialize the transport refused (a version it does not speak, a malformed request)
    // leaves a session no client can reach.
    if (transport.sessionId === undefined) await session.close();
  }

  private async startLegacy(res: Response, scope: Scope, session: EndpointSession): Promise<void> {
    const messages =
      scope.kind === 'all' ? '/messages' : scope.kind === 'server' ? `/mcp/${encodeURIComponent(scope.name)}/messages` : `/profiles/${encodeURIComponent(scope.name)}/messages`;
    const transport = new SSEServerTransport(messages, res);
    this.legacy.set(transport.sessionId, { scope, session, transport, lastSeen: Date.now(), openRequests: 1 });
    this.options.onSessionsChanged?.();
    transport.onclose = () => {
      if (this.legacy.delete(transport.sessionId)) this.options.onSessionsChanged?.();
    };
    await session.connect(transport);
  }

  private async handleLegacyPost(req: Request, res: Response, scope: Scope): Promise<void> {
    const sessionId = req.query['sessionId'];
    if (typeof sessionId !== 'string') {
      jsonRpcError(res, 400, -32000, 'Missing sessionId query parameter');
      return;
    }
    const connection = this.legacy.get(sessionId);
    if (!connection || !sameScope(connection.scope, scope)) {
      jsonRpcError(res, 404, -32001, 'Session not found');
      return;
    }
    if (carriesRequest(req.body)) connection.session.touch();
    await (connection.transport as SSEServerTransport).handlePostMessage(req, res, req.body);
  }
}

function sameScope(a: Scope, b: Scope): boolean {
  return a.kind === b.kind && (a.kind === 'all' || (b.kind !== 'all' && a.name === b.name));
}

/** A JSON-RPC request (or a batch holding one), not only notifications or answers. */
function carriesRequest(body: unknown): boolean {
  return Array.isArray(body) ? body.some((message) => isJSONRPCRequest(message)) : isJSONRPCRequest(body);
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
