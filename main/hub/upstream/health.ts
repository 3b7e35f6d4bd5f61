import type { Client } from '@modelcontextprotocol/client';

/**
 * Pings a remote server at an interval, to notice a connection that is gone without having
 * closed (a stdio child's exit closes its pipe, so it needs none). One ping at a time, also when a
 * transport error asks for one at once. A modern (2026-07-28) server has no `ping`: it is asked
 * `server/discover`, the era's cheapest request.
 */
export class HealthChecks {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    /** The ping to `client` failed: it is to be treated as lost. */
    private readonly onUnanswered: (client: Client, error: unknown) => Promise<void>,
  ) {}

  start(client: Client): void {
    this.timer = setInterval(() => void this.check(client), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  check(client: Client): Promise<void> {
    this.running ??= (async () => {
      try {
        const options = { timeout: Math.min(10_000, this.intervalMs) };
        await (client.getProtocolEra() === 'modern' ? client.discover(options) : client.ping(options));
      } catch (error) {
        await this.onUnanswered(client, error);
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
