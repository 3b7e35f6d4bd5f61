import { useState, type ReactNode } from 'react';
import type { McpObject, ServerInfo } from '../../../../shared/status.js';
import { routeHref } from '../../app/router.js';
import { EmptyState } from '../../components/States.js';

export type ServerTab = 'tools' | 'resources' | 'prompts' | 'log';
export const SERVER_TABS: ServerTab[] = ['tools', 'resources', 'prompts', 'log'];

export function tabHref(server: string, tab: ServerTab, item?: string): string {
  return routeHref({ page: 'server', name: server, tab, item });
}

export function str(object: McpObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}


/** Why a list is empty: the server is not connected (lists are read on connect), or it has none (a sleeping server's lists are known). */
export function EmptyList({ server, what }: { server: ServerInfo; what: string }) {
  if (server.status !== 'connected' && server.status !== 'sleeping') {
    return (
      <EmptyState title={`No ${what} to show`}>
        <p>
          A server's {what} are read when it connects; {server.name} is {server.status === 'disconnected' ? 'stopped' : server.status}.
        </p>
      </EmptyState>
    );
  }
  return <EmptyState title={`${server.name} offers no ${what}`} />;
}

/** A filter box for long lists; returns the matching items. */
export function useListFilter<T>(items: T[], text: (item: T) => string): [T[], ReactNode] {
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const matching = needle ? items.filter((item) => text(item).toLowerCase().includes(needle)) : items;
  const box =
    items.length > 6 ? (
      <input type="search" className="list-filter" placeholder="Filter" aria-label="Filter the list" value={query} onChange={(e) => setQuery(e.target.value)} />
    ) : null;
  return [matching, box];
}

/** The list beside the open item (below it in a narrow window). */
export function Explorer({ list, panel }: { list: ReactNode; panel: ReactNode }) {
  return (
    <div className={`explorer ${panel ? 'explorer-open' : ''}`}>
      <div className="explorer-list">{list}</div>
      {panel && <div className="explorer-panel">{panel}</div>}
    </div>
  );
}

/**
 * The frame of every runner (a tool's, a prompt's, a resource's): its title, a way back to the
 * list, the item's description, then what the runner holds.
 */
export function RunnerPanel({ title, closeHref, description, children }: { title: ReactNode; closeHref: string; description: string | undefined; children: ReactNode }) {
  return (
    <section className="runner card" aria-labelledby="runner-title">
      <header className="runner-head">
        <h2 id="runner-title">{title}</h2>
        <a href={closeHref} className="runner-close">
          Close
        </a>
      </header>
      {description && <p className="runner-description">{description}</p>}
      {children}
    </section>
  );
}

/** A runner's submit button: what it does, and what it is doing while the hub answers. */
export function RunButton({ running, label, pendingLabel }: { running: boolean; label: string; pendingLabel: string }) {
  return (
    <div className="runner-actions">
      <button type="submit" className="primary" disabled={running} aria-busy={running}>
        {running && <span className="spinner" aria-hidden="true" />} {running ? pendingLabel : label}
      </button>
    </div>
  );
}
