import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { HubClient } from '../../../shared/hub-client.js';
import { createConnectionStore, type ConnectionStore, type ConnectionStoreState } from '../stores/connection.js';
import { createEventsStore, type EventsState, type EventsStore } from '../stores/events.js';
import { createServersStore, type ServersState, type ServersStore } from '../stores/servers.js';
import { createSessionsStore, type SessionsState, type SessionsStore } from '../stores/sessions.js';

export interface AppStores {
  client: HubClient;
  servers: ServersStore;
  sessions: SessionsStore;
  events: EventsStore;
  connection: ConnectionStore;
  /** Stops listening to the hub. */
  dispose(): void;
}

/**
 * The window's state, fed by one subscription to the hub's events. Whenever the event stream
 * (re)opens, the server list and the connected clients are re-read: events missed while it was
 * down may not all replay.
 */
export function createAppStores(client: HubClient): AppStores {
  const servers = createServersStore(client);
  const sessions = createSessionsStore(client);
  const events = createEventsStore();
  const connection = createConnectionStore();
  const unsubscribe = client.subscribe((event) => {
    events.getState().add(event);
    servers.getState().apply(event);
    sessions.getState().apply(event);
  });
  let openedBefore = false;
  const offConnection = client.onConnection((state, error) => {
    connection.setState({ state, error, needsToken: state === 'reconnecting' && /^401\b/.test(error ?? '') });
    if (state !== 'open') return;
    if (openedBefore) {
      void servers.getState().load();
      void sessions.getState().load();
    }
    openedBefore = true;
  });
  void servers.getState().load();
  void sessions.getState().load();
  return {
    client,
    servers,
    sessions,
    events,
    connection,
    dispose() {
      unsubscribe();
      offConnection();
    },
  };
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useAppStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useAppStores outside <StoresProvider>');
  return stores;
}

/** The hub client, for the operations a page performs. */
export function useHub(): HubClient {
  return useAppStores().client;
}

export function useServers<T>(selector: (state: ServersState) => T): T {
  return useStore(useAppStores().servers, selector);
}

export function useSessions<T>(selector: (state: SessionsState) => T): T {
  return useStore(useAppStores().sessions, selector);
}

export function useEvents<T>(selector: (state: EventsState) => T): T {
  return useStore(useAppStores().events, selector);
}

export function useConnection<T>(selector: (state: ConnectionStoreState) => T): T {
  return useStore(useAppStores().connection, selector);
}
