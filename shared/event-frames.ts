import { HUB_EVENT_NAMES, type HubEvent, type HubEventName } from './events.js';

const EVENT_NAMES = new Set<string>(HUB_EVENT_NAMES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One frame of `/api/events` (mcp-hub v4's SSE names and payloads) back as the hub event it was
 * made from; undefined for heartbeats and for frames this version does not know.
 */
export function eventFromFrame(event: string, payload: unknown): HubEvent | undefined {
  if (!isRecord(payload)) return undefined;
  const { timestamp: _timestamp, ...data } = payload;
  if (event === 'hub_state') return { type: 'hub_state', data } as HubEvent;
  if (event === 'log') {
    const { data: extra, ...rest } = data;
    return { type: 'log', data: { ...rest, ...(isRecord(extra) ? extra : {}) } } as HubEvent;
  }
  if (event === 'subscription_event') {
    const { type, ...rest } = data;
    if (typeof type !== 'string' || !EVENT_NAMES.has(type)) return undefined;
    return { type: type as HubEventName, data: rest } as HubEvent;
  }
  return undefined;
}
