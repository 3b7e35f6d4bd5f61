import { useState } from 'react';
import type { ServerInfo } from '../../../shared/status.js';
import { routeHref } from '../app/router.js';
import { useAppStores, useServers } from '../app/stores.js';
import { EmptyState, ErrorBanner, Loading } from '../components/States.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { SERVER_TABS, tabHref, type ServerTab } from './server/common.js';
import { ChangedTools } from './server/ChangedTools.js';
import { LogTab } from './server/LogTab.js';
import { PromptsTab } from './server/PromptsTab.js';
import { ResourcesTab } from './server/ResourcesTab.js';
import { ServerActions } from './server/ServerActions.js';
import { ToolsTab } from './server/ToolsTab.js';
import { RestartInfo, Uptime } from './server/Uptime.js';
import { RunnerMemory } from './server/useRunner.js';
import './ServerPage.css';
import { TokenEstimate } from '../components/TokenEstimate.js';

const TAB_LABELS: Record<ServerTab, string> = { tools: 'Tools', resources: 'Resources', prompts: 'Prompts', log: 'Log' };

function tabCount(server: ServerInfo, tab: ServerTab): number | undefined {
  const { tools, resources, resourceTemplates, prompts } = server.capabilities;
  if (tab === 'tools') return tools.length;
  if (tab === 'resources') return resources.length + resourceTemplates.length;
  if (tab === 'prompts') return prompts.length;
  return undefined;
}

function Facts({ server }: { server: ServerInfo }) {
  return (
    <dl className="facts">
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
      {server.serverInfo && (
        <div>
          <dt>Reports itself as</dt>
          <dd>
            {server.serverInfo.name} <span className="muted">{server.serverInfo.version}</span>
          </dd>
        </div>
      )}
      {server.protocolVersion && (
        <div>
          <dt>MCP protocol</dt>
          <dd className="tabular">
            {server.protocolVersion} <span className="muted">{server.protocolVersion >= '2026-07-28' ? 'stateless' : 'session'}</span>
          </dd>
        </div>
      )}
      {server.pid !== null && (
        <div>
          <dt>Process id</dt>
          <dd className="tabular">{server.pid}</dd>
        </div>
      )}
      <TokenEstimate tokens={server.estimatedTokens} />
      <div>
        <dt>Names on /mcp</dt>
        <dd>
          <code>{server.id}__…</code>
        </dd>
      </div>
      <div className="fact-wide">
        <dt>Config file</dt>
        <dd>
          <code className="path">{server.config_source}</code>
        </dd>
      </div>
    </dl>
  );
}

function Header({ server }: { server: ServerInfo }) {
  return (
    <header className="server-header">
      <a className="back-link" href={routeHref({ page: 'servers' })}>
        ← Servers
      </a>
      <div className="server-title">
        <h1>{server.displayName}</h1>
        {server.displayName !== server.name && <code className="muted">{server.name}</code>}
        <StatusBadge status={server.status} />
        <RestartInfo server={server} />
      </div>
      {server.description && <p className="muted server-description">{server.description}</p>}
      <ServerActions server={server} />
      {server.error && (
        <div className="banner banner-error server-error" role="alert">
          <span>{server.error}</span>
        </div>
      )}
      <Facts server={server} />
    </header>
  );
}

/** One server: what it offers (tools, resources, prompts, each runnable) and its live log. */
export function ServerPage({ name, tab, item }: { name: string; tab: string | undefined; item?: string | undefined }) {
  const server = useServers((s) => s.servers[name]);
  const phase = useServers((s) => s.phase);
  const loadError = useServers((s) => s.error);
  const { servers } = useAppStores();
  const [memory] = useState(() => new RunnerMemory());
  const current: ServerTab = SERVER_TABS.find((t) => t === tab) ?? 'tools';

  if (!server) {
    if (phase === 'loading') return <Loading what={name} />;
    if (phase === 'error') return <ErrorBanner message={`Could not read the servers: ${loadError ?? ''}`} onRetry={() => void servers.getState().load()} />;
    return (
      <EmptyState title={`No server named ${name}`}>
        <p>
          It may have been renamed or removed. <a href={routeHref({ page: 'servers' })}>All servers</a>
        </p>
      </EmptyState>
    );
  }

  return (
    <div className="server-page">
      <Header server={server} />
      <ChangedTools server={server} />
      <nav className="tabs" aria-label="Server sections">
        {SERVER_TABS.map((t) => {
          const count = tabCount(server, t);
          return (
            <a key={t} href={tabHref(name, t)} aria-current={t === current ? 'page' : undefined}>
              {TAB_LABELS[t]}
              {count !== undefined && <> <span className="count">{count}</span></>}
            </a>
          );
        })}
      </nav>
      <div className="tab-panel">
        {current === 'tools' && <ToolsTab server={server} item={item} memory={memory} />}
        {current === 'resources' && <ResourcesTab server={server} item={item} memory={memory} />}
        {current === 'prompts' && <PromptsTab server={server} item={item} memory={memory} />}
        {current === 'log' && <LogTab server={name} />}
      </div>
    </div>
  );
}
