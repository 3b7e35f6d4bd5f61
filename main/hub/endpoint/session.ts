import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ClientRequest,
  type LoggingLevel,
  type Result,
  type Root,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallRecord } from '../../../shared/events.js';
import type { CatalogKind, UpstreamServer } from '../upstream/upstream-server.js';
import type { CatalogView, Route } from '../catalog/catalog.js';
import { invalidParams, passThrough } from '../protocol-error.js';
import { paginate } from './paginate.js';
import { recordToolCall } from './tool-call.js';
import { exposeResultUris } from './rewrite-uris.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A request of this session that is being served by an upstream server right now. */
export interface InFlight {
  session: EndpointSession;
  upstream: UpstreamServer;
  extra: Extra;
  startedAt: number;
}

/** What a session needs from the endpoint that owns it. */
export interface SessionHost {
  readonly pageSize: number;
  readonly serverInfo: { name: string; version: string };
  onToolCall(record: ToolCallRecord): void;
  onLevelChanged(): void;
  onRootsChanged(session: EndpointSession): void;
  subscribe(session: EndpointSession, route: Route, exposedUri: string): Promise<void>;
  unsubscribe(session: EndpointSession, route: Route, exposedUri: string): Promise<void>;
  onClosed(session: EndpointSession): void;
}

const LEVELS = LoggingLevelSchema.options;
const ROOTS_ATTEMPTS = 3;

/**
 * The SDK's Server builds an Ajv instance in its constructor, for checking the answers of
 * elicitations it starts itself: milliseconds of CPU and a good part of a session's memory, for
 * every client that connects. The hub only relays elicitations (their answers go back to the
 * upstream server unchecked, as it would receive them directly), so Ajv is made only if asked for.
 */
class OnDemandValidator implements jsonSchemaValidator {
  private ajv: AjvJsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.ajv ??= new AjvJsonSchemaValidator();
    return this.ajv.getValidator<T>(schema);
  }
}

/**
 * One client connected to `/mcp` (or `/mcp/<server>`): an SDK Server whose every handler forwards
 * to the upstream server that owns the name, carrying `_meta`, progress and cancellation along.
 */
