import {
  LOG_LEVEL_META_KEY,
  Server,
  type ClientCapabilities,
  type LoggingLevel,
  type Result,
  type ServerCapabilities,
  type ServerNotification,
} from '@modelcontextprotocol/server';
// The upstream side's requests and answers are typed as the v1 SDK has them (types only: no v1 code runs).
import type { ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogView } from '../catalog/catalog.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';
import { atLeast, declaredCapabilities, endpointIdentity, LOG_LEVELS, latestInFlight, type Caller, type CallerHost, type InFlight } from './caller.js';

export interface ExchangeHost extends CallerHost {
  /** The exchange has a request in flight to an upstream server (what the upstream sends may be for it). */
  onExchangeBusy(exchange: ModernExchange): void;
  onExchangeIdle(exchange: ModernExchange): void;
}

/**
 * An exchange's requests in flight, which tell the host when there are any: the SDK builds
 * exchanges it never serves (a listen request's is only asked its capabilities), so being
 * constructed, or closed, says nothing.
 */
class InFlightRequests extends Set<InFlight> {
  constructor(private readonly changed: (busy: boolean) => void) {
    super();
  }

  override add(entry: InFlight): this {
    const idle = this.size === 0;
    super.add(entry);
    if (idle) this.changed(true);
    return this;
  }

  override delete(entry: InFlight): boolean {
    const deleted = super.delete(entry);
    if (deleted && this.size === 0) this.changed(false);
    return deleted;
  }
}

/**
 * One request of a 2026-07-28 client: no session, so an SDK Server lives for this request only
 * (the SDK's `createMcpHandler` builds it, marks it modern and connects it to the request's own
 * transport). Who the client is, what it can answer and the log level it wants come with the request.
 */
export class ModernExchange implements Caller {
  readonly era = 'modern';
  readonly server: Server;
  readonly declared: ServerCapabilities;
  readonly inFlight: Set<InFlight>;

  constructor(
    readonly view: CatalogView,
    readonly host: ExchangeHost,
  ) {
    this.declared = declaredCapabilities(view);
    this.server = new Server(endpointIdentity(view, host.serverInfo), { capabilities: this.declared, instructions: view.instructions() });
    this.inFlight = new InFlightRequests((busy) => (busy ? host.onExchangeBusy(this) : host.onExchangeIdle(this)));
  }

  /** Backfilled by the SDK from the request's envelope. */
  get clientCapabilities(): ClientCapabilities {
    return this.server.getClientCapabilities() ?? {};
  }

  clientName(): string {
    const client = this.server.getClientVersion();
    return client ? `${client.name} ${client.version}` : 'the client';
  }

  /** Only at the level the request names: without one the spec forbids sending log messages at all. */
  wantsLog(level: LoggingLevel): boolean {
    const minimum = this.requestedLogLevel();
    return minimum !== undefined && atLeast(level, minimum);
  }

  /** There is no stream outside the request: what does not belong to it has nowhere to go. */
  async notify(notification: ServerNotification, upstream: UpstreamServer): Promise<void> {
    await latestInFlight(this, upstream)?.ctx.mcpReq.notify(notification);
  }

  /** The client cannot be sent a request: the question ends the round of its call with `input_required` (multi-round.ts). */
  askClient(request: ServerRequest, related: InFlight | undefined, { signal }: { signal: AbortSignal }): Promise<Result> {
    return this.host.multiRound.ask(related, request, signal);
  }

  private requestedLogLevel(): LoggingLevel | undefined {
    for (const entry of this.inFlight) {
      // The SDK lifts the envelope out of `_meta`; its published type is `{}`.
      const level = (entry.ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[LOG_LEVEL_META_KEY];
      if (typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level)) return level as LoggingLevel;
    }
    return undefined;
  }
}
