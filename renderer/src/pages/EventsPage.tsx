import { useDeferredValue, useMemo, useState } from 'react';
import { HUB_EVENT_NAMES, type HubEventName } from '../../../shared/events.js';
import { useConnection, useEvents } from '../app/stores.js';
import { EmptyState } from '../components/States.js';
import type { EventRecord } from '../stores/events.js';
import { findRecord, searchText } from './events/describe.js';
import { EventDetail } from './events/EventDetail.js';
import { EventList, type TimeMode } from './events/EventList.js';
import './EventsPage.css';

const number = new Intl.NumberFormat();

function countByType(records: readonly EventRecord[]): Record<HubEventName, number> {
  const counts = Object.fromEntries(HUB_EVENT_NAMES.map((name) => [name, 0])) as Record<HubEventName, number>;
  for (const { event } of records) counts[event.type]++;
  return counts;
}

/** The hub's live event stream: filter by type, search, pause, and read any event in full. */
export function EventsPage() {
  const records = useEvents((s) => s.records);
  const held = useEvents((s) => s.held.length);
  const paused = useEvents((s) => s.paused);
  const capacity = useEvents((s) => s.capacity);
  const setPaused = useEvents((s) => s.setPaused);
  const clear = useEvents((s) => s.clear);
  const connection = useConnection((s) => s.state);

  const [hidden, setHidden] = useState<ReadonlySet<HubEventName>>(new Set());
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [timeMode, setTimeMode] = useState<TimeMode>('relative');
  // Typing stays responsive while the list catches up.
  const search = useDeferredValue(query.trim().toLowerCase());

  const counts = useMemo(() => countByType(records), [records]);
  const shown = useMemo(() => {
    const result: EventRecord[] = [];
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i]!;
      if (hidden.has(record.event.type)) continue;
      if (search && !searchText(record).includes(search)) continue;
      result.push(record);
    }
    return result;
  }, [records, hidden, search]);

  const toggle = (name: HubEventName) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const filtered = hidden.size > 0 || search !== '';
  const selectedRecord = selected === undefined ? undefined : findRecord(records, selected);

  return (
    <div className="events-page">
      <h1>Events</h1>
      <div className="toolbar">
        <input
          type="search"
          className="events-search"
          aria-label="Search events"
          placeholder="Search events (any text in their JSON)"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? `Resume${held > 0 ? ` (${number.format(held)} held)` : ''}` : 'Pause'}
        </button>
        <button
          type="button"
          onClick={() => {
            clear();
            setSelected(undefined);
          }}
          disabled={records.length === 0 && held === 0}
        >
          Clear
        </button>
        <label className="inline-label">
          Time
          <select value={timeMode} onChange={(event) => setTimeMode(event.target.value as TimeMode)}>
            <option value="relative">relative</option>
            <option value="absolute">absolute</option>
          </select>
        </label>
      </div>

      <fieldset className="event-types">
        <legend>Event types</legend>
        {HUB_EVENT_NAMES.map((name) => (
          <label key={name} className="event-type-filter">
            <input type="checkbox" checked={!hidden.has(name)} onChange={() => toggle(name)} />
            <span className="mono">{name}</span> <span className="muted">({number.format(counts[name])})</span>
          </label>
        ))}
        {hidden.size > 0 && (
          <button type="button" className="link-button" onClick={() => setHidden(new Set())}>
            Show all types
          </button>
        )}
      </fieldset>

      {paused && (
        <div className="banner banner-warn" role="status">
          <span>
            Paused: {number.format(held)} new event{held === 1 ? '' : 's'} held
            {held >= capacity ? ` (only the latest ${number.format(capacity)} are kept)` : ''}.
          </span>
          <button type="button" onClick={() => setPaused(false)}>
            Resume
          </button>
        </div>
      )}
      {connection !== 'open' && (
        <div className="banner banner-warn" role="status">
          <span>Not receiving events: the connection to the hub is {connection}.</span>
        </div>
      )}

      <p className="events-count muted" aria-live="polite">
        {filtered
          ? `${number.format(shown.length)} of ${number.format(records.length)} events match`
          : `${number.format(records.length)} event${records.length === 1 ? '' : 's'}`}
        {records.length >= capacity ? ` (the latest ${number.format(capacity)} are kept)` : ''}
      </p>

      <div className="events-layout">
        <div className="events-list-pane">
          {records.length === 0 ? (
            <EmptyState title="No events yet">
              <p>
                Events appear here as the hub emits them: servers connecting and stopping, tool calls from MCP clients, logs,
                config changes.
              </p>
            </EmptyState>
          ) : shown.length === 0 ? (
            <EmptyState title="No events match">
              <button
                type="button"
                onClick={() => {
                  setHidden(new Set());
                  setQuery('');
                }}
              >
                Clear search and filters
              </button>
            </EmptyState>
          ) : (
            <EventList records={shown} selected={selected} onSelect={setSelected} timeMode={timeMode} />
          )}
        </div>
        <EventDetail record={selectedRecord} />
      </div>
    </div>
  );
}
