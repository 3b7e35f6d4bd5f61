import type { ServerNotification } from '@modelcontextprotocol/server';
import type { Logger } from '../log.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';

/** Who hears of a subscribed resource's updates: a 2025-era session, or the listen streams of one 2026-07-28 endpoint. */
export interface ResourceSubscriber {
  notify(notification: ServerNotification, upstream: UpstreamServer): Promise<void>;
}

/**
 * The resources clients subscribed to, per upstream connection: the upstream is subscribed once
 * per URI however many clients ask, unsubscribed when the last one leaves, and subscribed again
 * when it reconnects. Each subscriber is told of an update under the URI it used (the hub's
 * namespaced one, or the server's own on `/mcp/<server>`).
 */
export class ResourceSubscriptions {
  /** (upstream connection, upstream URI) → the subscribers, with the URI each one used. */
  private readonly byUpstream = new Map<UpstreamServer, Map<string, Map<ResourceSubscriber, string>>>();

  constructor(private readonly log: Logger) {}

  async add(subscriber: ResourceSubscriber, upstream: UpstreamServer, uri: string, exposedUri: string): Promise<void> {
    let byUri = this.byUpstream.get(upstream);
    if (!byUri) this.byUpstream.set(upstream, (byUri = new Map()));
    let subscribers = byUri.get(uri);
    const first = !subscribers;
    if (!subscribers) byUri.set(uri, (subscribers = new Map()));
    subscribers.set(subscriber, exposedUri);
    if (!first) return;
    try {
      await upstream.subscribeResource(uri);
    } catch (error) {
      byUri.delete(uri);
      throw error;
    }
  }

  async remove(subscriber: ResourceSubscriber, upstream: UpstreamServer, uri: string): Promise<void> {
    const byUri = this.byUpstream.get(upstream);
    const subscribers = byUri?.get(uri);
    if (!byUri || !subscribers?.delete(subscriber) || subscribers.size > 0) return;
    byUri.delete(uri);
    await unsubscribe(upstream, uri);
  }

  /** The subscriber is gone (its session ended). */
  removeAll(subscriber: ResourceSubscriber): void {
    for (const [upstream, byUri] of this.byUpstream) {
      for (const [uri, subscribers] of byUri) {
        if (subscribers.delete(subscriber) && subscribers.size === 0) {
          byUri.delete(uri);
          void unsubscribe(upstream, uri);
        }
      }
    }
  }

  /** An upstream connection came (back) up: it has forgotten what it was subscribed to. */
  async resubscribe(upstream: UpstreamServer): Promise<void> {
    for (const uri of this.byUpstream.get(upstream)?.keys() ?? []) {
      await upstream.subscribeResource(uri).catch((error: unknown) => {
        this.log.warn({ server: upstream.name, err: String(error) }, 're-subscribing failed');
      });
    }
  }

  /** A subscribed resource's updates come only from a running server, so subscriptions keep it awake. */
  keepsAwake(upstream: UpstreamServer): boolean {
    return (this.byUpstream.get(upstream)?.size ?? 0) > 0;
  }

  updated(upstream: UpstreamServer, uri: string): void {
    for (const [subscriber, exposedUri] of this.byUpstream.get(upstream)?.get(uri) ?? []) {
      void subscriber.notify({ method: 'notifications/resources/updated', params: { uri: exposedUri } }, upstream).catch(() => {});
    }
  }
}

async function unsubscribe(upstream: UpstreamServer, uri: string): Promise<void> {
  await upstream.unsubscribeResource(uri).catch(() => {});
}
