import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { HUB_EVENT_NAMES, type HubEventMap, type HubEventName } from '../../../shared/events.js';
import type { HubState } from '../../../shared/status.js';
import type { HubEventBus } from '../events.js';

/** One frame of mcp-hub v4's stream: an SSE event name and its JSON payload. */
interface Frame {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

interface StreamClient {
  id: string;
  res: Response;
  connectedAt: string;
  lastEventAt: string | null;
}

export interface EventStreamOptions {
  /** Events kept for clients that reconnect with Last-Event-ID. */
  bufferSize?: number;
  heartbeatMs?: number;
  /** What `hub_state` frames say besides the event: the process, its port, the current state. */
  hubIdentity: () => { pid: number; port: number; state: HubState };
  /** The current lists of a server, for v4's `*_list_changed` payloads. */
  catalogOf: (server: string) => { tools: unknown[]; resources: unknown[]; resourceTemplates: unknown[]; prompts: unknown[] } | undefined;
  /** Blanks out secret values in every frame. */
  redact: (text: string) => string;
  /** Called when a client connects or leaves (auto-shutdown counts them). */
  onClientsChanged?: () => void;
}

/**
 * `/api/events`: the hub's event bus as Server-Sent Events, in mcp-hub v4's names and payloads.
 * Every frame has an `id`; a client that reconnects with `Last-Event-ID` receives the frames it
 * missed from a bounded buffer, then live ones.
 */
export class EventStream {
  private readonly clients = new Map<string, StreamClient>();
  private readonly buffer: Frame[] = [];
  private nextId = 1;
  private readonly bufferSize: number;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    bus: HubEventBus,
    private readonly options: EventStreamOptions,
  ) {
    this.bufferSize = options.bufferSize ?? 1_000;
    const listeners = HUB_EVENT_NAMES.map((name) => {
      const listener = (data: HubEventMap[typeof name]) => this.publish(name, data);
      bus.on(name, listener);
      return () => bus.off(name, listener);
    });
    this.unsubscribe = () => listeners.forEach((off) => off());
    this.heartbeat = setInterval(() => this.sendHeartbeat(), options.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  connections(): { id: string; state: string; connectedAt: string; lastEventAt: string | null }[] {
    return [...this.clients.values()].map(({ id, connectedAt, lastEventAt }) => ({ id, state: 'connected', connectedAt, lastEventAt }));
  }

  /** The express handler of `GET /api/events`. */
  handle = (req: Request, res: Response): void => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
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
      this.writeUnnumbered(client, 'hub_state', this.hubState(undefined));
    }
  };

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.unsubscribe();
    for (const client of this.clients.values()) client.res.end();
    this.clients.clear();
  }

  private publish<K extends HubEventName>(name: K, data: HubEventMap[K]): void {
    const frame: Frame = { id: this.nextId++, ...this.toV4(name, data) };
    this.buffer.push(frame);
    if (this.buffer.length > this.bufferSize) this.buffer.shift();
    for (const client of this.clients.values()) this.write(client, frame);
  }

  /** mcp-hub v4's frame for one of our events. */
  private toV4<K extends HubEventName>(name: K, data: HubEventMap[K]): { event: string; data: Record<string, unknown> } {
    if (name === 'hub_state') return { event: 'hub_state', data: this.hubState(data as HubEventMap['hub_state']) };
    if (name === 'log') {
      const { type, message, ...rest } = data as HubEventMap['log'];
      return { event: 'log', data: { type, message, data: rest } };
    }
    // Everything else is one of v4's `subscription_event` types, or one of ours added to them.
    return { event: 'subscription_event', data: { type: name, ...this.enrich(name, data) } };
  }

  private enrich<K extends HubEventName>(name: K, data: HubEventMap[K]): Record<string, unknown> {
    const server = (data as { server?: string }).server;
    const lists = server === undefined ? undefined : this.options.catalogOf(server);
    if (!lists) return { ...data };
    if (name === 'tool_list_changed') return { ...data, tools: lists.tools };
    if (name === 'resource_list_changed') return { ...data, resources: lists.resources, resourceTemplates: lists.resourceTemplates };
    if (name === 'prompt_list_changed') return { ...data, prompts: lists.prompts };
    return { ...data };
  }

  private hubState(event: HubEventMap['hub_state'] | undefined): Record<string, unknown> {
    const identity = this.options.hubIdentity();
    const state = event?.state ?? identity.state;
    const extra = event?.message === undefined ? {} : { message: event.message };
    return { state, server_id: 'mcp-hub', pid: identity.pid, port: identity.port, ...extra, ...(state === 'restarted' && { has_restarted: true }) };
  }

  private sendHeartbeat(): void {
    for (const client of this.clients.values()) this.writeUnnumbered(client, 'heartbeat', { connections: this.clients.size });
  }

  private write(client: StreamClient, frame: Frame): void {
    const payload = this.options.redact(JSON.stringify({ ...frame.data, timestamp: new Date().toISOString() }));
    client.res.write(`id: ${frame.id}\nevent: ${frame.event}\ndata: ${payload}\n\n`);
    client.lastEventAt = new Date().toISOString();
  }

  private writeUnnumbered(client: StreamClient, event: string, data: Record<string, unknown>): void {
    const payload = this.options.redact(JSON.stringify({ ...data, timestamp: new Date().toISOString() }));
    client.res.write(`event: ${event}\ndata: ${payload}\n\n`);
  }
}
