import { useEffect, useMemo, useRef, useState } from 'react';
import type { InstallOption, MarketplaceEntry } from '../../../shared/marketplace.js';
import { useServers } from '../app/stores.js';
import { EmptyState, ErrorBanner, Loading } from '../components/States.js';
import { EntryDetails, InstalledBadges } from './marketplace/EntryDetails.js';
import { formatAge, packageTypes } from './marketplace/format.js';
import { InstallDialog } from './marketplace/InstallDialog.js';
import { useConfigFiles, useMarketplaceDetails, useMarketplaceList, type MarketplaceList, type MarketplaceQuery } from './marketplace/useMarketplace.js';
import './MarketplacePage.css';

/** Entries drawn at first and per "Show more": the official registry lists thousands. */
const PAGE = 60;

const TRANSPORTS = ['stdio', 'streamable-http', 'sse'];
const PACKAGE_TYPES = ['npm', 'pypi', 'oci', 'nuget', 'mcpb', 'remote'];
const STATUSES = ['active', 'deprecated'];

type Sort = 'newest' | 'name';

function SourceNotice({ list }: { list: MarketplaceList }) {
  const why = list.errors.map((error) => `${error.registry}: ${error.message}`).join('; ');
  if (list.source === 'snapshot') {
    return (
      <div className="banner banner-warn" role="status">
        <span>
          {why ? `The registry could not be read (${why}). ` : 'No registry is configured. '}
          Showing the bundled reference servers.
        </span>
      </div>
    );
  }
  if (list.errors.length > 0 || list.stale) {
    return (
      <div className="banner banner-warn" role="status">
        <span>
          Showing the list as fetched {formatAge(list.ageMs)}
          {why ? `: the registry could not be read now (${why})` : ''}.
        </span>
      </div>
    );
  }
  return null;
}

function EntryCard({ entry, selected, onOpen }: { entry: MarketplaceEntry; selected: boolean; onOpen(): void }) {
  return (
    <li className={`entry-card card${selected ? ' selected' : ''}`} aria-label={entry.name}>
      <div className="entry-card-title">
        <button type="button" id={`entry-${entry.id}`} className="entry-open" onClick={onOpen} aria-expanded={selected}>
          {entry.name}
        </button>
        <span className="mono muted">{entry.version}</span>
        {entry.status !== 'active' && <span className="badge badge-unauthorized">{entry.status}</span>}
        <InstalledBadges entry={entry} />
      </div>
      <p className="entry-card-description">{entry.description}</p>
      <p className="entry-card-meta muted">
        <span className="mono">{entry.id}</span>
        {[...packageTypes(entry), ...entry.transports].map((tag) => (
          <span key={tag} className="entry-tag">
            {tag}
          </span>
        ))}
      </p>
    </li>
  );
}

/**
 * Servers from the MCP registries: search as you type, filter, read an entry's details and install
 * it. Which entries are installed (and which have updates) follows the hub's servers live.
 */
