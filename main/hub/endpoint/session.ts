import { randomUUID } from 'node:crypto';
import {
  Server,
  type ClientCapabilities,
  type LoggingLevel,
  type ServerCapabilities,
  type ServerContext,
  type ServerNotification,
  type Transport,
} from '@modelcontextprotocol/server';
import type { ToolCallRecord } from '../../../shared/events.js';
import type { SessionInfo, SessionTransport } from '../../../shared/sessions.js';
import type { CatalogView, Route } from '../catalog/catalog.js';
import type { CatalogKind, UpstreamServer } from '../upstream/upstream-server.js';

/** A request of this session that is being served by an upstream server right now. */
export interface InFlight {
  session: EndpointSession;
  upstream: UpstreamServer;
  /** The SDK's context of the client's request: its signal, `_meta`, and sends on its stream. */
  ctx: ServerContext;
  startedAt: number;
}

/** What a session needs from the endpoint that owns it. */
export interface SessionHost {
  /** Items per page of a list; undefined: every item in one answer. */
  readonly pageSize: number | undefined;
  readonly serverInfo: { name: string; version: string };
  onToolCall(record: ToolCallRecord): void;
  onLevelChanged(): void;
  /** The connection that serves this session for a configured server: the server's own, or the session's own one. */
  upstreamFor(session: EndpointSession, server: UpstreamServer): UpstreamServer;
  /** Resolves once that connection is up (a session's own one starts on its first request). */
  whenReady(upstream: UpstreamServer): Promise<void>;
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

/** The spec's log levels, least severe first. */
export const LOG_LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/**
 * One client connected to `/mcp` (or `/mcp/<server>`): an SDK Server whose every handler forwards
 * to the upstream server that owns the name, carrying `_meta`, progress and cancellation along.
 */
export class EndpointSession {
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
  private closedValue = false;
  private readonly closing = new AbortController();

  constructor(
    readonly view: CatalogView,
    readonly origin: SessionOrigin,
    readonly host: SessionHost,
  ) {
    this.declared = this.capabilities();
    // The SDK's default JSON Schema validator builds Ajv only when an elicitation answer is
    // checked, which the hub never asks for (answers go back upstream as received): no per-session cost.
    this.server = new Server(this.identity(), { capabilities: this.declared, instructions: view.instructions() });
    this.server.onclose = () => this.onClose();
    this.server.oninitialized = () => host.onActivity(this);
  }

  get closed(): boolean {
    return this.closedValue;
  }

  /** Aborted when the session ends: requests sent to its client on an upstream's behalf end with it. */
  get closedSignal(): AbortSignal {
    return this.closing.signal;
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
    if (this.closedValue) return;
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
    const related = this.latestInFlight(upstream);
    await (related ? related.ctx.mcpReq.notify(notification) : this.server.notification(notification));
  }

  latestInFlight(upstream: UpstreamServer): InFlight | undefined {
    let latest: InFlight | undefined;
    for (const entry of this.inFlight) {
      if (entry.upstream === upstream && (!latest || entry.startedAt >= latest.startedAt)) latest = entry;
    }
    return latest;
  }

  wantsLog(level: LoggingLevel): boolean {
    return this.logLevel === undefined || LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(this.logLevel);
  }

  private identity(): { name: string; version: string } {
    return this.view.only?.serverVersion ?? this.host.serverInfo;
  }

  private capabilities(): ServerCapabilities {
    const all: ServerCapabilities = {
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      logging: {},
      completions: {},
    };
    // A single server's endpoint declares what that server declares (or did, before it went to
    // sleep), so clients see it unchanged.
    const only = this.view.only;
    if (!only || (only.status !== 'connected' && only.status !== 'sleeping')) return all;
    const upstream = only.serverCapabilities;
    return {
      ...(upstream.tools && { tools: { listChanged: true } }),
      ...(upstream.prompts && { prompts: { listChanged: true } }),
      ...(upstream.resources && { resources: { subscribe: upstream.resources.subscribe === true, listChanged: true } }),
      ...(upstream.logging && { logging: {} }),
      ...(upstream.completions && { completions: {} }),
    };
  }

  private flushListChanged(): void {
    this.flushTimer = undefined;
    const kinds = this.pendingChanges;
    this.pendingChanges = new Set();
    if (this.closedValue) return;
    const sends: Promise<void>[] = [];
    if (kinds.has('tools')) sends.push(this.server.sendToolListChanged());
    if (kinds.has('prompts')) sends.push(this.server.sendPromptListChanged());
    if (kinds.has('resources')) sends.push(this.server.sendResourceListChanged());
    // A client that has gone away cannot be told; its session is cleaned up by the transport.
    void Promise.allSettled(sends);
  }

  private onClose(): void {
    if (this.closedValue) return;
    this.closedValue = true;
    this.closing.abort(new Error('the client session ended'));
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.host.onClosed(this);
  }
}