export class EndpointSession {
  readonly id = randomUUID();
  readonly server: Server;
  readonly createdAt = Date.now();
  /** The minimum level of log messages this client asked for; undefined = all. */
  logLevel: LoggingLevel | undefined;
  readonly inFlight = new Set<InFlight>();
  readonly lastUsed = new Map<UpstreamServer, number>();
  /** The client's roots, once it has told them. */
  roots: Root[] | undefined;
  private pendingChanges = new Set<CatalogKind>();
  private awaitingStream = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly view: CatalogView,
    private readonly host: SessionHost,
  ) {
    const capabilities = this.capabilities();
    this.server = new Server(this.identity(), { capabilities, instructions: view.instructions(), jsonSchemaValidator: new OnDemandValidator() });
    this.server.onclose = () => this.onClose();
    this.registerHandlers(capabilities);
  }

  async connect(transport: Transport): Promise<void> {
    await this.server.connect(transport);
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  /** Tells the client a list changed; bursts (many servers starting at once) become one notification. */
  listChanged(kinds: CatalogKind[]): void {
    if (this.closed) return;
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
    await (related ? related.extra.sendNotification(notification) : this.server.notification(notification));
  }

  latestInFlight(upstream: UpstreamServer): InFlight | undefined {
    let latest: InFlight | undefined;
    for (const entry of this.inFlight) {
      if (entry.upstream === upstream && (!latest || entry.startedAt >= latest.startedAt)) latest = entry;
    }
    return latest;
  }

  /**
   * Asks the client for its roots and keeps them, so an upstream server's roots/list is answered
   * at once instead of racing a Streamable HTTP client that has not opened its event stream yet.
   */
  async refreshRoots(): Promise<void> {
    for (let attempt = 1; attempt <= ROOTS_ATTEMPTS && !this.closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      try {
        const { roots } = await this.server.listRoots(undefined, { timeout: 2_000 });
        this.roots = roots;
        this.host.onRootsChanged(this);
        return;
      } catch {
        // The client's stream may not be open yet; try again.
      }
    }
  }

  wantsLog(level: LoggingLevel): boolean {
    return this.logLevel === undefined || LEVELS.indexOf(level) >= LEVELS.indexOf(this.logLevel);
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

  private registerHandlers(declared: ServerCapabilities): void {
    const server = this.server;
    const pageSize = this.host.pageSize;

    server.oninitialized = () => {
      if (server.getClientCapabilities()?.roots) void this.refreshRoots();
    };
    server.setNotificationHandler(RootsListChangedNotificationSchema, () => this.refreshRoots());
    if (declared.tools) this.registerTools(pageSize);
    if (declared.prompts) this.registerPrompts(pageSize);
    if (declared.resources) this.registerResources(pageSize, declared.resources.subscribe === true);
    if (declared.completions) this.registerCompletions();
    if (declared.logging) {
      server.setRequestHandler(SetLevelRequestSchema, (request) => {
        this.logLevel = request.params.level;
        this.host.onLevelChanged();
        return {};
      });
    }
  }

  private registerTools(pageSize: number): void {
    const { server, view } = this;
    server.setRequestHandler(ListToolsRequestSchema, (request) => {
      const page = paginate(view.tools(), request.params?.cursor, pageSize);
      return { tools: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const route = this.require(view.routeTool(request.params.name), 'Tool', request.params.name);
      const result = await recordToolCall((call) => this.host.onToolCall(call), { server: route.server.name, tool: route.name, via: 'mcp' }, () =>
        this.forward(route, { method: 'tools/call', params: { ...request.params, name: route.name } }, extra),
      );
      return exposeResultUris(result, (uri) => view.exposeUri(route.server, uri)) as never;
    });
  }

  private registerPrompts(pageSize: number): void {
    const { server, view } = this;
    server.setRequestHandler(ListPromptsRequestSchema, (request) => {
      const page = paginate(view.prompts(), request.params?.cursor, pageSize);
      return { prompts: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    });
    server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
      const route = this.require(view.routePrompt(request.params.name), 'Prompt', request.params.name);
      const result = await this.forward(route, { method: 'prompts/get', params: { ...request.params, name: route.name } }, extra);
      return exposeResultUris(result, (uri) => view.exposeUri(route.server, uri)) as never;
    });
  }

  private registerResources(pageSize: number, subscribe: boolean): void {
    const { server, view } = this;
    server.setRequestHandler(ListResourcesRequestSchema, (request) => {
      const page = paginate(view.resources(), request.params?.cursor, pageSize);
      return { resources: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    });
    server.setRequestHandler(ListResourceTemplatesRequestSchema, (request) => {
      const page = paginate(view.resourceTemplates(), request.params?.cursor, pageSize);
      return { resourceTemplates: page.items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    });
    server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
      const route = this.require(view.routeResource(request.params.uri), 'Resource', request.params.uri);
      const result = await this.forward(route, { method: 'resources/read', params: { ...request.params, uri: route.name } }, extra);
      return exposeResultUris(result, (uri) => view.exposeUri(route.server, uri)) as never;
    });
    if (!subscribe) return;
    server.setRequestHandler(SubscribeRequestSchema, async (request) => {
      const route = this.require(view.routeResource(request.params.uri), 'Resource', request.params.uri);
      await this.host.subscribe(this, route, request.params.uri);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
      const route = this.require(view.routeResource(request.params.uri), 'Resource', request.params.uri);
      await this.host.unsubscribe(this, route, request.params.uri);
      return {};
    });
  }

  private registerCompletions(): void {
    const { server, view } = this;
    server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
      const ref = request.params.ref;
      if (ref.type === 'ref/prompt') {
        const route = this.require(view.routePrompt(ref.name), 'Prompt', ref.name);
        return (await this.forward(route, { method: 'completion/complete', params: { ...request.params, ref: { ...ref, name: route.name } } }, extra)) as never;
      }
      const route = this.require(view.routeResource(ref.uri), 'Resource template', ref.uri);
      return (await this.forward(route, { method: 'completion/complete', params: { ...request.params, ref: { ...ref, uri: route.name } } }, extra)) as never;
    });
  }

  /** The route, or a clear error saying why there is none. A sleeping server's route is good: the request wakes it. */
  private require(route: Route | undefined, what: string, name: string): Route {
    if (route && route.server.acceptsRequests) return route;
    const owner = route?.server ?? this.view.ownerOf(name);
    if (owner && !owner.acceptsRequests) {
      const why = owner.error ? `: ${owner.error}` : '';
      throw invalidParams(`${what} '${name}' is unavailable: server '${owner.name}' is ${owner.status}${why}`);
    }
    throw invalidParams(`${what} '${name}' not found`);
  }

  private async forward(route: Route, request: ClientRequest, extra: Extra): Promise<Result> {
    const progressToken = extra._meta?.progressToken;
    const entry: InFlight = { session: this, upstream: route.server, extra, startedAt: Date.now() };
    this.inFlight.add(entry);
    this.lastUsed.set(route.server, entry.startedAt);
    // Progress must reach the client before the result does, so the result waits for the sends.
    let progressSent: Promise<unknown> = Promise.resolve();
    try {
      const result = await route.server.request(withoutProgressToken(request), {
        signal: extra.signal,
        ...(progressToken !== undefined && {
          // The SDK gives the upstream request a token of its own; map progress back to the client's.
          onprogress: (progress) => {
            const send = extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } });
            progressSent = Promise.allSettled([progressSent, send]);
          },
        }),
      });
      if (progressToken !== undefined) {
        await progressSent;
        // SDK clients drop a progress notification that arrives in the same read as the response.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return result;
    } catch (error) {
      throw passThrough(error);
    } finally {
      this.inFlight.delete(entry);
    }
  }

  private flushListChanged(): void {
    this.flushTimer = undefined;
    const kinds = this.pendingChanges;
    this.pendingChanges = new Set();
    if (this.closed) return;
    const sends: Promise<void>[] = [];
    if (kinds.has('tools')) sends.push(this.server.sendToolListChanged());
    if (kinds.has('prompts')) sends.push(this.server.sendPromptListChanged());
    if (kinds.has('resources')) sends.push(this.server.sendResourceListChanged());
    // A client that has gone away cannot be told; its session is cleaned up by the transport.
    void Promise.allSettled(sends);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.host.onClosed(this);
  }
}

function withoutProgressToken(request: ClientRequest): ClientRequest {
  const meta = request.params?._meta;
  if (!meta || !('progressToken' in meta)) return request;
  const { progressToken: _dropped, ...rest } = meta;
  const params = { ...request.params, _meta: rest };
  if (Object.keys(rest).length === 0) delete (params as { _meta?: unknown })._meta;
  return { ...request, params } as ClientRequest;
}
