import { DEFAULT_MAX_INSTANCES } from '../../../shared/config.js';
import { errorMessage } from '../../../shared/errors.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { ProtocolError } from '../protocol-error.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';
import type { EndpointSession } from './session.js';

/** Makes a session's own connection to a per-client server (the hub knows how its servers are built). */
export type InstanceFactory = (server: UpstreamServer, session: EndpointSession) => UpstreamServer;

/**
 * The connections of `per-client` servers, one per client session: made on the session's first
 * request to the server, stopped when the session ends or the server's entry changes, and never
 * more per server than its `maxInstances`.
 */
export class ClientInstances {
  private readonly bySession = new Map<EndpointSession, Map<UpstreamServer, UpstreamServer>>();
  private readonly owners = new Map<UpstreamServer, { session: EndpointSession; server: UpstreamServer; started: Promise<void> }>();

  constructor(private readonly make: InstanceFactory) {}

  /**
   * The session's connection to `server`, made and started if it is new; `ready` says when it is
   * up. Synchronous, so the request that caused it is in flight while it starts, and what the
   * server asks during its start (its client's roots) goes to that request's stream.
   */
  for(session: EndpointSession, server: UpstreamServer): UpstreamServer {
    const existing = this.bySession.get(session)?.get(server);
    if (existing) return existing;
    const max = server.definition.config?.maxInstances ?? DEFAULT_MAX_INSTANCES;
    if (this.count(server) >= max) {
      throw new ProtocolError(
        JsonRpcErrorCode.InvalidRequest,
        `Server '${server.name}' already runs ${max} connections, one per client (its maxInstances); close another client's session or raise "maxInstances"`,
      );
    }
    const instance = this.make(server, session);
    const started = instance.start().then(() => {
      if (instance.status !== 'connected') throw new ProtocolError(JsonRpcErrorCode.ConnectionClosed, `Server '${server.name}' did not start for this client: ${instance.error ?? instance.status}`);
    });
    // A start that failed is not kept (nor left restarting): the next request tries again.
    started.catch(() => {
      if (this.owners.get(instance)?.started !== started) return;
      this.forget(session, server, instance);
      void instance.stop();
    });
    let ofSession = this.bySession.get(session);
    if (!ofSession) this.bySession.set(session, (ofSession = new Map()));
    ofSession.set(server, instance);
    this.owners.set(instance, { session, server, started });
    return instance;
  }

  /** Resolves once a client's connection has started (at once for anything else); rejects if it could not. */
  ready(upstream: UpstreamServer): Promise<void> {
    return this.owners.get(upstream)?.started ?? Promise.resolve();
  }

  /** The session a connection serves, and the configured server it is one of; undefined for a server's own connection. */
  ownerOf(upstream: UpstreamServer): { session: EndpointSession; server: UpstreamServer } | undefined {
    return this.owners.get(upstream);
  }

  all(): UpstreamServer[] {
    return [...this.owners.keys()];
  }

  /** The session's connections. */
  ofSession(session: EndpointSession): UpstreamServer[] {
    return [...(this.bySession.get(session)?.values() ?? [])];
  }

  count(server: UpstreamServer): number {
    let count = 0;
    for (const owner of this.owners.values()) if (owner.server === server) count++;
    return count;
  }

  /** Stops the connections of a session that ended. */
  async closeSession(session: EndpointSession): Promise<void> {
    const stops = [...(this.bySession.get(session)?.keys() ?? [])].map((server) => this.stop(session, server));
    this.bySession.delete(session);
    await Promise.allSettled(stops);
  }

  /** Stops every client's connection to `server` (its entry changed, or it was removed): the next request makes a new one. */
  async closeServer(server: UpstreamServer): Promise<void> {
    const stops = [...this.bySession].filter(([, servers]) => servers.has(server)).map(([session]) => this.stop(session, server));
    await Promise.allSettled(stops);
  }

  private async stop(session: EndpointSession, server: UpstreamServer): Promise<void> {
    const instance = this.bySession.get(session)?.get(server);
    if (!instance) return;
    this.forget(session, server, instance);
    await instance.stop().catch((error: unknown) => instance.logs.add('hub', 'warning', `could not stop: ${errorMessage(error)}`));
  }

  private forget(session: EndpointSession, server: UpstreamServer, instance: UpstreamServer): void {
    this.bySession.get(session)?.delete(server);
    this.owners.delete(instance);
  }
}
