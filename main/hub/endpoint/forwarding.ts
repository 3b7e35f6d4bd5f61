import type { ServerContext } from '@modelcontextprotocol/server';
// The upstream side's requests and answers are typed as the v1 SDK has them (types only: no v1 code runs).
import type { ClientRequest, Result } from '@modelcontextprotocol/sdk/types.js';
import type { Route } from '../catalog/catalog.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { keepJson } from '../message-json.js';
import type { UpstreamCatalog, UpstreamServer } from '../upstream/upstream-server.js';
import { invalidParams, passThrough, ProtocolError } from '../protocol-error.js';
import { viewHint } from './cache-hints.js';
import { paginate } from './paginate.js';
import { exposeResultUris } from './rewrite-uris.js';
import type { Caller, InFlight } from './caller.js';
import type { EndpointSession } from './session.js';
import { recordToolCall } from './tool-call.js';

/**
 * The handlers of a caller's SDK Server, the same for both eras: lists come from the caller's
 * catalog view, requests go to the upstream server that owns the name (or the caller's own
 * connection to it), carrying `_meta`, progress and cancellation along.
 */
export function registerForwarding(caller: Caller): void {
  const { server, view, host, declared } = caller;
  const pageSize = host.pageSize;
  // The catalog holds what upstream servers sent (the v1 SDK's types); the server side's SDK types
  // the same JSON more narrowly, hence the casts.
  const list = <T>(key: keyof UpstreamCatalog, items: readonly T[], cursor: string | undefined) => {
    const page = paginate(items, cursor, pageSize);
    // A whole list is the view's own array, the same until its catalog changes.
    const listed = page.items === items ? keepJson(items) : page.items;
    // Only the 2026-07-28 era has cache hints (and requires them on lists).
    return { [key]: listed, ...(page.nextCursor && { nextCursor: page.nextCursor }), ...(caller.era === 'modern' && viewHint(view, key)) } as never;
  };
  const rewrite = (route: Route, result: Result) => exposeResultUris(result, (uri) => view.exposeUri(route.server, uri)) as never;

  if (declared.tools) {
    server.setRequestHandler('tools/list', (request) => list('tools', view.tools(), request.params?.cursor));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      let params = request.params;
      // The hub's own tools (search mode) answer here, or name the tool to call in their place;
      // that call then goes on like a direct one, progress and cancellation included.
      const own = view.hubTool?.(params.name, params.arguments);
      if (own && 'result' in own) return own.result;
      if (own) params = { ...params, name: own.call.name, arguments: own.call.arguments };
      const route = requireRoute(caller, view.routeTool(params.name), 'Tool', params.name);
      const result = await recordToolCall((call) => host.onToolCall(call), { server: route.server.name, tool: route.name, via: 'mcp' }, () =>
        forward(caller, route, { method: 'tools/call', params: { ...params, name: route.name } }, ctx, request.params.name),
      );
      return rewrite(route, result);
    });
  }

  if (declared.prompts) {
    server.setRequestHandler('prompts/list', (request) => list('prompts', view.prompts(), request.params?.cursor));
    server.setRequestHandler('prompts/get', async (request, ctx) => {
      const route = requireRoute(caller, view.routePrompt(request.params.name), 'Prompt', request.params.name);
      return rewrite(route, await forward(caller, route, { method: 'prompts/get', params: { ...request.params, name: route.name } }, ctx, request.params.name));
    });
  }

  if (declared.resources) {
    server.setRequestHandler('resources/list', (request) => list('resources', view.resources(), request.params?.cursor));
    server.setRequestHandler('resources/templates/list', (request) => list('resourceTemplates', view.resourceTemplates(), request.params?.cursor));
    server.setRequestHandler('resources/read', async (request, ctx) => {
      const route = requireRoute(caller, view.routeResource(request.params.uri), 'Resource', request.params.uri);
      try {
        return rewrite(route, await forward(caller, route, { method: 'resources/read', params: { ...request.params, uri: route.name } }, ctx, request.params.uri));
      } catch (error) {
        throw caller.era === 'modern' ? namingMissingResource(error, request.params.uri) : error;
      }
    });
  }

  if (declared.completions) {
    server.setRequestHandler('completion/complete', async (request, ctx) => {
      const ref = request.params.ref;
      if (ref.type === 'ref/prompt') {
        const route = requireRoute(caller, view.routePrompt(ref.name), 'Prompt', ref.name);
        return (await forward(caller, route, { method: 'completion/complete', params: { ...request.params, ref: { ...ref, name: route.name } } }, ctx)) as never;
      }
      const route = requireRoute(caller, view.routeResource(ref.uri), 'Resource template', ref.uri);
      return (await forward(caller, route, { method: 'completion/complete', params: { ...request.params, ref: { ...ref, uri: route.name } } }, ctx)) as never;
    });
  }
}

/**
 * What only a 2025-era session has: roots change notices, resource subscriptions and a log level
 * (a 2026-07-28 client subscribes on a listen stream and names its log level in each request).
 */
