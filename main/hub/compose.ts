import type { Server as HttpServer } from 'node:http';
import { homedir } from 'node:os';
import { defaultBridge, type HubEndpoint, type StdioBridge } from '../../shared/clients.js';
import { EventStream } from './api/event-stream.js';
import { closeServer, HubStartError, httpApp, listen, serverUrl } from './api/http-app.js';
import { McpHttpRoutes } from './api/mcp-routes.js';
import { isLoopbackHost } from './api/security.js';
import { CliLauncher } from './clients/cli-launcher.js';
import { ClientConfigs } from './clients/client-configs.js';
import type { ClientEnvironment } from './clients/known-clients.js';
import { Hub, type HubOptions } from './hub.js';
import { silentLogger } from './log.js';
import { Marketplace, type MarketplaceOptions } from './marketplace/marketplace.js';
import { hubPaths } from './paths.js';
import { operationHandlers } from './service/handlers/index.js';
import { HubService } from './service/service.js';

export { HubStartError } from './api/http-app.js';

export interface HubAppOptions extends HubOptions {
  /** Default 127.0.0.1. Anything beyond loopback requires `apiToken`. */
  host?: string;
  /** Default 37373; 0 picks a free port. */
  port?: number;
  /** Required as a Bearer token on /mcp and /api when set. */
  apiToken?: string;
  /** The built browser UI (`out/renderer`), served at `/`. */
  uiDir?: string;
  /** A /mcp session with no open stream and no request for this long is closed (default 5 min). */
  sessionIdleTimeoutMs?: number;
  /** Client sessions at once (default 500). */
  maxSessions?: number;
  /**
   * What the hard-restart operation does after it answered: a function ends the process (the CLI;
   * whoever started it starts a fresh one, as with mcp-hub v4); `'in-place'` re-reads the config
   * and restarts every server while the hub keeps its port (the desktop app), so the client's own
   * launch of a hub on that port finds this one running instead of racing it. Without it the
   * operation is refused.
   */
  onHardRestart?: (() => void) | 'in-place';
  /** Opens a login's authorization URL in the user's browser (the desktop passes Electron's `shell.openExternal`). */
  openUrl?: (url: string) => Promise<void>;
  /** The registries the marketplace reads; without it only the bundled snapshot is offered (tests never go online). */
  marketplace?: MarketplaceOptions;
  /** The MCP clients' config files (import, connect). Tests point `where` at a fixture home. */
  clients?: {
    where?: ClientEnvironment;
    recordsFile?: string;
    /** How a client starts this installation's stdio bridge (`stdio --port P` is appended). Default: `mcp-hub` from the PATH. */
    bridge?: StdioBridge;
  };
}

/**
 * A hub as a person runs it: the core, its service layer (the one front door), and the HTTP
 * listener that serves /mcp, /api and the UI. Used by the CLI, the desktop app and the tests.
 */
export class HubApp {
  readonly core: Hub;
  readonly service: HubService;
  private readonly mcpRoutes: McpHttpRoutes;
  private readonly eventStream: EventStream;
  private http: HttpServer | undefined;

  constructor(private readonly options: HubAppOptions) {
    const logger = options.logger ?? silentLogger();
    const hub = new Hub(options);
    this.core = hub;
    const where = options.clients?.where ?? { home: homedir(), platform: process.platform, env: options.env ?? process.env };
    hub.redactor.add([options.apiToken]);
    const clientsChanged = () => hub.setClientCount(this.eventStream.clientCount + this.mcpRoutes.sessionCount);
    this.mcpRoutes = new McpHttpRoutes(hub.endpoint, hub.catalog, {
      sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 5 * 60_000,
      maxSessions: options.maxSessions ?? 500,
      logger,
      onSessionsChanged: clientsChanged,
      profileProblem: (name) => hub.config?.profiles.find((profile) => profile.name === name)?.problem,
    });
    this.service = new HubService({
      events: hub.events,
      redactor: hub.redactor,
      logger,
      handlers: operationHandlers({
        hub,
        logger,
        // Read on first use only: starting the hub never waits for, or depends on, the network.
        marketplace: new Marketplace(options.marketplace ?? { registries: [], cacheDir: hubPaths().cacheDir }),
        clients: new ClientConfigs({
          where,
          backupDir: options.backupDir ?? hubPaths().backupDir,
          recordsFile: options.clients?.recordsFile ?? hubPaths().clientConnectionsFile,
          endpoint: () => this.clientEndpoint(),
          profiles: () => hub.config?.profiles.map((profile) => profile.name) ?? [],
        }),
        // The app's CLI bundle is what clients' stdio bridges run; the same command is `mcp-hub`.
        cliLauncher: new CliLauncher({ where, bundle: options.clients?.bridge }),
        endpoint: () => this.clientEndpoint(),
        connections: () => ({ ...this.eventStream.report(), mcpSessions: this.mcpRoutes.sessionCount }),
        openUrl: options.openUrl,
        onHardRestart:
          options.onHardRestart === 'in-place'
            ? () => void hub.restart().catch((error: unknown) => logger.warn({ err: String(error) }, 'hard restart failed'))
            : options.onHardRestart,
      }),
    });
    this.eventStream = new EventStream({
      subscribe: (listener) => this.service.subscribe(listener),
      currentState: () => ({ type: 'hub_state', data: hub.stateEvent() }),
      onClientsChanged: clientsChanged,
    });
  }

  /** The address clients use, e.g. `http://127.0.0.1:37373`. */
  get url(): string {
    return this.core.address.url;
  }

  get port(): number {
    return this.core.address.port;
  }

  /**
   * Loads the config, listens, and starts every server in parallel. Resolves once listening; a
   * broken config file or a busy port rejects. `whenReady()` waits for the servers.
   */
  async start(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host) && !this.options.apiToken) {
      throw new HubStartError(`Refusing to listen on ${host} without an API token: set MCP_HUB_API_TOKEN or --api-token`);
    }
    await this.core.load();
    const app = httpApp({
      service: this.service,
      mcpRoutes: this.mcpRoutes,
      eventStream: this.eventStream,
      bindHost: host,
      apiToken: this.options.apiToken,
      uiDir: this.options.uiDir,
      logger: this.options.logger ?? silentLogger(),
    });
    this.http = await listen(app, this.options.port ?? 37373, host);
    const { url, port, host: bound } = serverUrl(this.http);
    // Authorization servers send the browser back to 127.0.0.1 (RFC 8252) when the hub listens on
    // every address, so the redirect URI stays the same across starts.
    const callbackHost = bound === '0.0.0.0' || bound === '::' ? `http://127.0.0.1:${port}` : url;
    this.options.logger?.info({ url: `${url}/mcp` }, 'hub listening');
    await this.core.run({ url: callbackHost, port });
  }

  whenReady(): Promise<void> {
    return this.core.whenReady();
  }

  /** Stops every server, then closes the event stream (its clients see `stopped`) and the listener. */
  async stop(): Promise<void> {
    await this.core.stop();
    await this.mcpRoutes.closeAll();
    this.eventStream.close();
    if (this.http) await closeServer(this.http);
  }

  killNow(): void {
    this.core.killNow();
  }

  /** Where MCP clients reach this hub: what connecting a client writes, and what its snippets show. */
  clientEndpoint(): HubEndpoint {
    const url = `${this.url}/mcp`;
    const standard = defaultBridge(url);
    const custom = this.options.clients?.bridge;
    const bridge = custom ? { ...custom, args: [...custom.args, ...standard.args] } : standard;
    return { url, bridge, apiToken: this.options.apiToken };
  }
}
