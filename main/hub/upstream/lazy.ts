import type { ServerDefinition } from '../config/types.js';
import type { Logger } from '../log.js';
import type { LogBuffer } from './log-buffer.js';

/** The hub's `lazy` and idle timeout, for entries that neither they nor their file set. */
export interface LazyDefaults {
  byDefault: boolean;
  idleTimeoutMs: number;
}

/**
 * How long the server may go without requests before it sleeps, or undefined when it is not lazy.
 * The entry's own fields win, then its file's top-level ones, then the hub's defaults; `force`
 * makes it lazy whatever they say.
 */
export function idleTimeoutOf(definition: ServerDefinition, defaults: LazyDefaults, options: { force?: boolean } = {}): number | undefined {
  const { config, fileDefaults } = definition;
  const lazy = options.force || (config?.lazy ?? fileDefaults?.lazy ?? defaults.byDefault);
  if (!lazy) return undefined;
  const seconds = config?.idleTimeout ?? fileDefaults?.idleTimeout;
  return seconds === undefined ? defaults.idleTimeoutMs : seconds * 1000;
}

/** What the sleep cycle needs of its server. */
export interface Sleeper {
  readonly log: Logger;
  readonly logs: LogBuffer;
  /** Undefined while the server is not lazy. */
  idleTimeoutMs(): number | undefined;
  isConnected(): boolean;
  /** Whether clients need the server running even without requests (they hold resource subscriptions). */
  keepsAwake(): boolean;
  start(): Promise<void>;
  /** Closes the connection, keeping the catalog listed. */
  sleep(): void;
}

/**
 * A lazy server's sleep and wake: it sleeps once its idle timeout has passed with no request in
 * flight and no resource subscription, and the next request starts it again, shared by all
 * requests that arrive meanwhile.
 */
export class SleepCycle {
  /** Requests forwarded and not answered yet, counting those that wait for the server to wake. */
  private pending = 0;
  private lastActivityAt = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The start a request caused while the server slept; later requests wait for the same one. */
  private wakeUp: Promise<void> | undefined;

  constructor(private readonly server: Sleeper) {}

  get waking(): boolean {
    return this.wakeUp !== undefined;
  }

  /** Counts the work as activity, so the server does not go to sleep under it. */
  async whileBusy<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await work();
    } finally {
      this.pending--;
      this.idleFromNow();
    }
  }

  /** Starts a sleeping server for a request; requests that arrive meanwhile share the one start. */
  wake(): Promise<void> {
    if (!this.wakeUp) {
      this.server.log.info('waking for a request');
      this.wakeUp = this.server.start().finally(() => {
        this.wakeUp = undefined;
      });
    }
    return this.wakeUp;
  }

  /** The idle time counts from now (a connection came up, a request ended). */
  idleFromNow(): void {
    this.lastActivityAt = Date.now();
    this.arm();
  }

  cancel(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private arm(): void {
    if (this.idleTimer || !this.server.isConnected()) return;
    const idleMs = this.server.idleTimeoutMs();
    if (idleMs === undefined) return;
    this.idleTimer = setTimeout(() => this.onIdleTimer(), Math.max(0, this.lastActivityAt + idleMs - Date.now()));
    this.idleTimer.unref();
  }

  /** Fires at the earliest moment the server may sleep; re-arms when activity came in meanwhile. */
  private onIdleTimer(): void {
    this.idleTimer = undefined;
    const idleMs = this.server.idleTimeoutMs();
    if (!this.server.isConnected() || idleMs === undefined) return;
    if (this.pending > 0 || this.server.keepsAwake()) {
      this.lastActivityAt = Date.now();
    } else if (Date.now() - this.lastActivityAt >= idleMs) {
      this.server.logs.add('hub', 'info', `no requests for ${idleMs / 1000} s; sleeping until the next one`);
      this.server.sleep();
      return;
    }
    this.arm();
  }
}
