export type AutoShutdownState = 'active' | 'shutting_down';

export interface AutoShutdownOptions {
  /** How long the hub waits, without any client, before it shuts down (`--shutdown-delay`). */
  delayMs: number;
  onShutdown: () => void;
  /**
   * Told on every change of state: `since` is when the countdown began (null when active), and
   * `delayMs` how long it runs, which is what `workspaces.json` records as `shutdownDelay`.
   */
  onStateChange?: (state: AutoShutdownState, since: Date | null, delayMs: number | null) => void;
  /**
   * The least time a freshly started hub waits for its first client, default 60 s. mcp-hub v4's
   * delay defaults to 0, and a hub that ends before its spawner (mcphub.nvim) has even connected
   * would be useless. Set it to 0 to use `delayMs` alone.
   */
  startupGraceMs?: number;
}

export const DEFAULT_STARTUP_GRACE_MS = 60_000;

/**
 * `--auto-shutdown`: the hub ends once it has had no client for `delayMs`. The count given is of
 * every kind of client together (`/mcp` sessions and `/api/events` listeners), so a hub serving
 * only Claude or Cursor is not shut down under them, as mcp-hub v4 did. Unlike v4, a hub that no
 * client ever connects to also ends, after `max(delayMs, startupGraceMs)`.
 */
export class AutoShutdown {
  private count = 0;
  private started = false;
  private fired = false;
  private timer: NodeJS.Timeout | undefined;
  private current: AutoShutdownState = 'active';

  constructor(private readonly options: AutoShutdownOptions) {}

  get state(): AutoShutdownState {
    return this.current;
  }

  /** Begins acting on the count; with no client yet, the first countdown starts now. */
  start(): void {
    if (this.started || this.fired) return;
    this.started = true;
    if (this.count === 0) this.countDown(Math.max(this.options.delayMs, this.options.startupGraceMs ?? DEFAULT_STARTUP_GRACE_MS));
  }

  /** The number of clients of every kind, now. Before `start()` it is only remembered. */
  clientsChanged(count: number): void {
    this.count = Number.isFinite(count) && count > 0 ? count : 0;
    if (!this.started || this.fired) return;
    if (this.count > 0) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.setState('active', null, null);
      }
    } else if (!this.timer) {
      this.countDown(this.options.delayMs);
    }
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private countDown(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fired = true;
      this.started = false;
      this.options.onShutdown();
    }, delayMs);
    // The hub's listener keeps the process alive; a pending shutdown alone must not.
    this.timer.unref();
    this.setState('shutting_down', new Date(), delayMs);
  }

  private setState(state: AutoShutdownState, since: Date | null, delayMs: number | null): void {
    if (state === this.current && state === 'active') return;
    this.current = state;
    this.options.onStateChange?.(state, since, delayMs);
  }
}
