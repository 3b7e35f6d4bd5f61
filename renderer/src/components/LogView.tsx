import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LogLevelSchema, type LogEntry, type LogLevel } from '../../../shared/log.js';
import './LogView.css';

const LEVELS = LogLevelSchema.options;
const rank = (level: LogLevel) => LEVELS.indexOf(level);

/** How close to the bottom (px) still counts as "at the bottom" for following. */
const SLACK = 8;

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toLocaleTimeString([], { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * A live log: follows the newest line unless the person scrolls up or pauses; filters by text and
 * by level. Pausing freezes what is shown while new lines keep arriving (and are counted).
 */
export function LogView({ entries, label }: { entries: LogEntry[]; label: string }) {
  const [follow, setFollow] = useState(true);
  const [frozen, setFrozen] = useState<LogEntry[] | null>(null);
  const [search, setSearch] = useState('');
  const [minLevel, setMinLevel] = useState<LogLevel>('debug');
  const [clearedThrough, setClearedThrough] = useState(0);
  const scroller = useRef<HTMLOListElement>(null);

  const source = frozen ?? entries;
  const lastShownSeq = source.at(-1)?.seq ?? 0;
  const waiting = frozen ? entries.filter((entry) => entry.seq > lastShownSeq).length : 0;
  const needle = search.trim().toLowerCase();
  const visible = useMemo(
    () =>
      source.filter(
        (entry) => entry.seq > clearedThrough && rank(entry.level) >= rank(minLevel) && (!needle || entry.text.toLowerCase().includes(needle) || entry.source.includes(needle)),
      ),
    [source, clearedThrough, minLevel, needle],
  );

  const kept = source.filter((entry) => entry.seq > clearedThrough).length;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (follow && element) element.scrollTop = element.scrollHeight;
  }, [visible, follow]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - SLACK;
    // Scrolling up to read stops following; scrolling back down resumes it.
    if (atBottom !== follow) setFollow(atBottom);
  };

  return (
    <div className="log-view">
      <div className="toolbar log-toolbar">
        <label className="log-search">
          <span className="visually-hidden">Search the log</span>
          <input type="search" placeholder="Search the log" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search the log" />
        </label>
        <label className="log-level">
          <span className="visually-hidden">Lowest level shown</span>
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel)} aria-label="Lowest level shown">
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {level === 'debug' ? 'All levels' : `${level} and above`}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" aria-pressed={follow} onClick={() => setFollow((value) => !value)} title="Keep the newest line in view">
          Follow
        </button>
        <button type="button" aria-pressed={frozen !== null} onClick={() => setFrozen((value) => (value ? null : entries))}>
          {frozen ? `Resume${waiting > 0 ? ` (${waiting} new)` : ''}` : 'Pause'}
        </button>
        <button type="button" onClick={() => setClearedThrough(entries.at(-1)?.seq ?? 0)} disabled={visible.length === 0}>
          Clear
        </button>
      </div>
      <p className="log-count muted" aria-live="polite">
        {frozen ? 'Paused · ' : ''}
        {visible.length === kept ? `${kept} line${kept === 1 ? '' : 's'}` : `${visible.length} of ${kept} lines match`}
      </p>
      <ol className="log-lines mono" ref={scroller} onScroll={onScroll} role="log" aria-live="off" aria-label={label} tabIndex={0}>
        {visible.length === 0 && <li className="log-empty muted">{source.length === 0 ? 'No log lines yet.' : 'No line matches.'}</li>}
        {visible.map((entry) => (
          <li key={entry.seq} className={`log-line log-${entry.level}`}>
            <time dateTime={entry.time}>{time(entry.time)}</time>
            <span className="log-level-name">{entry.level}</span>
            <span className="log-source">{entry.source}</span>
            <span className="log-text">{entry.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
