import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { messageJson } from '../message-json.js';
import { EventStreamResponse, sseEvent } from './event-stream-response.js';

/**
 * The server side of one session of the HTTP+SSE transport of 2024-11-05 (mcp-hub v4's, and old
 * clients'): everything the hub says goes on the stream the client opened with GET, which first
 * names the URL the client POSTs its messages to.
 */
export class LegacySseTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly sessionId = randomUUID();
  private stream: EventStreamResponse | undefined;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    /** Where the client POSTs (`/messages`, `/mcp/<server>/messages`, …), without the session. */
    private readonly messagesPath: string,
  ) {}

  async start(): Promise<void> {
    this.stream = new EventStreamResponse(this.res, {}, false);
    this.stream.write(sseEvent(`${this.messagesPath}?sessionId=${this.sessionId}`, undefined, 'endpoint'));
    this.stream.onClose(() => void this.close());
  }

  /** A POST to the messages URL: accepted at once; the answers come on the stream. */
  post(res: ServerResponse, messages: JSONRPCMessage[]): void {
    res.writeHead(202, { 'content-type': 'text/plain' }).end('Accepted');
    for (const message of messages) this.onmessage?.(message);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.stream?.write(sseEvent(messageJson(message)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream?.end();
    this.onclose?.();
  }
}