export function registerSessionHandlers(session: EndpointSession): void {
  const { server, view, host, declared } = session;
  server.setNotificationHandler('notifications/roots/list_changed', () => host.onRootsChanged(session));
  if (declared.resources?.subscribe) {
    server.setRequestHandler('resources/subscribe', async (request) => {
      await host.subscribe(session, requireRoute(session, view.routeResource(request.params.uri), 'Resource', request.params.uri), request.params.uri);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', async (request) => {
      await host.unsubscribe(session, requireRoute(session, view.routeResource(request.params.uri), 'Resource', request.params.uri), request.params.uri);
      return {};
    });
  }
  if (declared.logging) {
    server.setRequestHandler('logging/setLevel', (request) => {
      session.logLevel = request.params.level;
      host.onLevelChanged();
      return {};
    });
  }
}

/**
 * A 2025-era server's "no such resource" as the 2026-07-28 era says it (SEP-2164): -32602 (it
 * was -32002) with the URI the client asked for in `data`.
 */
function namingMissingResource(error: unknown, uri: string): unknown {
  if (!(error instanceof ProtocolError) || error.data !== undefined || (error.code !== JsonRpcErrorCode.InvalidParams && error.code !== RESOURCE_NOT_FOUND)) return error;
  return new ProtocolError(JsonRpcErrorCode.InvalidParams, error.message, { uri });
}

/** The code 2025-era servers gave a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

const KIND_OF = { Tool: 'tool', Prompt: 'prompt', Resource: 'resource', 'Resource template': 'resource template' } as const;

/** The route, or a clear error saying why there is none. A sleeping server's route is good: the request wakes it. */
function requireRoute(caller: Caller, route: Route | undefined, what: keyof typeof KIND_OF, name: string): Route {
  if (route && route.server.acceptsRequests) return route;
  const hidden = route ? undefined : caller.view.whyHidden(KIND_OF[what], name);
  if (hidden) throw invalidParams(`${what} '${name}' is not available to this client: ${hidden}`);
  const owner = route?.server ?? caller.view.ownerOf(name);
  if (owner && !owner.acceptsRequests) {
    const why = owner.error ? `: ${owner.error}` : '';
    throw invalidParams(`${what} '${name}' is unavailable: server '${owner.name}' is ${owner.status}${why}`);
  }
  // SEP-2164: a resource that does not exist is named in the error's data.
  throw new ProtocolError(JsonRpcErrorCode.InvalidParams, `${what} '${name}' not found`, what === 'Resource' ? { uri: name } : undefined);
}

/** Requests during which a 2026-07-28 client can be asked for input (the era's multi-round-trip requests). */
const MULTI_ROUND = new Set(['tools/call', 'prompts/get', 'resources/read']);

/** `named`: the tool, prompt or resource as the client named it, for what the hub tells it about the call. */
async function forward(caller: Caller, route: Route, request: ClientRequest, ctx: ServerContext, named = ''): Promise<Result> {
  let upstream: UpstreamServer;
  try {
    upstream = caller.host.upstreamFor(caller, route.server);
  } catch (error) {
    throw passThrough(error);
  }
  const entry: InFlight = { caller, upstream, ctx, startedAt: Date.now() };
  if (caller.era === 'modern' && MULTI_ROUND.has(request.method)) {
    return caller.host.multiRound.forward(entry, named, (signal) => send(upstream, request, entry, signal));
  }
  caller.inFlight.add(entry);
  try {
    return await send(upstream, request, entry, ctx.mcpReq.signal);
  } catch (error) {
    throw passThrough(error);
  } finally {
    caller.inFlight.delete(entry);
  }
}

/**
 * The request to the upstream server. Its progress goes to the client's request `entry` holds at
 * the time (a multi-round call moves from request to request), when that request asked for progress.
 */
async function send(upstream: UpstreamServer, request: ClientRequest, entry: InFlight, signal: AbortSignal): Promise<Result> {
  const asked = entry.ctx.mcpReq._meta?.progressToken !== undefined;
  // Progress must reach the client before the result does, so the result waits for the sends.
  let progressSent: Promise<unknown> = Promise.resolve();
  await entry.caller.host.whenReady(upstream);
  const result = await upstream.request(withoutProgressToken(request), {
    signal,
    ...(asked && {
      // The SDK gives the upstream request a token of its own; map progress back to the client's.
      onprogress: (progress) => {
        const progressToken = entry.ctx.mcpReq._meta?.progressToken;
        if (progressToken === undefined) return;
        const sent = entry.ctx.mcpReq.notify({ method: 'notifications/progress', params: { ...progress, progressToken } });
        progressSent = Promise.allSettled([progressSent, sent]);
      },
    }),
  });
  if (asked) {
    await progressSent;
    // SDK clients drop a progress notification that arrives in the same read as the response.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}

function withoutProgressToken(request: ClientRequest): ClientRequest {
  const meta = request.params?._meta;
  if (!meta || !('progressToken' in meta)) return request;
  const { progressToken: _dropped, ...rest } = meta;
  const params = { ...request.params, _meta: rest };
  if (Object.keys(rest).length === 0) delete (params as { _meta?: unknown })._meta;
  return { ...request, params } as ClientRequest;
}
