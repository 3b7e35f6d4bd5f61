import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { SessionEventStore } from './event-store.js';

const message = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: {} });

async function replay(store: SessionEventStore, after: string): Promise<string[]> {
  const ids: string[] = [];
  await store.replayEventsAfter(after, { send: async (id) => void ids.push(id) });
  return ids;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionEventStore', () => {
  it('replays the events of one stream after the given one', async () => {
    const store = new SessionEventStore();
    const a1 = await store.storeEvent('a', message(1));
    await store.storeEvent('b', message(2));
    const a2 = await store.storeEvent('a', message(3));
    expect(await replay(store, a1)).toEqual([a2]);
    expect(await store.getStreamIdForEventId(a1)).toBe('a');
  });

  it('keeps at most its capacity, dropping the oldest', async () => {
    const store = new SessionEventStore(3);
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push(await store.storeEvent('s', message(i)));
    expect(store.size).toBe(3);
    expect(await replay(store, ids[0]!)).toEqual(ids.slice(7));
  });

  it('drops what is older than its age limit, so a long session does not keep every result it was sent', async () => {
    vi.useFakeTimers();
    const store = new SessionEventStore(500, 60_000);
    const first = await store.storeEvent('s', message(1));
    for (let i = 0; i < 100; i++) await store.storeEvent('s', message(i));
    vi.advanceTimersByTime(61_000);
    const recent = await store.storeEvent('s', message(999));
    expect(store.size).toBe(1);
    expect(await replay(store, first)).toEqual([recent]);
  });

  it('keeps at most its size in bytes, but always the latest message however large', async () => {
    const store = new SessionEventStore(500, 60_000, 10_000);
    const big = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: { text: 'x'.repeat(3_000) } });
    for (let i = 0; i < 10; i++) await store.storeEvent('s', big(i));
    expect(store.size).toBe(3);
    const huge = await store.storeEvent('s', { jsonrpc: '2.0', id: 99, result: { text: 'x'.repeat(50_000) } });
    expect(store.size).toBe(1);
    expect(await store.getStreamIdForEventId(huge)).toBe('s');
  });
});
