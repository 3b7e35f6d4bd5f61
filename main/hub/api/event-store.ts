interface StoredEvent {
  id: string;
  streamId: string;
  /** The message as written on the stream (serialised once, for the wire and for this store). */
  data: string;
  storedAt: number;
}

/**
 * The messages of one session's event streams, so a client whose SSE stream broke can resume with
 * `Last-Event-ID` without losing a response. Bounded in count, in size and in age: every message
 * sent on an event stream passes through here, and a long session must not keep hours (or hundreds
 * of megabytes) of tool results alive. Clients resume within seconds; what is older is dropped
 * first, but never the latest message.
 */
export class SessionEventStore {
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

  /** Keeps a message of a stream; returns its event id. */
  store(streamId: string, data: string): string {
    const id = `${streamId}_${++this.next}`;
    const storedAt = Date.now();
    this.events.push({ id, streamId, data, storedAt });
    this.bytes += data.length;
    const cutoff = storedAt - this.maxAgeMs;
    let drop = Math.max(0, this.events.length - this.capacity);
    let kept = this.bytes;
    for (let i = 0; i < drop; i++) kept -= this.events[i]!.data.length;
    while (drop < this.events.length - 1 && (this.events[drop]!.storedAt < cutoff || kept > this.maxBytes)) kept -= this.events[drop++]!.data.length;
    if (drop > 0) this.events.splice(0, drop);
    this.bytes = kept;
    return id;
  }

  /** The stream an event id belongs to (also for events already dropped: the id names it). */
  streamOf(eventId: string): string | undefined {
    const cut = eventId.lastIndexOf('_');
    return cut > 0 ? eventId.slice(0, cut) : undefined;
  }

  /** The events of the same stream that came after the given one, oldest first. */
  after(eventId: string): { id: string; data: string }[] {
    const streamId = this.streamOf(eventId);
    if (!streamId) return [];
    const after = Number(eventId.slice(streamId.length + 1));
    return this.events.filter((event) => event.streamId === streamId && Number(event.id.slice(streamId.length + 1)) > after);
  }
}
