// The upstream side's requests and answers are typed as the v1 SDK has them (types only: no v1 code runs).
import type { Result, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { ProtocolError } from '../protocol-error.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';
import type { ClientInstances } from './instances.js';
import { latestInFlight, REQUIRED_CAPABILITY, type Caller } from './caller.js';

const WHAT: Record<string, string> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'an elicitation',
  'roots/list': 'its roots',
};

/**
 * Where a request an upstream server sends the hub's way goes: to the client whose request caused
 * it, on that request's stream, or nowhere, failing at once with a reason. Never to a bystander,
 * never waiting longer than the caller's own request could.
 *
 * - A client's own connection (`per-client`) asks its one client.
 * - A shared server's roots are the ones configured for it, never a client's.
 * - A shared server's sampling or elicitation goes to the one client with a request in flight
 *   to it; with none, or with several (the hub cannot tell whose request asks), it fails.
 */
export class ServerRequestRouter {
  constructor(
    /** Every client that may have a request in flight: the sessions and the 2026-07-28 requests being served. */
    private readonly callers: () => Iterable<Caller>,
    private readonly instances: ClientInstances,
  ) {}

  async route(upstream: UpstreamServer, request: ServerRequest, signal: AbortSignal): Promise<Result> {
    const owner = this.instances.ownerOf(upstream);
    if (owner) return this.ask(owner.session, upstream, request, signal);
    if (request.method === 'roots/list') {
      const roots = upstream.roots;
      if (!roots) throw new ProtocolError(JsonRpcErrorCode.MethodNotFound, `The hub offers no roots to '${upstream.name}': none are configured for it ("roots" in its entry)`);
      return { roots };
    }
    const callers = [...this.callers()].filter((caller) => latestInFlight(caller, upstream));
    if (callers.length === 0) {
      throw new ProtocolError(JsonRpcErrorCode.InvalidRequest, `'${upstream.name}' asked for ${WHAT[request.method] ?? request.method} while no client request to it was in flight: there is no client to ask`);
    }
    if (callers.length > 1) {
      throw new ProtocolError(
        JsonRpcErrorCode.InvalidRequest,
        `'${upstream.name}' asked for ${WHAT[request.method] ?? request.method} while ${callers.length} clients had requests in flight to it, and the hub cannot tell whose request asks; give it "isolation": "per-client"`,
      );
    }
    return this.ask(callers[0]!, upstream, request, signal);
  }

  /**
   * Asks the caller's client, about its request to `upstream` when one is in flight. A 2026-07-28
   * client that cannot answer is told so itself (multi-round.ts); a 2025-era one is not asked.
   */
  private ask(caller: Caller, upstream: UpstreamServer, request: ServerRequest, signal: AbortSignal): Promise<Result> {
    const capability = REQUIRED_CAPABILITY[request.method];
    if (capability && caller.era === 'legacy' && !caller.clientCapabilities[capability]) {
      throw new ProtocolError(JsonRpcErrorCode.InvalidRequest, `${caller.clientName()}, whose request this is, does not support ${capability}`);
    }
    return caller.askClient(request, latestInFlight(caller, upstream), { signal, timeout: upstream.requestTimeoutMs });
  }
}
