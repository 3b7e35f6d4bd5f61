import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { frameOfEvent, type EventFrame } from '../../../shared/event-frames.js';
import type { HubEvent } from '../../../shared/events.js';
import type { ConnectionReport } from '../service/context.js';
import { EVENT_STREAM_HEADERS, sseEvent } from './event-stream-response.js';

interface NumberedFrame extends EventFrame {
  id: number;
}

interface StreamClient {
  id: string;
  res: Response;
  connectedAt: string;
  lastEventAt: string | null;
}

export interface EventStreamOptions {
  /** Where the events come from: the service layer, which has blanked out the secrets. */
  subscribe: (listener: (event: HubEvent) => void) => () => void;
  /** The hub's state as an event: what a new client learns first. */
  currentState: () => Extract<HubEvent, { type: 'hub_state' }>;
  /** Events kept for clients that reconnect with Last-Event-ID. */
  bufferSize?: number;
  heartbeatMs?: number;
  /** Called when a client connects or leaves (auto-shutdown counts them). */
  onClientsChanged?: () => void;
}

/**
 * `/api/events`: the hub's events as Server-Sent Events, in mcp-hub v4's names and payloads.
 * Every frame starts with its `event:` line (mcphub.nvim reads only blocks that do) and has an
 * `id`; a client that reconnects with `Last-Event-ID` receives the frames it missed from a bounded
 * buffer, then live ones.
 */
export class EventStream {
  private readonly clients = new Map<string, StreamClient>();
  private readonly buffer: NumberedFrame[] = [];
  private nextId = 1;
  private readonly bufferSize: number;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: EventStreamOptions) {
    this.bufferSize = options.bufferSize ?? 1_000;
    this.unsubscribe = options.subscribe((event) => this.publish(event));
    this.heartbeat = setInterval(() => this.sendHeartbeat(), options.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  report(): Omit<ConnectionReport, 'mcpSessions'> {
    return {
      totalConnections: this.clients.size,
      connections: [...this.clients.values()].map(({ id, connectedAt, lastEventAt }) => ({ id, state: 'connected', connectedAt, lastEventAt })),
    };
  }

  /** The express handler of `GET /api/events`. */
  handle = (req: Request, res: Response): void => {
    res.writeHead(200, EVENT_STREAM_HEADERS);
    res.flushHeaders();
    const client: StreamClient = { id: randomUUID(), res, connectedAt: new Date().toISOString(), lastEventAt: null };
    this.clients.set(client.id, client);
    this.options.onClientsChanged?.();
    req.on('close', () => {
      this.clients.delete(client.id);
      this.options.onClientsChanged?.();
    });

    const lastEventId = Number(req.headers['last-event-id']);
    if (Number.isInteger(lastEventId) && lastEventId > 0) {
      for (const frame of this.buffer) if (frame.id > lastEventId) this.write(client, frame);
    } else {
      // A new client first learns the hub's state, as with mcp-hub v4 (not numbered: it is a snapshot).
      this.write(client, frameOfEvent(this.options.currentState()));
    }
  };

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.unsubscribe();
    for (const client of this.clients.values()) client.res.end();
    this.clients.clear();
  }

  private publish(event: HubEvent): void {
    const frame: NumberedFrame = { id: this.nextId++, ...frameOfEvent(event) };
    this.buffer.push(frame);
    if (this.buffer.length > this.bufferSize) this.buffer.shift();
    for (const client of this.clients.values()) this.write(client, frame);
  }

  private sendHeartbeat(): void {
    for (const client of this.clients.values()) writeFrame(client.res, { event: 'heartbeat', data: { connections: this.clients.size } });
  }

  private write(client: StreamClient, frame: EventFrame & { id?: number }): void {
    writeFrame(client.res, frame);
    client.lastEventAt = new Date().toISOString();
  }
}

function writeFrame(res: Response, frame: { event: string; data: Record<string, unknown>; id?: number }): void {
  res.write(sseEvent(JSON.stringify({ ...frame.data, timestamp: new Date().toISOString() }), frame.id === undefined ? undefined : String(frame.id), frame.event));
}
