import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EventRecord } from '../../stores/events.js';
import { absoluteTime, formatDuration, isFailure, relativeTime, summary } from './describe.js';

/** Every row has this height, so the list can draw only the rows in view (2,000 events stay fast). */
export const ROW_HEIGHT = 34;
/** Rows drawn above and below the view, so a fast scroll does not show blanks. */
const OVERSCAN = 6;
/** Until the list is measured (and in jsdom, which has no layout). */
const FALLBACK_HEIGHT = 480;

export type TimeMode = 'relative' | 'absolute';

export interface EventListProps {
  /** Newest first. */
  records: readonly EventRecord[];
  selected: number | undefined;
  onSelect(seq: number): void;
  timeMode: TimeMode;
}

export const rowId = (seq: number) => `event-${seq}`;

/** Re-renders every second, for "12 s ago". */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function Row({ record, selected, onSelect, time }: { record: EventRecord; selected: boolean; onSelect(seq: number): void; time: string }) {
  const { event } = record;
  const failed = isFailure(event);
  return (
    <div
      id={rowId(record.seq)}
      role="option"
      aria-selected={selected}
      className={`event-row${selected ? ' selected' : ''}${failed ? ' failed' : ''}`}
      onClick={() => onSelect(record.seq)}
    >
      <time className="event-time mono" dateTime={new Date(record.receivedAt).toISOString()}>
        {time}
      </time>
      <span className={`event-type event-type-${event.type} mono`}>{event.type}</span>
      <span className="event-summary">{summary(event)}</span>
      {event.type === 'tool_call' && (
        <span className={`event-duration mono${event.data.ok ? '' : ' failed'}`}>
          {formatDuration(event.data.durationMs)} {event.data.ok ? '✓' : '✗'}
          <span className="visually-hidden">{event.data.ok ? ' ok' : ' error'}</span>
        </span>
      )}
    </div>
  );
}

/**
 * The events as a listbox: arrow keys, Page Up/Down, Home and End move the selection. Only the
 * rows in view are in the DOM. New events arrive at the top; when the person has scrolled down to
 * read older ones, the view stays on what they were reading.
 */
export function EventList({ records, selected, onSelect, timeMode }: EventListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);
  const now = useNow(timeMode === 'relative');
  const newest = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || FALLBACK_HEIGHT));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the rows being read in place when newer ones are added above them.
  useLayoutEffect(() => {
    const element = viewport.current;
    const before = newest.current;
    newest.current = records[0]?.seq;
    if (!element || before === undefined || element.scrollTop === 0) return;
    let added = 0;
    while (added < records.length && records[added]!.seq > before) added++;
    if (added > 0 && added < records.length) {
      element.scrollTop += added * ROW_HEIGHT;
      setScrollTop(element.scrollTop);
    }
  }, [records]);

  const selectedIndex = selected === undefined ? -1 : records.findIndex((record) => record.seq === selected);

  const reveal = (index: number) => {
    const element = viewport.current;
    if (!element) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + height) element.scrollTop = top + ROW_HEIGHT - height;
    setScrollTop(element.scrollTop);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (records.length === 0) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const last = records.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = selectedIndex < 0 ? 0 : Math.min(last, selectedIndex + 1);
        break;
      case 'ArrowUp':
        next = selectedIndex < 0 ? 0 : Math.max(0, selectedIndex - 1);
        break;
      case 'PageDown':
        next = Math.min(last, Math.max(0, selectedIndex) + page);
        break;
      case 'PageUp':
        next = Math.max(0, selectedIndex - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    onSelect(records[next]!.seq);
    reveal(next);
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(records.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = records.slice(first, end);

  return (
    <div
      ref={viewport}
      className="event-list"
      role="listbox"
      aria-label="Events"
      tabIndex={0}
      aria-activedescendant={selectedIndex >= first && selectedIndex < end && selected !== undefined ? rowId(selected) : undefined}
      onKeyDown={onKeyDown}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="event-list-rows" style={{ height: records.length * ROW_HEIGHT }}>
        <div style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
          {visible.map((record) => (
            <Row
              key={record.seq}
              record={record}
              selected={record.seq === selected}
              onSelect={(seq) => {
                onSelect(seq);
                viewport.current?.focus({ preventScroll: true });
              }}
              time={timeMode === 'relative' ? relativeTime(record.receivedAt, now) : absoluteTime(record.receivedAt)}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
