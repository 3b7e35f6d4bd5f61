import type { JSONRPCMessage, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '../../../shared/is-record.js';
import { mcpHeaderValue } from '../../../shared/mcp-header-value.js';
import { SseParser } from '../../../shared/sse.js';

const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';
/** The body field each method's `Mcp-Name` header carries (2026-07-28, transports). */
const NAME_FIELD: Record<string, 'name' | 'uri'> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** The MCP version a message's envelope claims (2026-07-28 and later put it in each request's `_meta`). */
export function claimedVersion(message: JSONRPCMessage): string | undefined {
  if (!('method' in message) || !isRecord(message.params) || !isRecord(message.params['_meta'])) return undefined;
  const version = message.params['_meta'][PROTOCOL_VERSION_META_KEY];
  return typeof version === 'string' ? version : undefined;
}

export interface ModernRelayOptions {
  url: URL;
  headers: Record<string, string>;
  send: (message: JSONRPCMessage) => void;
  report: (message: string) => void;
  /** The hub did not answer: resolves true once it is back (a restart), false when it stays away. */
  hubBack: () => Promise<boolean>;
}

/**
 * The stdio bridge's side for 2026-07-28 clients: each request becomes its own POST with the
 * era's headers, and what the hub answers (one JSON body, or an event stream of progress, log
 * messages and the result; a `subscriptions/listen` stream for as long as it lasts) goes to the
 * client as it comes. The client's `notifications/cancelled` closes the request's POST, which is
 * how the era cancels over HTTP. There is no session: a hub that restarts is simply asked again.
 */
export class ModernRelay {
  private readonly open = new Map<RequestId, AbortController>();

  constructor(private readonly options: ModernRelayOptions) {}

  /** Whether the message is this relay's: a request claiming the envelope, or the cancel of one in flight. */
  claims(message: JSONRPCMessage): boolean {
    if ('method' in message && message.method === 'notifications/cancelled') {
      const id = isRecord(message.params) ? message.params['requestId'] : undefined;
      return (typeof id === 'string' || typeof id === 'number') && this.open.has(id);
    }
    return 'id' in message && claimedVersion(message) !== undefined;
  }

  relay(message: JSONRPCMessage): void {
    if (!('method' in message)) return;
    if (!('id' in message)) {
      const id = (message.params as { requestId: RequestId }).requestId;
      this.open.get(id)?.abort();
      this.open.delete(id);
      return;
    }
    const controller = new AbortController();
    this.open.set(message.id, controller);
    void this.post(message, controller.signal)
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        this.options.report(`mcp-hub stdio: ${message.method} failed: ${(error as Error).message}`);
        this.options.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: `The hub could not be reached: ${(error as Error).message}` } });
      })
      .finally(() => {
        if (this.open.get(message.id) === controller) this.open.delete(message.id);
      });
  }

  close(): void {
    for (const controller of this.open.values()) controller.abort();
    this.open.clear();
  }

  private async post(message: JSONRPCRequest, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await this.fetch(message, signal);
    } catch (error) {
      // Nothing answered (a hub restarting): no session to lose, so the same request once it is back.
      if (signal.aborted || !(await this.options.hubBack())) throw error;
      response = await this.fetch(message, signal);
    }
    if (response.headers.get('content-type')?.startsWith('text/event-stream') && response.body) {
      const parser = new SseParser((frame) => this.forward(frame.data, message.id));
      const decoder = new TextDecoder();
      for await (const chunk of response.body) parser.push(decoder.decode(chunk as Uint8Array, { stream: true }));
      return;
    }
    const text = await response.text();
    if (!this.forward(text, message.id)) {
      this.options.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: `The hub answered HTTP ${response.status} without a JSON-RPC message` } });
    }
  }

  private fetch(message: JSONRPCRequest, signal: AbortSignal): Promise<Response> {
    const field = NAME_FIELD[message.method];
    const name = field && isRecord(message.params) ? message.params[field] : undefined;
    return fetch(this.options.url, {
      method: 'POST',
      signal,
      headers: {
        ...this.options.headers,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': claimedVersion(message)!,
        'mcp-method': message.method,
        ...(typeof name === 'string' && { 'mcp-name': mcpHeaderValue(name) }),
      },
      body: JSON.stringify(message),
    });
  }

  /** Passes one message the hub sent about request `id` to the client; false if it is none. */
  private forward(data: string, id: RequestId): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return false;
    }
    if (!isRecord(parsed) || parsed['jsonrpc'] !== '2.0') return false;
    // A 202 or an error without an id (refused before the hub could read it) is still about this request.
    this.options.send(('error' in parsed && parsed['id'] == null ? { ...parsed, id } : parsed) as JSONRPCMessage);
    return true;
  }
}
