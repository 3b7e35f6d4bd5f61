import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionEventStore } from './event-store.js';

const message = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, result: {} });
const replay = (store: SessionEventStore, after: string): string[] => store.after(after).map((event) => event.id);

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionEventStore', () => {
  it('replays the events of one stream after the given one', () => {
    const store = new SessionEventStore();
    const a1 = store.store('a', message(1));
    store.store('b', message(2));
    const a2 = store.store('a', message(3));
    expect(replay(store, a1)).toEqual([a2]);
    expect(store.after(a1)[0]!.data).toBe(message(3));
    expect(store.streamOf(a1)).toBe('a');
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const store = new SessionEventStore(3);
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push(store.store('s', message(i)));
    expect(store.size).toBe(3);
    expect(replay(store, ids[0]!)).toEqual(ids.slice(7));
  });

  it('drops what is older than its age limit, so a long session does not keep every result it was sent', () => {
    vi.useFakeTimers();
    const store = new SessionEventStore(500, 60_000);
    const first = store.store('s', message(1));
    for (let i = 0; i < 100; i++) store.store('s', message(i));
    vi.advanceTimersByTime(61_000);
    const recent = store.store('s', message(999));
    expect(store.size).toBe(1);
    expect(replay(store, first)).toEqual([recent]);
  });

  it('keeps at most its size in bytes, but always the latest message however large', () => {
    const store = new SessionEventStore(500, 60_000, 10_000);
    const big = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, result: { text: 'x'.repeat(3_000) } });
    for (let i = 0; i < 10; i++) store.store('s', big(i));
    expect(store.size).toBe(3);
    const huge = store.store('s', JSON.stringify({ jsonrpc: '2.0', id: 99, result: { text: 'x'.repeat(50_000) } }));
    expect(store.size).toBe(1);
    expect(store.streamOf(huge)).toBe('s');
  });
});
