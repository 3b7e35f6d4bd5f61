import { isFailing, type ServerInfo } from '../../../shared/status.js';
import { routeHref } from '../app/router.js';
import { useAppStores, useServers } from '../app/stores.js';
import { EmptyState, ErrorBanner, Loading } from '../components/States.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { tabHref } from './server/common.js';
import { ProjectBanner } from './project/ProjectBanner.js';
import { ConnectedClients } from './sessions/ConnectedClients.js';
import { ServerActions } from './server/ServerActions.js';
import { RestartInfo, Uptime } from './server/Uptime.js';
import './ServerPage.css';
import './ServersPage.css';
import { TokenEstimate } from '../components/TokenEstimate.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function Summary({ servers }: { servers: ServerInfo[] }) {
  const count = (status: ServerInfo['status']) => servers.filter((server) => server.status === status).length;
  const failing = servers.filter(isFailing).length;
  const parts = [`${plural(servers.length, 'server')}`, `${count('connected')} connected`, `${failing} failing`];
  if (count('unauthorized') > 0) parts.push(`${count('unauthorized')} need${count('unauthorized') === 1 ? 's' : ''} login`);
  if (count('disabled') > 0) parts.push(`${count('disabled')} disabled`);
  if (count('untrusted') > 0) parts.push(`${count('untrusted')} not trusted`);
  return (
    <p className="servers-summary" role="status">
      {parts.join(' · ')}
    </p>
  );
}

/** Tools pinning holds back, with the way to compare and approve them. */
function HeldNotice({ server }: { server: ServerInfo }) {
  const held = server.hidden.filter((item) => item.held).length;
  if (held === 0) return null;
  return (
    <p className="server-row-held">
      <span className="badge badge-held">{plural(held, 'changed tool')}</span> held back until you approve:{' '}
      <a href={routeHref({ page: 'server', name: server.name, tab: undefined })}>compare and approve</a>
    </p>
  );
}

function ServerRow({ server }: { server: ServerInfo }) {
  const { tools, resources, resourceTemplates, prompts } = server.capabilities;
  const headingId = `server-${server.name}`;
  return (
    <li className="server-row card" aria-labelledby={headingId} data-status={server.status}>
      <div className="server-row-head">
        <h2 id={headingId}>
          <a href={routeHref({ page: 'server', name: server.name, tab: undefined })}>{server.displayName}</a>
        </h2>
        {server.displayName !== server.name && <code className="muted">{server.name}</code>}
        <StatusBadge status={server.status} />
        <RestartInfo server={server} />
      </div>
      {server.description && <p className="muted server-description">{server.description}</p>}
      {server.project && (
        <p className="muted server-project">
          From the project folder <code>{server.project.folder}</code>
          {server.project.trusted ? ' (trusted)' : ': not started until you trust the folder (above)'}
        </p>
      )}
      <dl className="facts server-row-facts">
        <div>
          <dt>Transport</dt>
          <dd>{server.transportType}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>
            <Uptime server={server} />
          </dd>
        </div>
        <div>
          <dt>Offers</dt>
          <dd className="server-counts">
            <a href={tabHref(server.name, 'tools')}>{plural(tools.length, 'tool')}</a>
            <a href={tabHref(server.name, 'resources')}>{plural(resources.length + resourceTemplates.length, 'resource')}</a>
            <a href={tabHref(server.name, 'prompts')}>{plural(prompts.length, 'prompt')}</a>
          </dd>
        </div>
        <TokenEstimate tokens={server.estimatedTokens} />
        <div>
          <dt>Config file</dt>
          <dd>
            <code className="path">{server.config_source}</code>
          </dd>
        </div>
      </dl>
      <HeldNotice server={server} />
      {server.error && (
        <p className="server-row-error" role="alert">
          <strong>Last error:</strong> {server.error}
        </p>
      )}
      <ServerActions server={server} />
    </li>
  );
}

/**
 * Every configured server, live: status, what it offers, and start / stop / restart / enable /
 * disable; below them, the MCP clients connected to the hub.
 */
export function ServersPage() {
  const phase = useServers((s) => s.phase);
  const error = useServers((s) => s.error);
  const names = useServers((s) => s.names);
  const byName = useServers((s) => s.servers);
  const { servers: store } = useAppStores();
  const retry = () => void store.getState().load();

  if (phase === 'loading') return <Loading what="servers" />;
  if (phase === 'error') return <ErrorBanner message={`Could not read the servers: ${error ?? ''}`} onRetry={retry} />;

  const servers = names.map((name) => byName[name]).filter((server): server is ServerInfo => server !== undefined);
  return (
    <div className="servers-page">
      <div className="toolbar">
        <h1>Servers</h1>
        <span className="spacer" />
        {servers.length > 0 && <Summary servers={servers} />}
      </div>
      {error && <ErrorBanner message={`The list may be out of date: ${error}`} onRetry={retry} />}
      <ProjectBanner />
      {servers.length === 0 ? (
        <EmptyState title="No servers configured">
          <p>
            Add one in the <a href={routeHref({ page: 'config' })}>config</a>, or install one from the{' '}
            <a href={routeHref({ page: 'marketplace' })}>marketplace</a>.
          </p>
        </EmptyState>
      ) : (
        <ul className="server-list" aria-label="Servers">
          {servers.map((server) => (
            <ServerRow key={server.name} server={server} />
          ))}
        </ul>
      )}
      <ConnectedClients />
    </div>
  );
}
