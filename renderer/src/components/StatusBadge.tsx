import type { ServerStatus } from '../../../shared/status.js';

const LABELS: Record<ServerStatus, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  sleeping: 'Sleeping',
  disconnected: 'Stopped',
  disabled: 'Disabled',
  error: 'Error',
  unauthorized: 'Needs login',
  untrusted: 'Not trusted',
};

export function StatusBadge({ status }: { status: ServerStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
