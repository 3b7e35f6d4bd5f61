import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
  type LoggingMessageNotification,
  type Result,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { TransportType } from '../../../shared/status.js';
import type { ResolvedServer } from '../config/resolve.js';
import type { Logger } from '../log.js';
import { OnDemandValidator } from '../on-demand-validator.js';
import type { CatalogKind } from './catalog-fetch.js';
import type { LogBuffer, LogLevel } from './log-buffer.js';
import type { OAuthChoice } from './oauth-choice.js';
import { megabytes } from './line-reader.js';
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
}

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
      return this.handshake(transport, attempt);
    }
    const oauth = this.options.oauth.for(resolved);
    const options = { requestInit: { headers: resolved.headers }, ...(oauth && { fetch: oauth.authorizedFetch }) };
    if (resolved.transport === 'sse') {
      this.type = 'sse';
      return this.handshake(new SSEClientTransport(resolved.url, options), attempt);
    }
    this.type = 'streamable-http';
    try {
      return await this.handshake(new StreamableHTTPClientTransport(resolved.url, options), attempt);
    } catch (error) {
      if (resolved.transport !== 'http-auto' || isUnauthorized(error) || !attempt.isCurrent()) throw error;
      this.options.log.info({ reason: errorMessage(error) }, 'Streamable HTTP failed, trying the SSE transport');
      this.type = 'sse';
      return this.handshake(new SSEClientTransport(resolved.url, options), attempt);
    }
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

  private async handshake(transport: Transport, attempt: Attempt): Promise<Client> {
    const client = this.createClient();
    this.transport = transport;
    client.onclose = () => attempt.onClose(client);
    client.onerror = (error) => attempt.onError(client, error);
    await client.connect(transport, { timeout: this.options.connectTimeoutMs });
    deliverResponsesAfterNotifications(transport);
    return client;
  }

  private createClient(): Client {
    const capabilities = this.options.capabilities();
    const client = new Client(this.options.clientInfo, { capabilities, jsonSchemaValidator: new OnDemandValidator() });
    const { messages, logs } = this.options;
    // Only what was declared: the SDK refuses a handler for a capability the client does not have.
    if (capabilities.sampling) client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => messages.request(request, extra.signal) as never);
    if (capabilities.elicitation) client.setRequestHandler(ElicitRequestSchema, (request, extra) => messages.request(request, extra.signal) as never);
    if (capabilities.roots) client.setRequestHandler(ListRootsRequestSchema, (request, extra) => messages.request(request, extra.signal) as never);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => messages.listChanged(client, 'tools'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => messages.listChanged(client, 'resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => messages.listChanged(client, 'prompts'));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => messages.resourceUpdated(n.params.uri));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      const data = n.params.data;
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      logs.add('server', n.params.level as LogLevel, n.params.logger ? `[${n.params.logger}] ${text}` : text);
      messages.logMessage(n.params);
    });
    return client;
  }
}

export function isUnauthorized(error: unknown): boolean {
  if (error instanceof UnauthorizedError) return true;
  if (error instanceof StreamableHTTPError || error instanceof SseError) return error.code === 401;
  return false;
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
