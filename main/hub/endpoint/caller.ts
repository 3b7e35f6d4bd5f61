// The upstream side's requests and answers are typed as the v1 SDK has them (types only: no v1 code runs).
import type { ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ClientCapabilities, LoggingLevel, ProtocolEra, Result, Server, ServerCapabilities, ServerContext, ServerNotification, StandardSchemaV1 } from '@modelcontextprotocol/server';
import type { ToolCallRecord } from '../../../shared/events.js';
import { isRecord } from '../../../shared/is-record.js';
import type { CatalogView } from '../catalog/catalog.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';

/**
 * The client side of what the hub forwards: a session of a 2025-era client (`initialize`, a
 * session id, a stream for notifications), or one request of a 2026-07-28 client, which has no
 * session and says who it is in each request.
 */
export interface Caller {
  /** 2025-era clients answer an upstream's questions when asked; 2026-07-28 ones by calling again (multi-round.ts). */
  readonly era: ProtocolEra;
  /** The SDK server the client talks to: its handlers are the hub's forwarding (forwarding.ts). */
  readonly server: Server;
  readonly view: CatalogView;
  readonly host: CallerHost;
  /** What the hub offers this client, which decides the handlers it gets. */
  readonly declared: ServerCapabilities;
  readonly inFlight: Set<InFlight>;
  readonly clientCapabilities: ClientCapabilities;
  /** "name version" of the client as it introduced itself, for messages about it. */
  clientName(): string;
  /** Whether a log message at this level goes to the client. */
  wantsLog(level: LoggingLevel): boolean;
  /** Sends a notification on the stream of the request that caused it, where there is one. */
  notify(notification: ServerNotification, upstream: UpstreamServer): Promise<void>;
  /**
   * Asks the client what an upstream server asks (sampling, elicitation, its roots), about the
   * request `related` when there is one, for no longer than the upstream waits (`signal`,
   * `timeout`); the answer is the client's, unchecked (the upstream judges it), and a failure is
   * told in the upstream's terms.
   */
  askClient(request: ServerRequest, related: InFlight | undefined, options: { signal: AbortSignal; timeout: number }): Promise<Result>;
}

/** The capability a client must have declared to answer each request a server asks of it. */
export const REQUIRED_CAPABILITY: Partial<Record<string, 'sampling' | 'elicitation' | 'roots'>> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** Any object: the hub relays the client's answer, it does not judge it (the upstream server does). */
export const UNCHECKED_RESULT: StandardSchemaV1<unknown, Result> = {
  '~standard': {
    version: 1,
    vendor: 'mcp-hub',
    validate: (value) => (isRecord(value) ? { value } : { issues: [{ message: 'the answer is not a JSON object' }] }),
  },
};

/** A request of a caller that is being served by an upstream server right now. */
export interface InFlight {
  caller: Caller;
  upstream: UpstreamServer;
  /** The SDK's context of the client's request: its signal, `_meta`, and sends on its stream. */
  ctx: ServerContext;
  startedAt: number;
}

/** What forwarding needs from the endpoint, whatever the caller's era. */
export interface CallerHost {
  /** Items per page of a list; undefined: every item in one answer. */
  readonly pageSize: number | undefined;
  readonly serverInfo: { name: string; version: string };
  onToolCall(record: ToolCallRecord): void;
  /** The connection that serves this caller for a configured server: the server's own, or the caller's own one. */
  upstreamFor(caller: Caller, server: UpstreamServer): UpstreamServer;
  /** Resolves once that connection is up (a session's own one starts on its first request). */
  whenReady(upstream: UpstreamServer): Promise<void>;
  readonly multiRound: MultiRound;
}

/** The calls of 2026-07-28 clients that wait for them to call again with the input an upstream asked for (multi-round.ts). */
export interface MultiRound {
  /** One round of a tool call, prompt or resource read: resolves with the upstream's result, or with `input_required`. */
  forward(entry: InFlight, subject: string, send: (signal: AbortSignal) => Promise<Result>): Promise<Result>;
  /** An upstream's question during the call `related` is part of. */
  ask(related: InFlight | undefined, request: ServerRequest, signal: AbortSignal): Promise<Result>;
}

/** The caller's latest request in flight to `upstream`: where what the upstream sends about it goes. */
export function latestInFlight(caller: Caller, upstream: UpstreamServer): InFlight | undefined {
  let latest: InFlight | undefined;
  for (const entry of caller.inFlight) {
    if (entry.upstream === upstream && (!latest || entry.startedAt >= latest.startedAt)) latest = entry;
  }
  return latest;
}

/** The spec's log levels, least severe first. */
export const LOG_LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** Whether `level` is at least as severe as `minimum` (no minimum: every level). */
export function atLeast(level: LoggingLevel, minimum: LoggingLevel | undefined): boolean {
  return minimum === undefined || LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(minimum);
}

/**
 * What an endpoint offers: everything for `/mcp` and profiles; for `/mcp/<server>`, what that
 * server declares (or did, before it went to sleep), so clients see it unchanged.
 */
export function declaredCapabilities(view: CatalogView): ServerCapabilities {
  const all: ServerCapabilities = {
    tools: { listChanged: true },
    prompts: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    logging: {},
    completions: {},
  };
  const only = view.only;
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

/** The identity the hub gives itself to a client: the one server's for `/mcp/<server>`. */
export function endpointIdentity(view: CatalogView, hub: { name: string; version: string }): { name: string; version: string } {
  return view.only?.serverVersion ?? hub;
}
