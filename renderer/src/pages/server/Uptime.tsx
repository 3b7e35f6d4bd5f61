import type { ServerInfo } from '../../../../shared/status.js';
import { formatSpan, since, useNow } from './time.js';

/** How long a connected server has been up, counted from its last start, ticking every second. */
export function Uptime({ server }: { server: ServerInfo }) {
  const now = useNow();
  if (server.status !== 'connected') return <span className="muted">—</span>;
  const elapsed = since(server.lastStarted, now) ?? server.uptime * 1_000;
  return <span className="tabular">{formatSpan(elapsed)}</span>;
}

/** "Restart 2 of 5 in 3s": the hub retrying a server that failed. */
export function RestartInfo({ server }: { server: ServerInfo }) {
  const now = useNow();
  const restart = server.restart;
  if (!restart || restart.attempt === 0) return null;
  const next = restart.nextAttemptAt ? Date.parse(restart.nextAttemptAt) : NaN;
  const when = Number.isNaN(next) ? '' : next > now ? ` in ${formatSpan(next - now)}` : ' now';
  return (
    <span className="restart-info">
      {restart.nextAttemptAt
        ? `Restart ${restart.attempt} of ${restart.maxAttempts}${when}`
        : restart.attempt >= restart.maxAttempts
          ? `Gave up after ${restart.attempt} restarts`
          : `${restart.attempt} of ${restart.maxAttempts} restarts used`}
    </span>
  );
}
