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
