import type { McpHttpHandler, ServerNotification } from '@modelcontextprotocol/server';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '../../../shared/is-record.js';
import type { CatalogView } from '../catalog/catalog.js';
import type { ResourceSubscriber, ResourceSubscriptions } from '../endpoint/resource-subscriptions.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';

interface Held {
  upstream: UpstreamServer;
  uri: string;
  streams: number;
}

/**
 * The resources the `subscriptions/listen` streams of one 2026-07-28 endpoint asked to hear
 * about. The SDK's listen router sends each stream only the URIs it named; the hub subscribes
 * the upstream server while any stream of the endpoint holds a URI, and publishes its updates
 * to the endpoint's streams under the URI the client used.
 */
export class ListenResources implements ResourceSubscriber {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly handler: McpHttpHandler,
    private readonly subscriptions: ResourceSubscriptions,
  ) {}

  async notify(notification: ServerNotification): Promise<void> {
    if (notification.method === 'notifications/resources/updated') this.handler.notify.resourceUpdated(notification.params.uri);
  }

  /**
   * Holds the URIs a listen request names for as long as `serve` runs, and serves it asking only
   * for those the hub could subscribe to (the acknowledgement then says which are honoured).
   */
  async during(message: JSONRPCMessage, view: CatalogView, serve: (message: JSONRPCMessage) => Promise<void>): Promise<void> {
    const asked = requestedUris(message);
    if (asked === undefined) return serve(message);
    const kept: string[] = [];
    for (const uri of asked) if (await this.hold(view, uri)) kept.push(uri);
    try {
      const { params } = message as unknown as { params: { notifications: Record<string, unknown> } };
      await serve({ ...message, params: { ...params, notifications: { ...params.notifications, resourceSubscriptions: kept } } } as JSONRPCMessage);
    } finally {
      for (const uri of kept) this.release(uri);
    }
  }

  private async hold(view: CatalogView, uri: string): Promise<boolean> {
    const existing = this.held.get(uri);
    if (existing) {
      existing.streams++;
      return true;
    }
    const route = view.routeResource(uri);
    // A client's own process of a server exists only for a session, which this client has not.
    if (!route || !route.server.acceptsRequests || route.server.isolation === 'per-client') return false;
    try {
      await this.subscriptions.add(this, route.server, route.name, uri);
    } catch {
      return false;
    }
    this.held.set(uri, { upstream: route.server, uri: route.name, streams: 1 });
    return true;
  }

  private release(uri: string): void {
    const held = this.held.get(uri);
    if (!held || --held.streams > 0) return;
    this.held.delete(uri);
    void this.subscriptions.remove(this, held.upstream, held.uri);
  }
}

function requestedUris(message: JSONRPCMessage): string[] | undefined {
  if (!('method' in message) || message.method !== 'subscriptions/listen' || !isRecord(message.params)) return undefined;
  const notifications = message.params['notifications'];
  const uris = isRecord(notifications) ? notifications['resourceSubscriptions'] : undefined;
  return Array.isArray(uris) && uris.length > 0 ? uris.filter((uri): uri is string => typeof uri === 'string').slice(0, 1000) : undefined;
}
