import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../shared/errors.js';
import type { ProfileInfo } from '../../../shared/profiles.js';
import { useConnection, useHub } from '../app/stores.js';
import { CopyButton } from '../components/CopyButton.js';
import { ConfirmDialog } from '../components/Dialog.js';
import { EmptyState, ErrorBanner, Loading } from '../components/States.js';
import { ProfileForm } from './profiles/ProfileForm.js';
import './ProfilesPage.css';
import { formatTokens } from '../components/TokenEstimate.js';

type Load = { phase: 'loading' } | { phase: 'error'; error: string } | { phase: 'ready'; profiles: ProfileInfo[] };
type Editing = { name: string | undefined } | undefined;

function ProfileCard({ profile, onEdit, onRemove }: { profile: ProfileInfo; onEdit: () => void; onRemove: () => void }) {
  const mode = profile.config?.toolMode ?? 'all';
  return (
    <li className="card profile" aria-labelledby={`profile-${profile.name}`}>
      <div className="server-row-head profile-head">
        <h2 id={`profile-${profile.name}`}>{profile.name}</h2>
        {mode === 'search' && <span className="badge">search mode</span>}
        <span className="spacer" />
        <button type="button" onClick={onEdit} aria-label={`Edit ${profile.name}`}>
          Edit
        </button>
        <button type="button" onClick={onRemove} aria-label={`Remove ${profile.name}`}>
          Remove
        </button>
      </div>
      {profile.config?.description && <p className="muted">{profile.config.description}</p>}
      {profile.problem && (
        <p className="server-row-error" role="alert">
          <strong>Cannot be used:</strong> {profile.problem}
        </p>
      )}
      <p className="endpoint-line">
        <code>{profile.url}</code> <CopyButton text={profile.url} label={`Copy the endpoint URL of ${profile.name}`} />
      </p>
      <dl className="facts">
        <div>
          <dt>Servers</dt>
          <dd>{profile.servers.length > 0 ? profile.servers.join(', ') : <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Tools listed</dt>
          <dd className="tabular" aria-label={`Tools listed by ${profile.name}`}>
            {profile.listedTools}
            {profile.availableTools !== profile.listedTools && <span className="muted"> of {profile.availableTools} usable</span>}
          </dd>
        </div>
        <div>
          <dt>Tool definitions</dt>
          <dd className="tabular">{formatTokens(profile.estimatedTokens)}</dd>
        </div>
        <div className="fact-wide">
          <dt>Config file</dt>
          <dd>
            <code className="path">{profile.source}</code>
          </dd>
        </div>
      </dl>
    </li>
  );
}

/**
 * Profiles: parts of the hub's servers and tools, each its own endpoint, so each client sees
 * what it needs (and its model reads fewer tool definitions).
 */
export function ProfilesPage() {
  const hub = useHub();
  const connection = useConnection((s) => s.state);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [editing, setEditing] = useState<Editing>();
  const [removing, setRemoving] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const refresh = useCallback(async () => {
    try {
      const { profiles } = await hub.invoke('listProfiles', {});
      setLoad({ phase: 'ready', profiles });
    } catch (error) {
      setLoad((current) => (current.phase === 'ready' ? current : { phase: 'error', error: errorMessage(error) }));
    }
  }, [hub]);
  useEffect(() => {
    if (connection === 'open') void refresh();
  }, [refresh, connection]);

  const remove = async (name: string) => {
    setBusy(true);
    try {
      await hub.invoke('removeProfile', { name });
      setMessage({ ok: true, text: `Profile ${name} removed; its clients were disconnected.` });
      await refresh();
    } catch (error) {
      setMessage({ ok: false, text: `Could not remove ${name}: ${errorMessage(error)}` });
    } finally {
      setBusy(false);
      setRemoving(undefined);
    }
  };

  const saved = (profile: ProfileInfo) => {
    setEditing(undefined);
    setMessage({ ok: true, text: `Saved ${profile.name}: its clients see ${profile.listedTools} tool${profile.listedTools === 1 ? '' : 's'} (${formatTokens(profile.estimatedTokens)}).` });
    void refresh();
  };

  if (load.phase === 'loading') return <Loading what="profiles" />;
  if (load.phase === 'error') return <ErrorBanner message={`Could not read the profiles: ${load.error}`} onRetry={() => void refresh()} />;
  const profiles = load.profiles;
  const editedProfile = editing?.name === undefined ? undefined : profiles.find((p) => p.name === editing.name);

  return (
    <div className="profiles-page">
      <div className="toolbar">
        <h1>Profiles</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setEditing({ name: undefined })} disabled={editing !== undefined}>
          New profile
        </button>
      </div>
      <p className="muted">
        A profile is its own endpoint with some of the hub's servers and tools: point each client at the profile it needs on the Connect page.
      </p>
      {message && (
        <p className={message.ok ? 'client-ok' : 'client-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {editing && <ProfileForm key={editing.name ?? ''} existing={editedProfile} onSaved={saved} onCancel={() => setEditing(undefined)} />}
      {profiles.length === 0 && !editing ? (
        <EmptyState title="No profiles yet">
          <p>Every client of /mcp sees every tool. Make a profile to give a client less.</p>
        </EmptyState>
      ) : (
        <ul className="server-list" aria-label="Profiles">
          {profiles.map((profile) => (
            <ProfileCard key={profile.name} profile={profile} onEdit={() => setEditing({ name: profile.name })} onRemove={() => setRemoving(profile.name)} />
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog title={`Remove profile ${removing}?`} confirmLabel="Remove" danger busy={busy} onConfirm={() => void remove(removing)} onCancel={() => setRemoving(undefined)}>
          <p>It is removed from its config file and its clients are disconnected.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
