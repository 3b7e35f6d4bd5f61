import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

interface StoredEvent {
  id: string;
  streamId: string;
  message: JSONRPCMessage;
  storedAt: number;
  bytes: number;
}

/**
 * The messages of one session's streams, so a client whose SSE stream broke can resume with
 * `Last-Event-ID` without losing a response. Bounded in count, in size and in age: every response
 * a client receives passes through here, and a long session must not keep hours (or hundreds of
 * megabytes) of tool results alive. Clients resume within seconds; what is older is dropped first,
 * but never the latest message.
 */
export class SessionEventStore implements EventStore {
  private readonly events: StoredEvent[] = [];
  private next = 0;
  private bytes = 0;

  constructor(
    private readonly capacity = 500,
    private readonly maxAgeMs = 5 * 60_000,
    private readonly maxBytes = 4 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.events.length;
  }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}_${++this.next}`;
    const storedAt = Date.now();
    const bytes = JSON.stringify(message).length;
    this.events.push({ id, streamId, message, storedAt, bytes });
    this.bytes += bytes;
    const cutoff = storedAt - this.maxAgeMs;
    let drop = Math.max(0, this.events.length - this.capacity);
    let kept = this.bytes - this.events.slice(0, drop).reduce((sum, event) => sum + event.bytes, 0);
    while (drop < this.events.length - 1 && (this.events[drop]!.storedAt < cutoff || kept > this.maxBytes)) kept -= this.events[drop++]!.bytes;
    if (drop > 0) this.events.splice(0, drop);
    this.bytes = kept;
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.find((event) => event.id === eventId)?.streamId ?? streamOf(eventId);
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const streamId = streamOf(lastEventId);
    if (!streamId) throw new Error(`Unknown event id: ${lastEventId}`);
    const after = Number(lastEventId.slice(streamId.length + 1));
    for (const event of this.events) {
      if (event.streamId === streamId && Number(event.id.slice(streamId.length + 1)) > after) await send(event.id, event.message);
    }
    return streamId;
  }
}

function streamOf(eventId: string): string | undefined {
  const cut = eventId.lastIndexOf('_');
  return cut > 0 ? eventId.slice(0, cut) : undefined;
}
