import type { RestartInfo } from '../../../shared/status.js';

export interface RestartPolicy {
  /** Delay before the first restart. */
  initialDelayMs: number;
  /** The delay doubles with each consecutive failure up to this cap. */
  maxDelayMs: number;
  /** After this many consecutive failures the server is left in `error`. */
  maxAttempts: number;
  /** A connection that lasted this long counts as healthy and resets the failure count. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 6,
  stableAfterMs: 60_000,
};

/** Delay before attempt `attempt` (1-based): exponential, capped. */
export function restartDelay(policy: RestartPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * The restarts of one server after failures in a row, spaced out by the policy. A connection that
 * lasted `stableAfterMs` ends a series: its loss counts as the first failure of a new one.
 */
export class Restarts {
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextAttemptAt: Date | null = null;

  constructor(private readonly policy: RestartPolicy) {}

  /** For the server's info; null while it has not failed since its last start by hand or healthy run. */
  info(): RestartInfo | null {
    if (this.failures === 0) return null;
    return { attempt: this.failures, maxAttempts: this.policy.maxAttempts, nextAttemptAt: this.nextAttemptAt?.toISOString() ?? null };
  }

  /** A start by hand: a new series. */
  reset(): void {
    this.cancel();
    this.failures = 0;
  }

  /** An attempt begins, so none is pending any more. */
  attempting(): void {
    this.nextAttemptAt = null;
  }

  /**
   * Counts a failure of a connection made at `connectedAt` (undefined: it never came up). Gives
   * the attempt it will be and the delay before it, or undefined once `maxAttempts` is exceeded.
   */
  failed(connectedAt: number | undefined): { attempt: number; delayMs: number } | undefined {
    const wasHealthy = connectedAt !== undefined && Date.now() - connectedAt >= this.policy.stableAfterMs;
    this.failures = wasHealthy ? 1 : this.failures + 1;
    if (this.failures > this.policy.maxAttempts) {
      this.nextAttemptAt = null;
      return undefined;
    }
    const delayMs = restartDelay(this.policy, this.failures);
    this.nextAttemptAt = new Date(Date.now() + delayMs);
    return { attempt: this.failures, delayMs };
  }

  /** Runs `attempt` once the delay `failed` gave has passed, unless cancelled before. */
  schedule(delayMs: number, attempt: () => void): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      attempt();
    }, delayMs);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = null;
  }
}
