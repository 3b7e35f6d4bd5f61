import type { InstallOption, MarketplaceEntry } from '../../../../shared/marketplace.js';
import { routeHref } from '../../app/router.js';
import { ErrorBanner, Loading } from '../../components/States.js';
import { formatDate, optionLabel } from './format.js';
import type { Loaded, MarketplaceDetails } from './useMarketplace.js';

function repositoryUrl(entry: MarketplaceEntry): string | undefined {
  const repository = entry.repository;
  if (!repository) return undefined;
  // GitHub and GitLab show a subfolder under /tree/HEAD/.
  return repository.subfolder && /^https:\/\/(github|gitlab)\.com\//.test(repository.url)
    ? `${repository.url.replace(/\/+$/, '')}/tree/HEAD/${repository.subfolder}`
    : repository.url;
}

/** Only http(s) links are rendered as links: registry text is not to be trusted with `javascript:`. */
function safeHref(url: string | null | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

export function InstalledBadges({ entry }: { entry: MarketplaceEntry }) {
  if (!entry.installed) return null;
  const update = entry.installed.find((server) => server.updateAvailable);
  return (
    <>
      <span className="badge badge-connected">Installed</span>
      {update && (
        <span className="badge badge-unauthorized" title={`${update.server} runs ${update.version}; ${update.latestVersion} is published`}>
          Update available
        </span>
      )}
    </>
  );
}

function Option({ entry, option }: { entry: MarketplaceEntry; option: InstallOption }) {
  const title = optionLabel(entry, option);
  return (
    <section className="entry-option" aria-label={title}>
      <h4 className="mono">{title}</h4>
      <p className="muted">Transport: {option.transport}</p>
      {option.unsupported !== null && <p className="banner banner-warn">{option.unsupported}</p>}
      {option.runtime &&
        (option.runtime.path === null ? (
          <p className="banner banner-error">{option.runtime.message}</p>
        ) : (
          <p className="muted">
            Needs <span className="mono">{option.runtime.command}</span>: found at <span className="mono">{option.runtime.path}</span>.
          </p>
        ))}
      {option.inputs.length === 0 ? (
        option.unsupported === null && <p className="muted">Nothing to configure.</p>
      ) : (
        <table className="entry-inputs">
          <caption className="visually-hidden">What {title} needs</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Needed</th>
              <th scope="col">Default</th>
            </tr>
          </thead>
          <tbody>
            {option.inputs.map((input) => (
              <tr key={input.key}>
                <td>
                  <span className="mono">{input.key}</span>
                  {input.description && <div className="muted">{input.description}</div>}
                </td>
                <td>{input.kind}</td>
                <td>
                  {input.isRequired ? 'required' : 'optional'}
                  {input.isSecret && (
                    <>
                      {' '}
                      <span className="badge badge-secret">secret</span>
                    </>
                  )}
                </td>
                <td className="mono">{input.default ?? (input.choices ? input.choices.join(' | ') : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** An entry in full: what it is, where it comes from, its versions, and what each way of installing it needs. */
export function EntryDetails({
  details,
  onInstall,
  onRetry,
}: {
  details: Loaded<MarketplaceDetails>;
  onInstall(): void;
  onRetry(): void;
}) {
  const { data } = details;
  if (!data) {
    return details.error ? <ErrorBanner message={details.error} onRetry={onRetry} /> : <Loading what="details" />;
  }
  const entry = data.server;
  const repository = safeHref(repositoryUrl(entry));
  const website = safeHref(entry.websiteUrl);
  const options = data.install ?? [];
  const installable = options.some((option) => option.unsupported === null);
  return (
    <article className="entry-details" aria-label={`${entry.name} details`}>
      <header className="entry-details-header">
        <h2>{entry.name}</h2>
        <InstalledBadges entry={entry} />
      </header>
      <p className="mono muted entry-id">
        {entry.id} · {entry.version}
      </p>
      {entry.status !== 'active' && (
        <div className="banner banner-warn">
          <span>
            This server is {entry.status}
            {entry.statusMessage ? `: ${entry.statusMessage}` : '.'}
          </span>
        </div>
      )}
      <p>{entry.description}</p>
      <dl className="entry-facts">
        <dt>Author</dt>
        <dd>{entry.author}</dd>
        {repository && (
          <>
            <dt>Repository</dt>
            <dd>
              <a href={repository} target="_blank" rel="noreferrer noopener">
                {repository}
              </a>
            </dd>
          </>
        )}
        {website && website !== repository && (
          <>
            <dt>Website</dt>
            <dd>
              <a href={website} target="_blank" rel="noreferrer noopener">
                {website}
              </a>
            </dd>
          </>
        )}
        {formatDate(entry.updatedAt) && (
          <>
            <dt>Updated</dt>
            <dd>{formatDate(entry.updatedAt)}</dd>
          </>
        )}
        <dt>Registry</dt>
        <dd className="mono">{entry.registry}</dd>
      </dl>

      {entry.installed && (
        <section aria-label="Installed as">
          <h3>Installed</h3>
          <ul className="entry-installed">
            {entry.installed.map((server) => (
              <li key={server.server}>
                <a href={routeHref({ page: 'server', name: server.server, tab: undefined })}>{server.server}</a>
                {server.version ? ` runs ${server.version}` : ' runs the newest version on each start'}
                {server.updateAvailable && (
                  <>
                    {' — '}
                    <strong>{server.latestVersion} is available</strong>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="entry-actions">
        <button type="button" className="primary" onClick={onInstall} disabled={!installable}>
          {entry.installed ? 'Install again…' : 'Install…'}
        </button>
        {!installable && options.length > 0 && <span className="muted">The hub cannot install any of its packages or remotes.</span>}
      </div>

      <section aria-label="Packages and remotes">
        <h3>Packages and remotes</h3>
        {options.length === 0 ? (
          <p className="muted">The registry lists neither a package nor a remote for it.</p>
        ) : (
          options.map((option) => <Option key={`${option.kind}:${option.index}`} entry={entry} option={option} />)
        )}
      </section>

      <section aria-label="Versions">
        <h3>Versions</h3>
        {data.versions ? (
          <ul className="entry-versions">
            {data.versions.map((version) => (
              <li key={version.version}>
                <span className="mono">{version.version}</span> {formatDate(version.publishedAt) && <span className="muted">{formatDate(version.publishedAt)}</span>}{' '}
                {version.isLatest && <span className="badge badge-connected">latest</span>}{' '}
                {version.status !== 'active' && <span className="badge badge-unauthorized">{version.status}</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">The registry could not be asked for the versions (offline, or an entry of the bundled snapshot).</p>
        )}
      </section>
      {details.error && <ErrorBanner message={`Could not refresh: ${details.error}`} onRetry={onRetry} />}
    </article>
  );
}
