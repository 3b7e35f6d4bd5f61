import type { SessionInfo } from '../../../../shared/sessions.js';
import { useAppStores, useSessions } from '../../app/stores.js';
import { ErrorBanner } from '../../components/States.js';
import { formatSpan, since, useNow } from '../server/time.js';
import './ConnectedClients.css';

const TRANSPORTS: Record<SessionInfo['transport'], string> = { 'streamable-http': 'Streamable HTTP', sse: 'SSE (legacy)' };

function Ago({ iso, never }: { iso: string | null; never: string }) {
  const now = useNow();
  const elapsed = since(iso, now);
  if (elapsed === undefined || !iso) return <span className="muted">{never}</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className="tabular">
      {formatSpan(elapsed)} ago
    </time>
  );
}

/** What the client said it can answer for servers, e.g. "sampling, roots". */
function answers(session: SessionInfo): string {
  const { sampling, elicitation, roots } = session.capabilities;
  const names = [sampling && 'sampling', elicitation && 'elicitation', roots && 'roots'].filter(Boolean);
  return names.length > 0 ? names.join(', ') : 'none';
}

function ClientRow({ session }: { session: SessionInfo }) {
  const name = session.client ? session.client.name : 'Not initialized yet';
  return (
    <tr aria-label={session.client?.name ?? session.id}>
      <td>
        <strong>{name}</strong>
        {session.client && <span className="muted"> {session.client.version}</span>}
      </td>
      <td>
        {TRANSPORTS[session.transport]}
        {session.protocolVersion && <span className="muted"> {session.protocolVersion}</span>}
      </td>
      <td>
        <code>{session.path}</code>
      </td>
      <td>
        <Ago iso={session.connectedAt} never="—" />
      </td>
      <td>
        <Ago iso={session.lastRequestAt} never="none yet" />
      </td>
      <td>{answers(session)}</td>
    </tr>
  );
}

/**
 * The MCP clients connected to the hub right now, live from `sessions_changed`: who they say they
 * are, how and where they connected, and when they last asked for something.
 */
export function ConnectedClients() {
  const phase = useSessions((s) => s.phase);
  const error = useSessions((s) => s.error);
  const sessions = useSessions((s) => s.sessions);
  const { sessions: store } = useAppStores();

  const sorted = [...sessions].sort((a, b) => a.connectedAt.localeCompare(b.connectedAt));
  return (
    <section className="connected-clients card" aria-labelledby="connected-clients-title">
      <h2 id="connected-clients-title">
        Connected clients{phase === 'ready' && ` (${sessions.length})`}
      </h2>
      {phase === 'error' && <ErrorBanner message={`Could not read the connected clients: ${error ?? ''}`} onRetry={() => void store.getState().load()} />}
      {phase === 'loading' && <p className="muted">Reading the connected clients…</p>}
      {phase === 'ready' && sorted.length === 0 && <p className="muted">No MCP client is connected to the hub now.</p>}
      {sorted.length > 0 && (
        <table aria-labelledby="connected-clients-title">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Transport</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Connected</th>
              <th scope="col">Last request</th>
              <th scope="col">Answers for servers</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((session) => (
              <ClientRow key={session.id} session={session} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
