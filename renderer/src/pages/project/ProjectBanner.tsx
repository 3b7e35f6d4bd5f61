import { useCallback, useEffect, useState } from 'react';
import type { Project } from '../../../../shared/project.js';
import { errorMessage } from '../../../../shared/errors.js';
import { useAppStores, useConnection } from '../../app/stores.js';
import { RunPreviewView } from '../../components/RunPreviewView.js';
import './ProjectBanner.css';

/**
 * The `--workspace` project folder on the Servers page: its servers wait, unstarted, until the
 * user has looked at what they run and trusts the folder as it is (a changed file asks again).
 * Project servers that a server of the user's own shadows are said so here, trusted or not.
 */
export function ProjectBanner() {
  const { client } = useAppStores();
  const connection = useConnection((state) => state.state);
  const [project, setProject] = useState<Project | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    client.invoke('getProject', {}).then(
      (result) => setProject(result.project),
      () => undefined,
    );
  }, [client]);
  useEffect(() => {
    if (connection === 'open') load();
  }, [connection, load]);
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'config_changed' || event.type === 'servers_updated') load();
      }),
    [client, load],
  );

  if (!project) return null;
  const waiting = project.servers.filter((server) => server.state !== 'shadowed');
  const shadowed = project.servers.filter((server) => server.state === 'shadowed');
  const trust = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setProject((await client.invoke('trustProject', { hash: project.hash })).project);
    } catch (caught) {
      setError(errorMessage(caught));
      load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="project-banner" aria-label="Project folder">
      {!project.trusted && waiting.length > 0 && (
        <div className="banner banner-warn project-untrusted" role="alert">
          <div>
            <p>
              <strong>Not trusted:</strong> the project folder <code>{project.folder}</code> has {waiting.length === 1 ? 'a server' : `${waiting.length} servers`} that
              the hub has not started. Its files come with the project, not from you: trust them only if you would run these commands yourself.
            </p>
            <ul className="project-servers">
              {waiting.map((server) => (
                <li key={server.name}>
                  <strong>{server.name}</strong> <span className="muted">from {server.source}</span>
                  {server.preview && <RunPreviewView preview={server.preview} showCommand literalNote="text, not run" />}
                  {server.problem && <p className="run-preview-note">{server.problem}</p>}
                </li>
              ))}
            </ul>
            {error && <p className="run-preview-note">{error}</p>}
          </div>
          <button type="button" className="primary" disabled={busy} onClick={() => void trust()}>
            {busy ? 'Trusting…' : 'Trust this folder and start them'}
          </button>
        </div>
      )}
      {shadowed.map((server) => (
        <p key={server.name} className="banner banner-warn project-shadowed" role="status">
          <span>
            <strong>{server.name}</strong> in <code>{server.source}</code> is not used: your own server “{server.name}” in <code>{server.shadowedBy}</code> has that name and
            runs instead.
          </span>
        </p>
      ))}
    </section>
  );
}
