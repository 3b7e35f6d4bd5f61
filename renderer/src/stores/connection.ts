import { createStore } from 'zustand/vanilla';
import type { ConnectionState } from '../../../shared/hub-client.js';

export interface ConnectionStoreState {
  state: ConnectionState;
  /** Why the event stream dropped, while it is reconnecting. */
  error: string | undefined;
  /** The hub requires an API token this window does not have (HTTP only). */
  needsToken: boolean;
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;

export function createConnectionStore() {
  return createStore<ConnectionStoreState>()(() => ({ state: 'connecting', error: undefined, needsToken: false }));
}
