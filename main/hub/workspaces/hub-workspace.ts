import { EventEmitter } from 'node:events';
import { AutoShutdown } from './auto-shutdown.js';
import type { WorkspaceEntry, WorkspaceRegistry, Workspaces } from './registry.js';

const COUNT_WRITE_INTERVAL_MS = 1_000;

export interface HubWorkspaceOptions {
  registry: WorkspaceRegistry;
  /** The port the hub listens on: the entry's key. */
  port: number;
  cwd: string;
  /** As given on the command line: mcphub.nvim compares them with the ones it passed. */
  configFiles: string[];
  /** `--auto-shutdown`; without it the hub runs until stopped. */
  autoShutdown?: { delayMs: number; onShutdown: () => void; startupGraceMs?: number };
  /** A registry write failed; the hub keeps running either way. */
  onError?: (error: unknown, action: 'register' | 'update' | 'deregister') => void;
}

/**
 * One hub's presence in `workspaces.json`: its entry, kept current with its client count and
 * shutdown countdown, the list of all hubs as last seen (for `health()`, which cannot wait), and
 * auto-shutdown. Unlike mcp-hub v4, the count also goes down when clients leave, with or without
 * `--auto-shutdown`.
 */
export class HubWorkspace extends EventEmitter<{ changed: [Workspaces] }> {
  /** Every live hub, as of the last look at the file. */
  snapshot: Workspaces = {};
  private readonly autoShutdown: AutoShutdown | undefined;
  private stopWatching: (() => void) | undefined;
  private pending: Partial<WorkspaceEntry> | undefined;
  private flushing: Promise<void> | undefined;
  private countTimer: NodeJS.Timeout | undefined;
  private registered = false;

  constructor(private readonly options: HubWorkspaceOptions) {
    super();
    const auto = options.autoShutdown;
    if (auto) {
      this.autoShutdown = new AutoShutdown({
        delayMs: auto.delayMs,
        onShutdown: auto.onShutdown,
        ...(auto.startupGraceMs !== undefined && { startupGraceMs: auto.startupGraceMs }),
        onStateChange: (state, since, delayMs) =>
          this.push({ state, shutdownStartedAt: since?.toISOString() ?? null, shutdownDelay: delayMs }),
      });
    }
  }

  /** Registers the hub, then follows the file. A registry that cannot be written does not stop the hub. */
  async start(): Promise<void> {
    const { registry, port } = this.options;
    try {
      await registry.register({
        cwd: this.options.cwd,
        config_files: this.options.configFiles,
        pid: process.pid,
        port,
        startTime: new Date().toISOString(),
        state: 'active',
        activeConnections: 0,
        shutdownStartedAt: null,
        shutdownDelay: null,
      });
      this.registered = true;
    } catch (error) {
      this.options.onError?.(error, 'register');
    }
    registry.on('changed', this.onChanged);
    this.stopWatching = registry.watch();
    this.autoShutdown?.start();
  }

  /** Every live hub, read now (for `GET /api/workspaces`). */
  async list(): Promise<Workspaces> {
    this.snapshot = await this.options.registry.list();
    return this.snapshot;
  }

  /** The number of `/mcp` sessions and `/api/events` listeners together. */
  clientsChanged(count: number): void {
    this.autoShutdown?.clientsChanged(count);
    // Clients come and go by the hundred (one session per agent run): the count is written at
    // most once a second, not locked, written and re-read by every watcher for each of them.
    if (!this.registered) return;
    this.pending = { ...this.pending, activeConnections: count };
    this.countTimer ??= setTimeout(() => {
      this.countTimer = undefined;
      this.flushing ??= this.flush();
    }, COUNT_WRITE_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    this.autoShutdown?.stop();
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.options.registry.off('changed', this.onChanged);
    clearTimeout(this.countTimer);
    this.countTimer = undefined;
    this.pending = undefined;
    await this.flushing;
    if (!this.registered) return;
    this.registered = false;
    try {
      await this.options.registry.deregister(this.options.port);
    } catch (error) {
      this.options.onError?.(error, 'deregister');
    }
  }

  private readonly onChanged = (workspaces: Workspaces): void => {
    this.snapshot = workspaces;
    this.emit('changed', workspaces);
  };

  /** Patches coming faster than the file is written are merged into one write (with a waiting client count). */
  private push(patch: Partial<WorkspaceEntry>): void {
    // Also keeps `flush` from finishing synchronously, before `flushing` is even assigned.
    if (!this.registered) return;
    this.pending = { ...this.pending, ...patch };
    clearTimeout(this.countTimer);
    this.countTimer = undefined;
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.pending) {
      const patch = this.pending;
      this.pending = undefined;
      if (!this.registered) continue;
      try {
        await this.options.registry.update(this.options.port, patch);
      } catch (error) {
        this.options.onError?.(error, 'update');
      }
    }
    this.flushing = undefined;
  }
}