export function MarketplacePage() {
  const names = useServers((s) => s.names);
  const [search, setSearch] = useState('');
  const [transport, setTransport] = useState('');
  const [registryType, setRegistryType] = useState('');
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState<Sort>('newest');
  const [refreshes, setRefreshes] = useState(0);
  const [shown, setShown] = useState(PAGE);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [retries, setRetries] = useState(0);
  const [installing, setInstalling] = useState<{ entry: MarketplaceEntry; options: InstallOption[] } | undefined>(undefined);
  const configFiles = useConfigFiles();
  const detailsHeading = useRef<HTMLDivElement>(null);

  const query = useMemo<MarketplaceQuery>(
    () => ({
      sort,
      ...(search.trim() ? { search: search.trim() } : {}),
      ...(transport ? { transport } : {}),
      ...(registryType ? { registryType } : {}),
      ...(status ? { status } : {}),
    }),
    [search, transport, registryType, status, sort],
  );
  // The server list changes when something is installed, removed or edited: "Installed" follows it.
  const list = useMarketplaceList(query, names, refreshes);
  // Re-read when the catalog was fetched anew (a refresh may bring new versions).
  const fetchedAt = list.data?.fetchedAt;
  const detailsReload = useMemo(() => [names, retries, fetchedAt], [names, retries, fetchedAt]);
  const details = useMarketplaceDetails(selected, detailsReload);

  useEffect(() => setShown(PAGE), [query]);
  useEffect(() => {
    if (selected !== undefined) detailsHeading.current?.focus();
  }, [selected]);

  const closeDetails = () => {
    const id = selected;
    setSelected(undefined);
    if (id !== undefined) requestAnimationFrame(() => document.getElementById(`entry-${id}`)?.focus());
  };

  const servers = list.data?.servers ?? [];
  const filtered = search.trim() !== '' || transport !== '' || registryType !== '' || status !== '';

  return (
    <div className="marketplace-page">
      <h1>Marketplace</h1>
      <div className="toolbar">
        <input
          type="search"
          className="marketplace-search"
          aria-label="Search the marketplace"
          placeholder="Search servers by name or description"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="button" onClick={() => setRefreshes((n) => n + 1)} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <div className="toolbar marketplace-filters">
        <label className="inline-label">
          Transport
          <select value={transport} onChange={(event) => setTransport(event.target.value)}>
            <option value="">any</option>
            {TRANSPORTS.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          Package type
          <select value={registryType} onChange={(event) => setRegistryType(event.target.value)}>
            <option value="">any</option>
            {PACKAGE_TYPES.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">any</option>
            {STATUSES.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          Sort
          <select value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            <option value="newest">newest</option>
            <option value="name">name</option>
          </select>
        </label>
      </div>

      {list.data && <SourceNotice list={list.data} />}
      {list.error && <ErrorBanner message={list.error} onRetry={() => setRefreshes((n) => n + 1)} />}
      {list.data?.truncated && (
        <p className="muted">The registry lists more servers than the hub reads at once: search may miss some; an exact name still opens.</p>
      )}

      <div className={`marketplace-layout${selected !== undefined ? ' has-details' : ''}`}>
        <div className="marketplace-results">
          <p className="marketplace-count muted" role="status">
            {list.data ? `${servers.length} server${servers.length === 1 ? '' : 's'}${filtered ? ' match' : ''}` : ''}
            {list.loading && list.data && (
              <>
                {' '}
                <span className="spinner" aria-hidden="true" /> Searching…
              </>
            )}
          </p>
          {!list.data ? (
            list.loading ? (
              <Loading what="the marketplace" />
            ) : null
          ) : servers.length === 0 ? (
            <EmptyState title={filtered ? 'No servers match' : 'The marketplace is empty'}>
              {filtered && (
                <button
                  type="button"
                  onClick={() => {
                    setSearch('');
                    setTransport('');
                    setRegistryType('');
                    setStatus('');
                  }}
                >
                  Clear search and filters
                </button>
              )}
            </EmptyState>
          ) : (
            <>
              <ul className="entry-list" aria-label="Marketplace servers" aria-busy={list.loading}>
                {servers.slice(0, shown).map((entry) => (
                  <EntryCard
                    key={entry.id}
                    entry={entry}
                    selected={entry.id === selected}
                    onOpen={() => (entry.id === selected ? closeDetails() : setSelected(entry.id))}
                  />
                ))}
              </ul>
              {servers.length > shown && (
                <button type="button" className="show-more" onClick={() => setShown((n) => n + PAGE)}>
                  Show more ({servers.length - shown} more)
                </button>
              )}
            </>
          )}
        </div>

        {selected !== undefined && (
          <aside className="entry-panel card" aria-label="Server details">
            <div className="entry-panel-bar">
              <div ref={detailsHeading} tabIndex={-1} className="visually-hidden">
                Details of {selected}
              </div>
              <button type="button" onClick={closeDetails}>
                ← Back to results
              </button>
            </div>
            <EntryDetails
              details={details}
              onRetry={() => setRetries((n) => n + 1)}
              onInstall={() => details.data && setInstalling({ entry: details.data.server, options: details.data.install ?? [] })}
            />
          </aside>
        )}
      </div>

      {installing && (
        <InstallDialog entry={installing.entry} options={installing.options} configFiles={configFiles} onClose={() => setInstalling(undefined)} />
      )}
    </div>
  );
}
