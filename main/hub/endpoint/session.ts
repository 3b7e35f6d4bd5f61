import { randomUUID } from 'node:crypto';
import {
  Server,
  type ClientCapabilities,
  type LoggingLevel,
  type Result,
  type ServerCapabilities,
  type ServerNotification,
  type Transport,
} from '@modelcontextprotocol/server';
// The upstream side's requests and answers are typed as the v1 SDK has them (types only: no v1 code runs).
import type { ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { SessionInfo, SessionTransport } from '../../../shared/sessions.js';
import type { CatalogView, Route } from '../catalog/catalog.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { asUpstreamError, ProtocolError } from '../protocol-error.js';
import type { CatalogKind, UpstreamServer } from '../upstream/upstream-server.js';
import { atLeast, declaredCapabilities, endpointIdentity, latestInFlight, type Caller, type CallerHost, type InFlight, UNCHECKED_RESULT } from './caller.js';

/** What a session needs from the endpoint that owns it. */
export interface SessionHost extends CallerHost {
  onLevelChanged(): void;
  onRootsChanged(session: EndpointSession): void;
  subscribe(session: EndpointSession, route: Route, exposedUri: string): Promise<void>;
  unsubscribe(session: EndpointSession, route: Route, exposedUri: string): Promise<void>;
  onActivity(session: EndpointSession): void;
  onClosed(session: EndpointSession): void;
}

/** How a session reaches the hub, as the HTTP adapter tells it. */
export interface SessionOrigin {
  transport: SessionTransport;
  /** `/mcp` or `/mcp/<server>`. */
  path: string;
}

/**
 * One 2025-era client connected to `/mcp` (or `/mcp/<server>`, or a profile): an SDK Server
 * whose every handler forwards to the upstream server that owns the name, carrying `_meta`,
 * progress and cancellation along.
 */
export class EndpointSession implements Caller {
  readonly era = 'legacy';
  readonly id = randomUUID();
  readonly server: Server;
  /** What the session offers its client, which decides the handlers it gets (see forwarding.ts). */
  readonly declared: ServerCapabilities;
  readonly createdAt = Date.now();
  /** When the client last sent a request (not a notification or a stream): what "idle" measures in the UI. */
  lastRequestAt: number | undefined;
  /** The minimum level of log messages this client asked for; undefined = all. */
  logLevel: LoggingLevel | undefined;
  readonly inFlight = new Set<InFlight>();
  private pendingChanges = new Set<CatalogKind>();
  private awaitingStream = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly closing = new AbortController();

  constructor(
    readonly view: CatalogView,
    readonly origin: SessionOrigin,
    readonly host: SessionHost,
  ) {
    this.declared = declaredCapabilities(view);
    // The SDK's default JSON Schema validator builds Ajv only when an elicitation answer is
    // checked, which the hub never asks for (answers go back upstream as received): no per-session cost.
    this.server = new Server(endpointIdentity(view, host.serverInfo), { capabilities: this.declared, instructions: view.instructions() });
    this.server.onclose = () => this.onClose();
    this.server.oninitialized = () => host.onActivity(this);
  }

  clientName(): string {
    const client = this.server.getClientVersion();
    return client ? `${client.name} ${client.version}` : 'the client';
  }

  /** What the client declared when it initialized. */
  get clientCapabilities(): ClientCapabilities {
    return this.server.getClientCapabilities() ?? {};
  }

  info(): SessionInfo {
    const client = this.server.getClientVersion();
    const capabilities = this.clientCapabilities;
    return {
      id: this.id,
      client: client ? { name: client.name, version: client.version } : null,
      transport: this.origin.transport,
      protocolVersion: this.server.getNegotiatedProtocolVersion() ?? null,
      path: this.origin.path,
      connectedAt: new Date(this.createdAt).toISOString(),
      lastRequestAt: this.lastRequestAt === undefined ? null : new Date(this.lastRequestAt).toISOString(),
      capabilities: { sampling: Boolean(capabilities.sampling), elicitation: Boolean(capabilities.elicitation), roots: Boolean(capabilities.roots) },
    };
  }

  async connect(transport: Transport): Promise<void> {
    await this.server.connect(transport);
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  /** The client sent a request. */
  touch(): void {
    this.lastRequestAt = Date.now();
    this.host.onActivity(this);
  }

  /** Tells the client a list changed; bursts (many servers starting at once) become one notification. */
  listChanged(kinds: CatalogKind[]): void {
    if (this.closing.signal.aborted) return;
    for (const kind of kinds) this.pendingChanges.add(kind);
    if (!this.awaitingStream) this.flushTimer ??= setTimeout(() => this.flushListChanged(), 20);
  }

  /**
   * A Streamable HTTP client receives notifications only on the event stream it opens after
   * initializing; one sent before that is lost. So list changes wait for the stream.
   */
  awaitStream(): void {
    this.awaitingStream = true;
  }

  streamOpened(): void {
    if (!this.awaitingStream) return;
    this.awaitingStream = false;
    if (this.pendingChanges.size > 0) this.flushTimer ??= setTimeout(() => this.flushListChanged(), 20);
  }

  /** Sends a notification on the stream of the request that caused it when there is one. */
  async notify(notification: ServerNotification, upstream: UpstreamServer): Promise<void> {
    const related = latestInFlight(this, upstream);
    await (related ? related.ctx.mcpReq.notify(notification) : this.server.notification(notification));
  }

  async askClient(request: ServerRequest, related: InFlight | undefined, { signal, timeout }: { signal: AbortSignal; timeout: number }): Promise<Result> {
    if (this.closing.signal.aborted) throw new ProtocolError(JsonRpcErrorCode.ConnectionClosed, `${this.clientName()} has disconnected`);
    // As long as the caller's request may still wait for the answer, and no longer: it ends when
    // the server gives up, the client cancels, or the session ends.
    const stop = AbortSignal.any([signal, this.closing.signal, ...(related ? [related.ctx.mcpReq.signal] : [])]);
    const options = { signal: stop, timeout };
    try {
      return await (related ? related.ctx.mcpReq.send(request, UNCHECKED_RESULT, options) : this.server.request(request, UNCHECKED_RESULT, options));
    } catch (error) {
      throw asUpstreamError(error, stop);
    }
  }

  wantsLog(level: LoggingLevel): boolean {
    return atLeast(level, this.logLevel);
  }

  private flushListChanged(): void {
    this.flushTimer = undefined;
    const kinds = this.pendingChanges;
    this.pendingChanges = new Set();
    if (this.closing.signal.aborted) return;
    const sends: Promise<void>[] = [];
    if (kinds.has('tools')) sends.push(this.server.sendToolListChanged());
    if (kinds.has('prompts')) sends.push(this.server.sendPromptListChanged());
    if (kinds.has('resources')) sends.push(this.server.sendResourceListChanged());
    // A client that has gone away cannot be told; its session is cleaned up by the transport.
    void Promise.allSettled(sends);
  }

  private onClose(): void {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new Error('the client session ended'));
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.host.onClosed(this);
  }
}
