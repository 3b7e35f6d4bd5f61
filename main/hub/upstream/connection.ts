import {
  Client,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  SseError,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type Transport,
} from '@modelcontextprotocol/client';
// What the server asks flows on to the hub's clients, whose side still has the v1 SDK's types.
import type { ClientCapabilities, LoggingMessageNotification, Result, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { transportOf } from '../../../shared/config.js';
import type { TransportType } from '../../../shared/status.js';
import type { ServerDefinition } from '../config/load.js';
import type { ResolvedServer } from '../config/resolve.js';
import type { Logger } from '../log.js';
import { OnDemandValidator } from '../on-demand-validator.js';
import type { CatalogKind } from './catalog-fetch.js';
import type { LogBuffer, LogLevel } from './log-buffer.js';
import type { OAuthChoice } from './oauth-choice.js';
import { megabytes } from './line-reader.js';
import { verdictOf, type EraMemory, type EraVerdict } from './era-verdict.js';
import { ModernListen } from './modern-listen.js';
import { StdioTransport, type ExitInfo, type StdioSettings } from './stdio-transport.js';
import { errorMessage } from '../../../shared/errors.js';

/** What the server says to the hub over any of its connections. */
export interface ServerMessages {
  /** sampling/createMessage, elicitation/create and roots/list, answered by a downstream client. */
  request(request: ServerRequest, signal: AbortSignal): Promise<Result>;
  listChanged(client: Client, kind: CatalogKind): Promise<void>;
  resourceUpdated(uri: string): void;
  logMessage(params: LoggingMessageNotification['params']): void;
}

/** One connection attempt, as its caller follows it. */
export interface Attempt {
  /** False once a stop or a newer attempt has superseded this one. */
  isCurrent(): boolean;
  onClose(client: Client): void;
  onError(client: Client, error: Error): void;
}

export interface ConnectorOptions {
  clientInfo: { name: string; version: string };
  /** What the hub tells the server it can answer, asked at each connection (the entry may have changed). */
  capabilities: () => ClientCapabilities;
  connectTimeoutMs: number;
  log: Logger;
  logs: LogBuffer;
  oauth: OAuthChoice;
  messages: ServerMessages;
  stdio?: StdioSettings;
  /** The protocol era each connection of the entry found, so that the next one need not probe. */
  eras?: EraMemory;
  /** How long a stdio server may stay silent on the `server/discover` probe before it counts as legacy. */
  probeTimeoutMs: number;
}

/** Long enough for a server busy starting up; a silent legacy server costs this once, then its verdict is kept. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

const LEGACY: EraVerdict = { kind: 'legacy' };

/**
 * Opens the connections to one upstream server: spawns it (stdio, owning its process group) or
 * reaches it (Streamable HTTP, falling back to SSE for a url without type), and completes the MCP
 * handshake with an SDK client that passes what the server says on to the hub.
 */
export class Connector {
  private type: TransportType;
  /** The transport of the latest attempt, connected or still handshaking. */
  private transport: Transport | undefined;
  private stdio: StdioTransport | undefined;
  private readonly listens = new WeakMap<Client, ModernListen>();
  /** The stdio child exited on the last probe: the next start is a 2025-era one. */
  private legacyNext = false;

  constructor(
    private readonly options: ConnectorOptions,
    expected: TransportType,
  ) {
    this.type = expected;
  }

  /** The transport of the latest attempt, or the one the entry asks for before any. */
  get transportType(): TransportType {
    return this.type;
  }

  get pid(): number | null {
    return this.stdio?.pid ?? null;
  }

  /** How the stdio child of the latest attempt ended, once it has. */
  get exitInfo(): ExitInfo | undefined {
    return this.stdio?.exitInfo;
  }

  /** The entry changed: until the next attempt, the transport it asks for is the one shown. */
  expect(type: TransportType): void {
    this.type = type;
  }

  async open(resolved: ResolvedServer, attempt: Attempt): Promise<Client> {
    if (resolved.transport === 'stdio') {
      this.type = 'stdio';
      return this.negotiate(() => this.spawn(resolved), attempt, true);
    }
    const oauth = this.options.oauth.for(resolved);
    const options = { requestInit: { headers: resolved.headers }, ...(oauth && { fetch: oauth.authorizedFetch }) };
    // The HTTP+SSE transport is the 2024-11-05 one: nothing newer to probe for.
    const sse = () => this.connectWith(new SSEClientTransport(new URL(resolved.url), options), attempt, LEGACY);
    if (resolved.transport === 'sse') {
      this.type = 'sse';
      return sse();
    }
    this.type = 'streamable-http';
    try {
      return await this.negotiate(() => new StreamableHTTPClientTransport(new URL(resolved.url), options), attempt, false);
    } catch (error) {
      if (resolved.transport !== 'http-auto' || isUnauthorized(error) || !attempt.isCurrent()) throw error;
      this.options.log.info({ reason: errorMessage(error) }, 'Streamable HTTP failed, trying the SSE transport');
      this.type = 'sse';
      return sse();
    }
  }

  /** The listen stream of a modern connection; undefined for a legacy one. */
  listenOf(client: Client): ModernListen | undefined {
    return this.listens.get(client);
  }

  /** Takes the latest attempt's transport, for the caller to close: a handshake under way has no client to close it by. */
  detach(): Transport | undefined {
    const transport = this.transport;
    this.transport = undefined;
    return transport;
  }

  /** The latest attempt's process has been ended: `pid` no longer names it. */
  forgetProcess(): void {
    this.stdio = undefined;
  }

  /** Kills a stdio child at once; the last resort of a hub that is exiting. */
  killNow(): void {
    this.stdio?.killNow();
  }

  /**
   * Connects with the era the entry's last connection found, or probes for it. A cached verdict
   * that no longer works (the server changed) is dropped and the server probed afresh (a stdio
   * server that exited is probed at its next start). A stdio server that exits on the probe (some
   * SDKs end on any request before `initialize`) starts next time as a 2025-era one, without the
   * probe: at its restart, so that a server that simply crashes is not started twice as often.
   */
  private async negotiate(makeTransport: () => Transport, attempt: Attempt, stdio: boolean): Promise<Client> {
    const { eras, log } = this.options;
    const afterProbeExit = this.legacyNext;
    this.legacyNext = false;
    const cached = afterProbeExit ? LEGACY : usable(await eras?.load().catch(() => undefined), stdio);
    try {
      return await this.connectWith(makeTransport(), attempt, cached);
    } catch (error) {
      if (!attempt.isCurrent() || isUnauthorized(error)) throw error;
      const exited = this.stdio?.exitInfo !== undefined;
      if (cached && !afterProbeExit) {
        await eras?.forget();
        if (exited) throw error;
        log.info({ era: cached.kind, err: errorMessage(error) }, 'connecting in the protocol era found last time failed; probing the server again');
        return this.connectWith(makeTransport(), attempt, undefined);
      }
      if (!cached && exited && isNegotiationFailure(error)) {
        this.legacyNext = true;
        throw new Error('the server exited on the server/discover probe (2025-era servers may); it starts again without the probe');
      }
      throw error;
    }
  }

  /** Connects over `transport` as `prior` says, or probing when there is none; remembers what it found. */
  private async connectWith(transport: Transport, attempt: Attempt, prior: EraVerdict | undefined): Promise<Client> {
    const client = this.createClient(transport instanceof StdioTransport);
    this.transport = transport;
    client.onclose = () => {
      this.listens.get(client)?.stop();
      attempt.onClose(client);
    };
    client.onerror = (error) => attempt.onError(client, error);
    try {
      await client.connect(transport, { timeout: this.options.connectTimeoutMs, ...(prior && { prior }) });
    } catch (error) {
      await transport.close().catch(() => {});
      throw error;
    }
    deliverResponsesAfterNotifications(transport);
    const verdict = verdictOf(client);
    if (verdict && this.type !== 'sse') await this.options.eras?.save(verdict).catch(() => {});
    if (client.getProtocolEra() === 'modern') {
      const listen = new ModernListen(client, { log: this.options.log, onDropped: () => attempt.onError(client, new Error('the subscriptions/listen stream dropped')) });
      this.listens.set(client, listen);
      await listen.start();
    }
    return client;
  }

  private spawn(resolved: Extract<ResolvedServer, { transport: 'stdio' }>): StdioTransport {
    const { log, logs } = this.options;
    const transport = new StdioTransport(resolved, this.options.stdio);
    transport.onstderr = (chunk) => {
      for (const entry of logs.addStderr(chunk)) log.info({ stream: 'stderr' }, entry.text);
    };
    transport.onoversize = (bytes, limit) => {
      const text = `stdout line over ${megabytes(limit)} (MCP_HUB_MAX_MESSAGE_MB): dropped it (${megabytes(bytes)} so far) up to its next newline`;
      log.warn({ bytes, limit }, text);
      logs.add('hub', 'warning', text);
    };
    this.stdio = transport;
    return transport;
  }

  private createClient(stdio: boolean): Client {
    const capabilities = this.options.capabilities();
    // Silence on stdio is a 2025-era server, worth a short wait; over HTTP it is an outage, and a
    // remote server may be slow to wake: it gets the whole connect timeout, as before.
    const timeoutMs = stdio ? this.options.probeTimeoutMs : this.options.connectTimeoutMs;
    const client = new Client(this.options.clientInfo, {
      // The same JSON; v2 types `experimental` more narrowly.
      capabilities: capabilities as never,
      jsonSchemaValidator: new OnDemandValidator(),
      // The newest era the server offers: probed with server/discover, else the 2025 handshake.
      versionNegotiation: { mode: 'auto', probe: { timeoutMs } },
    });
    const { messages, logs } = this.options;
    const relay = (request: unknown, signal: AbortSignal) => messages.request(request as ServerRequest, signal) as never;
    // Only what was declared: the SDK refuses a handler for a capability the client does not have.
    if (capabilities.sampling) client.setRequestHandler('sampling/createMessage', (request, ctx) => relay(request, ctx.mcpReq.signal));
    if (capabilities.elicitation) client.setRequestHandler('elicitation/create', (request, ctx) => relay(request, ctx.mcpReq.signal));
    if (capabilities.roots) client.setRequestHandler('roots/list', (request, ctx) => relay(request, ctx.mcpReq.signal));
    client.setNotificationHandler('notifications/tools/list_changed', () => messages.listChanged(client, 'tools'));
    client.setNotificationHandler('notifications/resources/list_changed', () => messages.listChanged(client, 'resources'));
    client.setNotificationHandler('notifications/prompts/list_changed', () => messages.listChanged(client, 'prompts'));
    client.setNotificationHandler('notifications/resources/updated', (n) => messages.resourceUpdated(n.params.uri));
    client.setNotificationHandler('notifications/message', (n) => {
      const data = n.params.data;
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      logs.add('server', n.params.level as LogLevel, n.params.logger ? `[${n.params.logger}] ${text}` : text);
      messages.logMessage(n.params as LoggingMessageNotification['params']);
    });
    return client;
  }
}

/** A 401 from the server (or the OAuth client's own refusal), however the transport reports it. */
export function isUnauthorized(error: unknown): boolean {
  if (error instanceof UnauthorizedError) return true;
  if (error instanceof SdkHttpError) return error.status === 401;
  if (error instanceof SseError) return error.code === 401;
  return false;
}

/**
 * A kept verdict as this connection may use it. A modern one connects without a round trip, which
 * on stdio is fine (the process is there, or its exit ends the connection) but over HTTP would
 * report a server that is down as connected: there the probe is the check that it answers.
 */
function usable(verdict: EraVerdict | undefined, stdio: boolean): EraVerdict | undefined {
  return verdict?.kind === 'modern' && !stdio ? undefined : verdict;
}

function isNegotiationFailure(error: unknown): boolean {
  return error instanceof SdkError && error.code === SdkErrorCode.EraNegotiationFailed;
}

/**
 * The SDK handles a notification one microtask late but a response at once, and forgets a
 * request's progress handler when its response arrives; so the last progress notification, read
 * in the same chunk as the response, was dropped. Delaying responses by one microtask keeps the
 * order the server sent them in.
 */
function deliverResponsesAfterNotifications(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  transport.onmessage = (message, extra) => {
    if ('id' in message && !('method' in message)) queueMicrotask(() => deliver(message, extra));
    else deliver(message, extra);
  };
}

/**
 * Until a connection says otherwise: a url without type is shown as Streamable HTTP, its first try.
 * Read from the entry as written, so that one with a problem still shows what it was meant to be.
 */
export function expectedTransport(definition: ServerDefinition): TransportType {
  const asked = transportOf(definition.entry);
  return asked === 'http-auto' ? 'streamable-http' : asked;
}
