import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { messageJson } from '../message-json.js';
import { SessionEventStore } from './event-store.js';
import { EventStreamResponse, sseEvent } from './event-stream-response.js';

/**
 * A request still unanswered after this long gets an event stream with a priming event, whose id
 * lets its client resume after a broken connection instead of losing the answer.
 */
const STREAM_AFTER_MS = 1_000;
/** Clients from this protocol version on read an event with an id and no data (priming). */
const PRIMING_SINCE = '2025-11-25';
/** The stream id of the session's GET stream, for messages not about any request. */
const STANDALONE = 'get';

/**
 * The server side of one Streamable HTTP session, on `node:http` (the hub's `/mcp` endpoints).
 *
 * A POST that carries requests is answered with plain JSON, in one write, when nothing but the
 * answers comes back for it, which is what most requests get. The first message about a request
 * that is not its answer (progress, a log line, the upstream server's own request) turns the
 * answer into an event stream, as does a request that takes long; events of streams are kept for
 * `Last-Event-ID` resumption. Messages about no request go to the session's GET stream.
 */
export class StreamableHttpTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** Sent with every answer, so a client that lost it learns it again. */
  readonly headers: OutgoingHttpHeaders;
  readonly store = new SessionEventStore();
  /** The requests still unanswered, and the exchange each one came with. */
  private readonly byRequest = new Map<RequestId, Exchange>();
  /** The exchanges still open, by their stream id. */
  private readonly exchanges = new Map<string, Exchange>();
  private standalone: EventStreamResponse | undefined;
  private nextStream = 0;
  private initialized = false;
  private closed = false;

  constructor(readonly sessionId: string) {
    this.headers = { 'mcp-session-id': sessionId };
  }

  async start(): Promise<void> {}

  /** A POST of this session, with the messages read from its body (see readJsonRpcBody); false if refused. */
  post(req: IncomingMessage, res: ServerResponse, messages: JSONRPCMessage[]): boolean {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return this.refuse(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    const initializing = messages.some((message) => 'method' in message && message.method === 'initialize');
    if (initializing) {
      if (this.initialized) return this.refuse(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return this.refuse(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.initialized = true;
    } else if (!this.versionAccepted(req, res)) return false;
    if (this.closed) return this.refuse(res, 404, -32001, 'Session not found');
    const ids: RequestId[] = [];
    for (const message of messages) {
      if (!('method' in message) || !('id' in message)) continue;
      if (this.byRequest.has(message.id) || ids.includes(message.id)) {
        return this.refuse(res, 400, -32600, `Invalid Request: request id ${JSON.stringify(message.id)} is already in use`);
      }
      ids.push(message.id);
    }
    if (ids.length === 0) {
      res.writeHead(202, this.headers).end();
    } else {
      const version = initializing ? String((messages[0] as { params?: { protocolVersion?: unknown } }).params?.protocolVersion) : req.headers['mcp-protocol-version'];
      const exchange = new Exchange(this, `${++this.nextStream}`, res, ids, typeof version === 'string' && version >= PRIMING_SINCE);
      this.exchanges.set(exchange.streamId, exchange);
      for (const id of ids) this.byRequest.set(id, exchange);
    }
    for (const message of messages) this.onmessage?.(message);
    return true;
  }

  /**
   * A GET: the session's stream for messages about no request, or the resumption of a broken one
   * (`Last-Event-ID`), which takes the place of the connection it replaces.
   */
  get(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      this.refuse(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
      return;
    }
    if (!this.versionAccepted(req, res)) return;
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string') return this.resume(res, lastEventId);
    if (this.standalone?.open) {
      this.refuse(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
      return;
    }
    this.standalone = new EventStreamResponse(res, this.headers, true);
  }

  /** A DELETE: the client ends the session. */
  async delete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.versionAccepted(req, res)) return;
    res.writeHead(200, this.headers).end();
    await this.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) return;
    if (!('method' in message)) {
      // An answer whose request is unknown was for a session's earlier life or a POST refused: nobody waits for it.
      const exchange = message.id === undefined ? undefined : this.byRequest.get(message.id);
      if (!exchange) return;
      this.byRequest.delete(message.id!);
      if (exchange.answer(message.id!, messageJson(message))) this.exchanges.delete(exchange.streamId);
      return;
    }
    const related = options?.relatedRequestId === undefined ? undefined : this.byRequest.get(options.relatedRequestId);
    // About a request already answered, or about none: the session's own stream carries it.
    if (related) related.push(JSON.stringify(message));
    else if (this.standalone) {
      const data = JSON.stringify(message);
      this.standalone.write(sseEvent(data, this.store.store(STANDALONE, data)));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const exchange of this.exchanges.values()) exchange.end();
    this.exchanges.clear();
    this.byRequest.clear();
    this.standalone?.end();
    this.onclose?.();
  }

  private resume(res: ServerResponse, lastEventId: string): void {
    const streamId = this.store.streamOf(lastEventId);
    if (streamId === undefined) {
      this.refuse(res, 400, -32000, 'Invalid event ID format');
      return;
    }
    const replay = this.store.after(lastEventId).map((event) => sseEvent(event.data, event.id));
    if (streamId === STANDALONE) {
      this.standalone?.end();
      this.standalone = new EventStreamResponse(res, this.headers, true);
      this.standalone.write(replay.join(''));
      return;
    }
    const exchange = this.exchanges.get(streamId);
    if (!exchange) {
      // Every request of that stream has been answered since: what it missed, then the end.
      new EventStreamResponse(res, this.headers, false).end(replay.join(''));
      return;
    }
    exchange.attach(res, replay.join(''));
  }

  /** Whether the request names a protocol version the hub speaks, or none; refused if not. */
  private versionAccepted(req: IncomingMessage, res: ServerResponse): boolean {
    const version = req.headers['mcp-protocol-version'];
    if (version === undefined || (typeof version === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(version))) return true;
    this.refuse(res, 400, -32000, `Bad Request: Unsupported protocol version: ${String(version)} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
    return false;
  }

  private refuse(res: ServerResponse, status: number, code: number, message: string): false {
    sendJsonRpcError(res, status, code, message, this.headers);
    return false;
  }
}

/**
 * The requests of one POST and the answer to it: JSON while only their answers come, an event
 * stream (id'd, kept for resumption) from the first other message on.
 */
class Exchange {
  /** The answers in the order of the requests; undefined until each comes. */
  private readonly answers = new Map<RequestId, string | undefined>();
  private unanswered: number;
  private streaming = false;
  private stream: EventStreamResponse | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly transport: StreamableHttpTransport,
    readonly streamId: string,
    private readonly post: ServerResponse,
    ids: RequestId[],
    primes: boolean,
  ) {
    for (const id of ids) this.answers.set(id, undefined);
    this.unanswered = ids.length;
    if (primes) {
      this.timer = setTimeout(() => this.startStream(true), STREAM_AFTER_MS);
      this.timer.unref();
    }
  }

  /** A message of the server's about these requests (progress, a log line, a request of its own). */
  push(data: string): void {
    if (!this.streaming) this.startStream(false);
    this.emit(data, false);
  }

  /** One request's answer; true once every request of the POST has one. */
  answer(id: RequestId, data: string): boolean {
    this.answers.set(id, data);
    const last = --this.unanswered === 0;
    if (this.streaming) this.emit(data, last);
    else if (last) this.respondJson();
    if (last) clearTimeout(this.timer);
    return last;
  }

  /**
   * A client resuming this stream after its connection broke: what it missed, then the rest as it
   * comes. The connection it says it lost may not have looked closed here yet; it is let go.
   */
  attach(res: ServerResponse, missed: string): void {
    clearTimeout(this.timer);
    this.stream?.end();
    this.streaming = true;
    this.stream = new EventStreamResponse(res, this.transport.headers, true);
    this.stream.write(missed);
  }

  /** The session ended before every answer came: the client is told so, not left waiting. */
  end(): void {
    for (const [id, data] of this.answers) {
      if (data === undefined) this.answer(id, JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32000, message: 'The session ended before this request was answered' } }));
    }
  }

  private respondJson(): void {
    if (this.post.destroyed || this.post.writableEnded) return;
    const answers = [...this.answers.values()];
    const body = answers.length === 1 ? answers[0]! : `[${answers.join(',')}]`;
    this.post.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...this.transport.headers }).end(body);
  }

  private startStream(priming: boolean): void {
    if (this.streaming) return;
    this.streaming = true;
    clearTimeout(this.timer);
    // A client that has gone can come back for what is stored (it knows no event id without priming).
    if (!this.post.destroyed) this.stream = new EventStreamResponse(this.post, this.transport.headers, false);
    // `_0` comes before every event of the stream: resuming from it replays them all.
    if (priming) this.stream?.write(`id: ${this.streamId}_0\ndata: \n\n`);
    // A batch's answers that came before this switch.
    for (const data of this.answers.values()) if (data !== undefined) this.emit(data, false);
  }

  private emit(data: string, last: boolean): void {
    const event = sseEvent(data, this.transport.store.store(this.streamId, data));
    if (last) this.stream?.end(event);
    else this.stream?.write(event);
  }
}

/** A JSON-RPC error as the whole answer to an HTTP request. */
export function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers: OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }).end(body);
}
