import { parseHubEvent, type HubEvent } from './events.js';
import { isRecord } from './is-record.js';

/**
 * One frame of `/api/events` in mcp-hub v4's names and payloads: an SSE event name and its JSON
 * data. The same frames cross IPC to the desktop window, so both see exactly the same payloads.
 */
export interface EventFrame {
  event: 'hub_state' | 'log' | 'subscription_event';
  data: Record<string, unknown>;
}

/** mcp-hub v4's frame for a hub event. */
export function frameOfEvent(event: HubEvent): EventFrame {
  switch (event.type) {
    case 'hub_state': {
      const { state } = event.data;
      return { event: 'hub_state', data: { ...event.data, server_id: 'mcp-hub', ...(state === 'restarted' && { has_restarted: true }) } };
    }
    case 'log': {
      const { type, message, ...rest } = event.data;
      return { event: 'log', data: { type, message, data: rest } };
    }
    default:
      // Everything else is one of v4's `subscription_event` types, or one of ours added to them.
      return { event: 'subscription_event', data: { type: event.type, ...event.data } };
  }
}

/**
 * A frame back as the hub event it was made from; undefined for heartbeats, for frames this
 * version does not know, and for payloads that do not fit their event's schema.
 */
export function eventOfFrame(event: string, payload: unknown): HubEvent | undefined {
  if (!isRecord(payload)) return undefined;
  const { timestamp: _timestamp, ...data } = payload;
  if (event === 'hub_state') return parseHubEvent('hub_state', data);
  if (event === 'log') {
    const { data: extra, ...rest } = data;
    return parseHubEvent('log', { ...rest, ...(isRecord(extra) ? extra : {}) });
  }
  if (event === 'subscription_event') {
    const { type, ...rest } = data;
    return typeof type === 'string' ? parseHubEvent(type, rest) : undefined;
  }
  return undefined;
}
