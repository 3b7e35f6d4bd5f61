import { createStore } from 'zustand/vanilla';
import type { HubClient } from '../../../shared/hub-client.js';
import type { HubEvent } from '../../../shared/events.js';
import type { ServerInfo } from '../../../shared/status.js';
import { errorMessage } from '../../../shared/errors.js';

export interface ServersState {
  /** Every configured server by name, as the hub last described it. */
  servers: Record<string, ServerInfo>;
  /** Names in the hub's order (config order). */
  names: string[];
  phase: 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** Re-reads every server. */
  load(): Promise<void>;
  /** Re-reads one server (after an event about it). */
  refresh(name: string): Promise<void>;
  /** Folds a hub event into the state; events name what changed, the hub is asked for the rest. */
  apply(event: HubEvent): void;
}

export type ServersStore = ReturnType<typeof createServersStore>;

/**
 * Server state kept live from hub events, never polled. An event that changes one server
 * re-reads that server (coalesced: one request in flight per server, one more if something
 * changed meanwhile); events that can change the set of servers re-read the list.
 */
export function createServersStore(client: HubClient) {
  let loadSeq = 0;
  const inFlight = new Map<string, { again: boolean }>();

  return createStore<ServersState>()((set, get) => {
    const refresh = async (name: string): Promise<void> => {
      const running = inFlight.get(name);
      if (running) {
        running.again = true;
        return;
      }
      const entry = { again: false };
      inFlight.set(name, entry);
      try {
        do {
          entry.again = false;
          const seqAtStart = loadSeq;
          try {
            const { server } = await client.invoke('getServer', { server_name: name });
            // A full reload that started meanwhile knows better.
            if (seqAtStart !== loadSeq && get().phase === 'loading') continue;
            set((state) => ({
              servers: { ...state.servers, [name]: server },
              names: state.names.includes(name) ? state.names : [...state.names, name],
            }));
          } catch (error) {
            // Removed meanwhile: the list reload that follows a removal settles it.
            if ((error as { status?: number }).status === 404) {
              set((state) => {
                const { [name]: _gone, ...servers } = state.servers;
                return { servers, names: state.names.filter((n) => n !== name) };
              });
            }
          }
        } while (entry.again);
      } finally {
        inFlight.delete(name);
      }
    };

    return {
      servers: {},
      names: [],
      phase: 'loading',
      error: undefined,
      async load() {
        const seq = ++loadSeq;
        try {
          const { servers } = await client.invoke('listServers', {});
          if (seq !== loadSeq) return;
          set({
            servers: Object.fromEntries(servers.map((server) => [server.name, server])),
            names: servers.map((server) => server.name),
            phase: 'ready',
            error: undefined,
          });
        } catch (error) {
          if (seq !== loadSeq) return;
          set({ phase: get().phase === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
        }
      },
      refresh,
      apply(event) {
        switch (event.type) {
          case 'server_status': {
            const { server: name, status, error } = event.data;
            const current = get().servers[name];
            // Show the new status at once; the details (counts, uptime) follow from the hub.
            if (current) set((state) => ({ servers: { ...state.servers, [name]: { ...current, status, error } } }));
            void refresh(name);
            break;
          }
          case 'tool_changed':
          case 'tool_list_changed':
          case 'resource_list_changed':
          case 'prompt_list_changed':
            void refresh(event.data.server);
            break;
          case 'servers_updated':
            void get().load();
            break;
          case 'hub_state':
            if (event.data.state === 'ready' || event.data.state === 'restarted') void get().load();
            break;
          default:
            break;
        }
      },
    };
  });
}

/** The tools pinning holds back across every server: their definitions changed, or they are new to a server that holds new tools. */
export function heldToolCount(servers: Record<string, ServerInfo>): number {
  let count = 0;
  for (const server of Object.values(servers)) count += server.hidden.filter((item) => item.held).length;
  return count;
}
