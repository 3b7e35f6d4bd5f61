import { EventEmitter } from 'node:events';
import type { HubEventMap } from '../../shared/events.js';

/** The hub's one event bus; SSE, IPC and the tray are only subscribers. */
export class HubEventBus extends EventEmitter<{ [K in keyof HubEventMap]: [HubEventMap[K]] }> {
  constructor() {
    super();
    // Every SSE client and window subscribes; dozens are normal, not a leak.
    this.setMaxListeners(0);
  }
}
