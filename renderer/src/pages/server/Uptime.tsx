import type { ServerInfo } from '../../../../shared/status.js';
import { formatSpan, since, useNow } from './time.js';

/** How long a connected server has been up, counted from its last start, ticking every second. */
export function Uptime({ server }: { server: ServerInfo }) {
  const now = useNow();
  if (server.status !== 'connected') return <span className="muted">—</span>;
  const elapsed = since(server.lastStarted, now) ?? server.uptime * 1_000;
  return <span className="tabular">{formatSpan(elapsed)}</span>;
}

/** "Restart 2 of 5 in 3s" while the hub retries a server that failed; "Gave up…" once it stopped. */
export function RestartInfo({ server }: { server: ServerInfo }) {
  const now = useNow();
  const restart = server.restart;
  if (!restart) return null;
  // `attempt` counts failed runs: one more than the restarts allowed means the hub gave up.
  if (!restart.nextAttemptAt) return restart.attempt > restart.maxAttempts ? <span className="restart-info">Gave up after {restart.maxAttempts} restarts</span> : null;
  const next = Date.parse(restart.nextAttemptAt);
  const when = Number.isNaN(next) ? '' : next > now ? ` in ${formatSpan(next - now)}` : ' now';
  return (
    <span className="restart-info">
      Restart {restart.attempt} of {restart.maxAttempts}
      {when}
    </span>
  );
}
