import { EventEmitter } from 'node:events';
import { HUB_EVENT_NAMES, type HubEvent, type HubEventMap } from '../../shared/events.js';

/** The hub's one event bus; the service layer is its one subscriber outside the core. */
export class HubEventBus extends EventEmitter<{ [K in keyof HubEventMap]: [HubEventMap[K]] }> {
  constructor() {
    super();
    // Every session and subscriber listens; dozens are normal, not a leak.
    this.setMaxListeners(0);
  }

  /** Calls `listener` with every event, as `{type, data}`; returns the unsubscribe function. */
  onAny(listener: (event: HubEvent) => void): () => void {
    const offs = HUB_EVENT_NAMES.map((type) => {
      const forward = (data: unknown) => listener({ type, data } as HubEvent);
      (this as EventEmitter).on(type, forward);
      return () => (this as EventEmitter).off(type, forward);
    });
    return () => offs.forEach((off) => off());
  }
}
