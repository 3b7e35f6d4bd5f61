import { ProtocolError as SdkProtocolError, SdkError, SdkErrorCode, specTypeSchemas, type Client, type RequestOptions } from '@modelcontextprotocol/client';
import type { ClientNotification, ClientRequest, LoggingLevel, Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerStatus } from '../../../shared/status.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { McpError, ProtocolError } from '../protocol-error.js';
import type { CatalogState } from './catalog-state.js';
import { mcpParamHeaders } from '../mcp-param.js';
import type { ModernListen } from './modern-listen.js';
import type { SleepCycle } from './lazy.js';
import type { Supervisor } from './supervisor.js';

/** What the requests need of their server. */
export interface RequestTarget {
  readonly name: string;
  status(): ServerStatus;
  error(): string | null;
  requestTimeoutMs(): number;
  readonly supervisor: Supervisor;
  readonly sleepCycle: SleepCycle;
  readonly catalogState: CatalogState;
  /** The listen stream of a modern connection; undefined for a legacy one. */
  listenOf(client: Client): ModernListen | undefined;
}

/** Where a modern (2026-07-28) request says which log messages it wants (the era has no logging/setLevel). */
const LOG_LEVEL_META_KEY = 'io.modelcontextprotocol/logLevel';

/**
 * The hub's requests to one upstream server: each wakes a sleeping server first, counts as
 * activity while it runs, and fails fast with a clear MCP error when the server is not connected
 * (or does not come up). What differs between the eras is decided here: a modern server has no
 * `logging/setLevel` and no `resources/subscribe`, so the log level goes with each request and
 * subscriptions on the connection's listen stream.
 */
export class UpstreamRequests {
  private logLevel: LoggingLevel | undefined;

  constructor(private readonly target: RequestTarget) {}

  async request(request: ClientRequest, options: RequestOptions = {}): Promise<Result> {
    const { sleepCycle, supervisor } = this.target;
    return sleepCycle.whileBusy(async () => {
      const client = await this.awakeClient();
      try {
        return await client.request(this.withLogLevel(client, request), specTypeSchemas.Result, {
          timeout: this.target.requestTimeoutMs(),
          resetTimeoutOnProgress: true,
          ...this.paramHeaders(client, request),
          ...options,
        });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        // Refused mid-session: the server went `unauthorized` (closing the connection), and the error
        // says so like any request to a server that is not connected, not as a bare 401 or close.
        if (this.target.status() === 'unauthorized' && supervisor.client !== client) this.requireClient();
        throw asMcpError(error);
      }
    });
  }

  /** A modern server's `x-mcp-header` tool parameters, mirrored in headers (HTTP transports send them; stdio ignores them). */
  private paramHeaders(client: Client, request: ClientRequest): { headers?: Record<string, string> } {
    if (request.method !== 'tools/call' || !isModern(client)) return {};
    const tool = this.target.catalogState.catalog.tools.find((each) => each.name === request.params.name);
    const headers = mcpParamHeaders(tool?.inputSchema, request.params.arguments);
    return Object.keys(headers).length > 0 ? { headers } : {};
  }

  /** A legacy server is told at once (if connected); a modern one hears it with each request from now on. */
  async setLogLevel(level: LoggingLevel): Promise<void> {
    this.logLevel = level;
    const client = this.target.supervisor.client;
    if (!client || this.target.status() !== 'connected' || isModern(client)) return;
    await this.request({ method: 'logging/setLevel', params: { level } });
  }

  async subscribeResource(uri: string): Promise<void> {
    const client = await this.awakeClient();
    const listen = this.target.listenOf(client);
    if (!listen) return void (await this.request({ method: 'resources/subscribe', params: { uri } }));
    // As a 2025-era server without subscriptions answers resources/subscribe.
    if (!client.getServerCapabilities()?.resources?.subscribe) throw new McpError(JsonRpcErrorCode.MethodNotFound, `Server '${this.target.name}' offers no resource subscriptions`);
    return listen.subscribe(uri);
  }

  /** Only while connected: a closed connection's subscriptions ended with it. */
  async unsubscribeResource(uri: string): Promise<void> {
    const client = this.target.supervisor.client;
    if (!client || this.target.status() !== 'connected') return;
    const listen = this.target.listenOf(client);
    if (listen) return listen.unsubscribe(uri);
    await this.request({ method: 'resources/unsubscribe', params: { uri } });
  }

  async notify(notification: ClientNotification): Promise<void> {
    await this.target.supervisor.client?.notification(notification as never);
  }

  /** Re-reads every list from the server (waking it if it sleeps), announcing what changed. */
  async refreshCatalog(): Promise<void> {
    const { sleepCycle, catalogState } = this.target;
    await sleepCycle.whileBusy(async () => {
      const client = await this.awakeClient();
      catalogState.set(await catalogState.fetch(client));
      catalogState.save();
    });
  }

  private async awakeClient(): Promise<Client> {
    const { sleepCycle } = this.target;
    if (this.target.status() === 'sleeping' || sleepCycle.waking) await sleepCycle.wake();
    return this.requireClient();
  }

  private requireClient(): Client {
    const { supervisor, name } = this.target;
    const status = this.target.status();
    const error = this.target.error();
    const client = supervisor.client;
    if (!client || status !== 'connected') {
      const why = error ? `: ${error}` : '';
      throw new ProtocolError(JsonRpcErrorCode.ConnectionClosed, `Server '${name}' is not connected (status: ${status}${why})`);
    }
    return client;
  }

  private withLogLevel(client: Client, request: ClientRequest): ClientRequest {
    if (!this.logLevel || !isModern(client) || request.method === 'logging/setLevel') return request;
    const params = request.params ?? {};
    return { ...request, params: { ...params, _meta: { ...params._meta, [LOG_LEVEL_META_KEY]: this.logLevel } } } as ClientRequest;
  }
}

function isModern(client: Client): boolean {
  return client.getProtocolEra() === 'modern';
}

/** The wire codes of the SDK's own failures of a request. */
const LOCAL_FAILURE_CODE: Partial<Record<SdkErrorCode, number>> = {
  [SdkErrorCode.RequestTimeout]: JsonRpcErrorCode.RequestTimeout,
  [SdkErrorCode.ConnectionClosed]: JsonRpcErrorCode.ConnectionClosed,
  [SdkErrorCode.NotConnected]: JsonRpcErrorCode.ConnectionClosed,
};

/**
 * The upstream's error (or the SDK's own timeout or closed connection) as the rest of the hub
 * knows it: an McpError with the JSON-RPC code, message and data.
 */
function asMcpError(error: unknown): unknown {
  if (error instanceof SdkProtocolError) return new McpError(error.code, error.message, error.data);
  const code = error instanceof SdkError ? LOCAL_FAILURE_CODE[error.code as SdkErrorCode] : undefined;
  return code === undefined ? error : new McpError(code, (error as SdkError).message, (error as SdkError).data);
}
