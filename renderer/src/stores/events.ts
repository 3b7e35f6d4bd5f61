import { createStore } from 'zustand/vanilla';
import type { HubEvent } from '../../../shared/events.js';

export interface EventRecord {
  /** Position in this window's stream, for keys and ordering. */
  seq: number;
  receivedAt: number;
  event: HubEvent;
}

export interface EventsState {
  /** The latest events, oldest first, at most `capacity`. */
  records: EventRecord[];
  capacity: number;
  /** While paused, new events wait in `held` and the list stands still. */
  paused: boolean;
  held: EventRecord[];
  add(event: HubEvent): void;
  setPaused(paused: boolean): void;
  clear(): void;
}

export type EventsStore = ReturnType<typeof createEventsStore>;

/** The live event list, bounded so that a window left open for days keeps a flat memory. */
export function createEventsStore(capacity = 2_000) {
  let seq = 0;
  const bounded = (records: EventRecord[]) => (records.length > capacity ? records.slice(records.length - capacity) : records);
  return createStore<EventsState>()((set) => ({
    records: [],
    capacity,
    paused: false,
    held: [],
    add(event) {
      const record = { seq: ++seq, receivedAt: Date.now(), event };
      set((state) => (state.paused ? { held: bounded([...state.held, record]) } : { records: bounded([...state.records, record]) }));
    },
    setPaused(paused) {
      set((state) => (paused ? { paused } : { paused, records: bounded([...state.records, ...state.held]), held: [] }));
    },
    clear() {
      set({ records: [], held: [] });
    },
  }));
}
