import type { HubEvent, ServerChangeSet } from '../../../../shared/events.js';
import type { EventRecord } from '../../stores/events.js';

/** One line about an event, for the list: what happened, in the API's words. */
export function summary(event: HubEvent): string {
  switch (event.type) {
    case 'tool_call': {
      const { server, tool, via, ok, error } = event.data;
      return `${server} · ${tool} via ${via}${ok ? '' : ` — ${error ?? 'error'}`}`;
    }
    case 'server_status': {
      const { server, previous, status, error } = event.data;
      return `${server}: ${previous} → ${status}${error ? ` — ${error}` : ''}`;
    }
    case 'log': {
      const { type, message, server } = event.data;
      return `${type}${server ? ` ${server}` : ''}: ${message}`;
    }
    case 'hub_state':
      return `hub ${event.data.state}${event.data.message ? ` — ${event.data.message}` : ''}`;
    case 'config_changed':
      return event.data.error ? `not applied: ${event.data.error}` : event.data.isSignificant ? 'servers changed' : 'no server changed';
    case 'servers_updating':
    case 'servers_updated':
      return changes(event.data.changes);
    case 'tool_list_changed':
    case 'resource_list_changed':
    case 'prompt_list_changed':
      return event.data.server;
    case 'workspaces_updated': {
      const count = Object.keys(event.data.workspaces).length;
      return `${count} hub${count === 1 ? '' : 's'} running on this machine`;
    }
    case 'sessions_changed': {
      const count = event.data.sessions.length;
      return `${count} client${count === 1 ? '' : 's'} connected`;
    }
    case 'tool_changed': {
      const names = event.data.tools.map((tool) => tool.tool).join(', ');
      return `${event.data.server}: held back until approved — ${names}`;
    }
  }
}

function changes(set: ServerChangeSet): string {
  const parts = (['added', 'removed', 'modified'] as const)
    .filter((key) => (set[key]?.length ?? 0) > 0)
    .map((key) => `${key} ${set[key]!.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'no changes';
}

/** The server an event is about, to link to its page. */
export function serverOf(event: HubEvent): string | undefined {
  switch (event.type) {
    case 'tool_call':
    case 'server_status':
    case 'tool_list_changed':
    case 'resource_list_changed':
    case 'prompt_list_changed':
      return event.data.server;
    case 'log':
      return event.data.server;
    default:
      return undefined;
  }
}

/** Whether the event reports something that went wrong, to mark it in the list. */
export function isFailure(event: HubEvent): boolean {
  switch (event.type) {
    case 'tool_call':
      return !event.data.ok;
    case 'server_status':
      return event.data.status === 'error';
    case 'log':
      return event.data.type === 'error';
    case 'config_changed':
      return event.data.error !== undefined;
    case 'hub_state':
      return event.data.state === 'error';
    default:
      return false;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `14:03:07.120`: events come in bursts, so milliseconds matter. */
export function absoluteTime(time: number): string {
  const date = new Date(time);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export function relativeTime(time: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - time) / 1_000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * The text search looks in: the event's JSON, lower-cased, made once per record (records never
 * change) and dropped with it.
 */
const searchTexts = new WeakMap<EventRecord, string>();

export function searchText(record: EventRecord): string {
  let text = searchTexts.get(record);
  if (text === undefined) {
    text = JSON.stringify(record.event).toLowerCase();
    searchTexts.set(record, text);
  }
  return text;
}

/** The record with this seq; records are in seq order. */
export function findRecord(records: readonly EventRecord[], seq: number): EventRecord | undefined {
  let low = 0;
  let high = records.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const record = records[middle]!;
    if (record.seq === seq) return record;
    if (record.seq < seq) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
