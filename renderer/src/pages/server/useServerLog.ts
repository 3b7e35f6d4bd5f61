import { useEffect, useState } from 'react';
import type { LogEntry } from '../../../../shared/log.js';
import { useHub } from '../../app/stores.js';
import { errorMessage } from '../../../../shared/errors.js';

/** Lines kept in the window per server log (the hub keeps 1,000). */
export const LOG_CAPACITY = 2_000;

export interface ServerLog {
  entries: LogEntry[];
  phase: 'loading' | 'ready' | 'error';
  error: string | undefined;
}

export interface ServerLogState extends ServerLog {
  /** Reads the log again from the start (after a failed read). */
  retry(): void;
}

/**
 * A server's log, live: read once, then every `log` event about this server fetches the lines
 * after the last one seen. The event says that something was logged; the hub's buffer has the
 * exact line (sequence number, time, level), so nothing is shown twice or missed across the
 * initial read. One fetch at a time per server, one more if lines arrived meanwhile.
 */
export function useServerLog(name: string): ServerLogState {
  const client = useHub();
  const [log, setLog] = useState<ServerLog>({ entries: [], phase: 'loading', error: undefined });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let disposed = false;
    let lastSeq = 0;
    let running = false;
    let again = false;
    setLog({ entries: [], phase: 'loading', error: undefined });

    const keep = (entries: LogEntry[]) => (entries.length > LOG_CAPACITY ? entries.slice(entries.length - LOG_CAPACITY) : entries);

    const fetchNew = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const after = lastSeq;
          const { logs } = await client.invoke('getServerLogs', after > 0 ? { server_name: name, after } : { server_name: name });
          if (disposed) return;
          if (logs.length > 0) {
            lastSeq = logs.at(-1)!.seq;
            setLog((current) => ({ entries: keep(after > 0 ? [...current.entries, ...logs] : logs), phase: 'ready', error: undefined }));
            continue;
          }
          if (after > 0) {
            // Told of a line but none after ours: the server was re-created and counts from 1 again.
            const { logs: all } = await client.invoke('getServerLogs', { server_name: name });
            if (disposed) return;
            const newest = all.at(-1)?.seq ?? 0;
            if (newest < after) {
              lastSeq = newest;
              setLog({ entries: keep(all), phase: 'ready', error: undefined });
            }
          } else {
            setLog((current) => ({ ...current, phase: 'ready', error: undefined }));
          }
        } while (again && !disposed);
      } catch (error) {
        if (!disposed) setLog((current) => ({ ...current, phase: current.phase === 'ready' ? 'ready' : 'error', error: errorMessage(error) }));
      } finally {
        running = false;
      }
    };

    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'log' && event.data.server === name) void fetchNew();
    });
    // Lines logged while the event stream was down have no event: catch up when it reopens.
    let opened = false;
    const offConnection = client.onConnection((state) => {
      if (state !== 'open') return;
      if (opened) void fetchNew();
      opened = true;
    });
    void fetchNew();
    return () => {
      disposed = true;
      unsubscribe();
      offConnection();
    };
  }, [client, name, attempt]);

  return { ...log, retry: () => setAttempt((n) => n + 1) };
}
