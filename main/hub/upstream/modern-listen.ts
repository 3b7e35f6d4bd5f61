import type { Client, McpSubscription, SubscriptionFilter } from '@modelcontextprotocol/client';
import type { Logger } from '../log.js';
import { errorMessage } from '../../../shared/errors.js';

/** How long after a dropped stream it is opened again (the health check notices a dead server meanwhile). */
const REOPEN_DELAY_MS = 1_000;
/** How long the server may take to acknowledge a stream. */
const ACK_TIMEOUT_MS = 10_000;

/**
 * The `subscriptions/listen` stream of one connection to a modern (2026-07-28) server, which sends
 * list changes and resource updates only on such a stream: the kinds of lists the server says
 * change, and the resources the hub's clients subscribed to. Its notifications reach the client's
 * usual notification handlers. A changed set of resources opens a new stream before the old one
 * closes, so no update falls between them.
 */
export class ModernListen {
  private readonly uris = new Set<string>();
  private current: McpSubscription | undefined;
  private syncing: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly options: {
      log: Logger;
      /** The stream dropped without the server ending it: the connection may be gone. */
      onDropped(): void;
    },
  ) {}

  /** Opens the stream for the lists that change; resources join as they are subscribed. */
  start(): Promise<void> {
    return this.sync();
  }

  subscribe(uri: string): Promise<void> {
    if (this.uris.has(uri)) return Promise.resolve();
    this.uris.add(uri);
    return this.sync();
  }

  unsubscribe(uri: string): Promise<void> {
    if (!this.uris.delete(uri)) return Promise.resolve();
    return this.sync();
  }

  stop(): void {
    this.stopped = true;
    void this.current?.close();
    this.current = undefined;
  }

  /** One stream at a time is being opened; changes made meanwhile are applied by one more. */
  private sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        await this.reopen();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async reopen(): Promise<void> {
    if (this.stopped) return;
    const filter = this.filter();
    const previous = this.current;
    if (Object.keys(filter).length === 0) {
      this.current = undefined;
      await previous?.close();
      return;
    }
    let next: McpSubscription;
    try {
      next = await this.client.listen(filter, { timeout: ACK_TIMEOUT_MS });
    } catch (error) {
      this.options.log.warn({ err: errorMessage(error) }, 'subscriptions/listen failed: list changes and resource updates of this server are not heard');
      return;
    }
    if (this.stopped) {
      await next.close();
      return;
    }
    this.current = next;
    void next.closed.then((cause) => this.onClosed(next, cause));
    await previous?.close();
  }

  private onClosed(subscription: McpSubscription, cause: 'local' | 'graceful' | 'remote'): void {
    if (this.stopped || subscription !== this.current || cause === 'local') return;
    this.current = undefined;
    this.options.log.info({ cause }, 'the subscriptions/listen stream ended; opening it again');
    if (cause === 'remote') this.options.onDropped();
    setTimeout(() => void this.sync(), REOPEN_DELAY_MS).unref();
  }

  private filter(): SubscriptionFilter {
    const caps = this.client.getServerCapabilities() ?? {};
    return {
      ...(caps.tools?.listChanged && { toolsListChanged: true }),
      ...(caps.prompts?.listChanged && { promptsListChanged: true }),
      ...(caps.resources?.listChanged && { resourcesListChanged: true }),
      ...(caps.resources?.subscribe && this.uris.size > 0 && { resourceSubscriptions: [...this.uris] }),
    };
  }
}
