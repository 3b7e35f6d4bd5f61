import { createStore } from 'zustand/vanilla';
import type { HubClient } from '../../../shared/hub-client.js';
import type { HubEvent } from '../../../shared/events.js';
import type { SessionInfo } from '../../../shared/sessions.js';
import { errorMessage } from '../../../shared/errors.js';

export interface SessionsState {
  /** The MCP clients connected to the hub now, as the hub last listed them. */
  sessions: SessionInfo[];
  phase: 'loading' | 'ready' | 'error';
  error: string | undefined;
  load(): Promise<void>;
  apply(event: HubEvent): void;
}

export type SessionsStore = ReturnType<typeof createSessionsStore>;

/**
 * Connected clients, read once and then kept from `sessions_changed` events, which carry the
 * whole list: the latest event wins over a read still on its way.
 */
export function createSessionsStore(client: HubClient) {
  let version = 0;
  return createStore<SessionsState>()((set, get) => ({
    sessions: [],
    phase: 'loading',
    error: undefined,
    async load() {
      const seq = ++version;
      try {
        const { sessions } = await client.invoke('listSessions', {});
        if (seq === version) set({ sessions, phase: 'ready', error: undefined });
      } catch (error) {
        if (seq === version) set({ phase: get().phase === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
      }
    },
    apply(event) {
      if (event.type === 'sessions_changed') {
        version++;
        set({ sessions: event.data.sessions, phase: 'ready', error: undefined });
      } else if (event.type === 'hub_state' && (event.data.state === 'ready' || event.data.state === 'restarted')) {
        void get().load();
      }
    },
  }));
}
