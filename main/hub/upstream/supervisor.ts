import type { Client } from '@modelcontextprotocol/client';
import type { RestartInfo, ServerStatus } from '../../../shared/status.js';
import type { ResolvedServer } from '../config/resolve.js';
import type { Logger } from '../log.js';
import type { CatalogState } from './catalog-state.js';
import { isUnauthorized, type Attempt, type Connector } from './connection.js';
import { HealthChecks } from './health.js';
import type { SleepCycle } from './lazy.js';
import type { LogBuffer } from './log-buffer.js';
import type { OAuthChoice } from './oauth-choice.js';
import { Restarts, type RestartPolicy } from './restart-policy.js';
import { describeExit } from './stdio-transport.js';
import { errorMessage } from '../../../shared/errors.js';

export interface StatusChange {
  status: ServerStatus;
  previous: ServerStatus;
  error: string | null;
}

export interface SupervisorOptions {
  initialStatus: ServerStatus;
  restartPolicy: RestartPolicy;
  healthCheckIntervalMs: number;
  log: Logger;
  logs: LogBuffer;
  connector: Connector;
  catalog: CatalogState;
  sleep: SleepCycle;
  oauth: OAuthChoice;
  /** False while the entry may not run (a project folder's, not trusted): start leaves it `untrusted`, unresolved. */
  mayRun(): boolean;
  /** The entry resolved for one attempt, afresh each time; throws what makes it unusable (a config problem, a missing secret). */
  resolve(): Promise<ResolvedServer>;
  /** The attempt goes on with these values: from now on they are secrets. */
  onResolved(resolved: ResolvedServer): void;
  onStatus(change: StatusChange): void;
}

/**
 * The connection of one upstream server over time, and the truth of its `status`: the
 * connection's close callback moves it out of `connected` the moment a child exits or a remote
 * drops, and a restart with exponential backoff follows until the server is healthy again or has
 * failed `maxAttempts` times in a row, when it rests in `error`.
 */
export class Supervisor {
  private statusValue: ServerStatus;
  private errorValue: string | null = null;
  private lastStartedValue: Date | null = null;
  private liveClient: Client | undefined;
  /** Clients whose connection has closed, so a handshake that raced a crash is not reported as connected. */
  private readonly closedClients = new WeakSet<Client>();
  private connectedAt: number | undefined;
  /** Bumped on every connect and stop, so callbacks of an older connection are ignored. */
  private currentGeneration = 0;
  private connecting: Promise<void> | undefined;
  private readonly restarts: Restarts;
  private readonly health: HealthChecks;

  constructor(private readonly options: SupervisorOptions) {
    this.statusValue = options.initialStatus;
    this.restarts = new Restarts(options.restartPolicy);
    this.health = new HealthChecks(options.healthCheckIntervalMs, (client, error) => this.onUnanswered(client, error));
  }

  get status(): ServerStatus {
    return this.statusValue;
  }

  get error(): string | null {
    return this.errorValue;
  }

  get lastStarted(): Date | null {
    return this.lastStartedValue;
  }

  /** The client of the connection, while connected. */
  get client(): Client | undefined {
    return this.liveClient;
  }

  /** Changes at every start and stop: work begun under an older one has been overtaken. */
  get generation(): number {
    return this.currentGeneration;
  }

  get isConnecting(): boolean {
    return this.connecting !== undefined;
  }

  get uptimeSeconds(): number {
    return this.connectedAt ? Math.floor((Date.now() - this.connectedAt) / 1000) : 0;
  }

  restartInfo(): RestartInfo | null {
    return this.restarts.info();
  }

  /** Connects unless already connected; resolves once connected or failed (never throws). */
  start(): Promise<void> {
    if (!this.options.mayRun()) {
      this.setStatus('untrusted', null);
      return Promise.resolve();
    }
    if (this.statusValue === 'connected') return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.restarts.reset();
    return this.connect();
  }

  /** Closes the connection, ending the process tree of a stdio server, and rests in `status`. */
  async shutDown(status: 'disabled' | 'disconnected' | 'sleeping'): Promise<void> {
    const generation = ++this.currentGeneration;
    this.restarts.cancel();
    this.options.sleep.cancel();
    this.health.stop();
    this.connecting = undefined;
    const client = this.liveClient;
    this.liveClient = undefined;
    this.connectedAt = undefined;
    // A sleeping server stays listed: its tools are what wakes it.
    if (status !== 'sleeping') this.options.catalog.clear();
    this.setStatus(status, null);
    const transport = this.options.connector.detach();
    await this.closeQuietly(client);
    // A handshake still under way (a server that never answers) has no client yet: end its process too.
    await transport?.close().catch(() => {});
    // Its pid would name a process that is gone, or by now someone else's (unless a start followed).
    if (generation === this.currentGeneration) this.options.connector.forgetProcess();
  }

  /** A lazy server whose catalog is known waits in `sleeping` for its first request. */
  enterSleep(): void {
    this.setStatus('sleeping', null);
  }

  /** The server refused the tokens mid-session and they cannot be refreshed: it needs a new login. */
  loginRequired(problem: string | null): void {
    const client = this.liveClient;
    if (!client || this.statusValue !== 'connected') return;
    this.options.log.warn('the server no longer accepts the login; it needs a new one');
    // Dropped first, so the close callback does not take this for a lost connection.
    this.liveClient = undefined;
    this.connectedAt = undefined;
    this.health.stop();
    this.options.catalog.clear();
    this.setStatus('unauthorized', problem ? `the server requires a new login, but none is possible: ${problem}` : 'the server requires a new login');
    void this.closeQuietly(client);
  }

  private connect(): Promise<void> {
    const generation = ++this.currentGeneration;
    const attempt = this.connectOnce(generation).finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
    return attempt;
  }

  private async connectOnce(generation: number): Promise<void> {
    const { connector, catalog, log } = this.options;
    // A restart scheduled before the entry lost its trust: nothing of it may run now.
    if (!this.options.mayRun()) return this.setStatus('untrusted', null);
    this.restarts.attempting();
    this.setStatus('connecting', null);
    this.lastStartedValue = new Date();
    let resolved: ResolvedServer;
    try {
      resolved = await this.options.resolve();
    } catch (error) {
      // A config problem does not fix itself: no restart loop, the user must edit the entry.
      if (generation === this.currentGeneration) this.setStatus('error', errorMessage(error));
      return;
    }
    if (generation !== this.currentGeneration) return;
    this.options.onResolved(resolved);

    let client: Client | undefined;
    try {
      client = await connector.open(resolved, this.attempt(generation));
      const lists = await catalog.fetch(client);
      if (this.closedClients.has(client)) throw new Error('the connection closed during start-up');
      if (generation !== this.currentGeneration) {
        await this.closeQuietly(client);
        return;
      }
      this.liveClient = client;
      this.connectedAt = Date.now();
      catalog.learn(client, lists);
      this.setStatus('connected', null);
      this.options.sleep.idleFromNow();
      catalog.save();
      this.startHealthChecks(resolved);
      log.info({ transport: connector.transportType, pid: connector.pid ?? undefined, tools: lists.tools.length }, 'connected');
    } catch (error) {
      if (client) await this.closeQuietly(client);
      if (generation !== this.currentGeneration) return;
      if (isUnauthorized(error)) {
        this.setStatus('unauthorized', this.options.oauth.unauthorizedReason(resolved));
        return;
      }
      this.onFailure(this.describeFailure(error));
    }
  }

  private attempt(generation: number): Attempt {
    return {
      isCurrent: () => generation === this.currentGeneration,
      onClose: (client) => {
        this.closedClients.add(client);
        if (this.liveClient === client && generation === this.currentGeneration) this.onConnectionLost();
      },
      onError: (client, error) => {
        if (this.liveClient !== client) return;
        this.options.log.debug({ err: errorMessage(error) }, 'transport error');
        // A remote's event stream breaking is the first sign of a dead server: check now, not at the next tick.
        if (this.options.connector.transportType !== 'stdio') void this.health.check(client);
      },
    };
  }

  private describeFailure(error: unknown): string {
    const exit = this.options.connector.exitInfo;
    const message = errorMessage(error);
    return exit ? `${message} (${describeExit(exit)})` : message;
  }

  private startHealthChecks(resolved: ResolvedServer): void {
    const client = this.liveClient;
    if (resolved.transport !== 'stdio' && client) this.health.start(client);
  }

  private onConnectionLost(): void {
    const exit = this.options.connector.exitInfo;
    const reason = exit ? describeExit(exit) : 'the connection was lost';
    for (const entry of this.options.logs.flushStderr()) this.options.log.info({ stream: 'stderr' }, entry.text);
    this.options.log.warn({ reason }, 'connection lost');
    this.liveClient = undefined;
    this.health.stop();
    this.options.catalog.clear();
    this.onFailure(reason);
  }

  private async onUnanswered(client: Client, error: unknown): Promise<void> {
    if (this.liveClient !== client) return;
    this.options.log.warn({ err: errorMessage(error) }, 'health check failed (ping, or server/discover for a 2026-07-28 server)');
    // Drop our reference first so the close callback does not report the loss a second time.
    this.liveClient = undefined;
    await this.closeQuietly(client);
    this.health.stop();
    this.options.catalog.clear();
    this.onFailure(`the server stopped answering (${errorMessage(error)})`);
  }

  private onFailure(reason: string): void {
    const { maxAttempts } = this.options.restartPolicy;
    const next = this.restarts.failed(this.connectedAt);
    this.connectedAt = undefined;
    if (!next) {
      this.setStatus('error', `${reason}; gave up after ${maxAttempts} restarts`);
      this.options.logs.add('hub', 'error', `gave up after ${maxAttempts} restarts: ${reason}`);
      return;
    }
    this.options.logs.add('hub', 'warning', `${reason}; restarting in ${next.delayMs} ms (attempt ${next.attempt} of ${maxAttempts})`);
    this.setStatus('disconnected', reason);
    const generation = this.currentGeneration;
    this.restarts.schedule(next.delayMs, () => {
      if (generation === this.currentGeneration) void this.connect();
    });
  }

  private async closeQuietly(client: Client | undefined): Promise<void> {
    if (!client) return;
    try {
      await client.close();
    } catch (error) {
      this.options.log.debug({ err: errorMessage(error) }, 'error while closing');
    }
  }

  private setStatus(status: ServerStatus, error: string | null): void {
    const previous = this.statusValue;
    if (previous === status && this.errorValue === error) return;
    this.statusValue = status;
    this.errorValue = error;
    this.options.onStatus({ status, previous, error });
  }
}
