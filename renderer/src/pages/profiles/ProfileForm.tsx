import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../../../../shared/errors.js';
import type { ProfileConfig, ProfileInfo, ToolMode } from '../../../../shared/profiles.js';
import { useHub, useServers } from '../../app/stores.js';

/** One pattern a line (commas too), blanks dropped. */
function patternsOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
}

const linesOf = (patterns: string[] | undefined) => (patterns ?? []).join('\n');

/** How long the form waits after a keystroke before asking the hub what the profile would give. */
const PREVIEW_DELAY_MS = 250;

type Preview = { phase: 'waiting' } | { phase: 'ready'; listedTools: number; availableTools: number; estimatedTokens: number } | { phase: 'error'; error: string };

/** The profile the form's fields describe, without empty fields. */
function profileOf(fields: { description: string; servers: string[]; allow: string; deny: string; toolMode: ToolMode; pinned: string }): ProfileConfig {
  const profile: ProfileConfig = {};
  if (fields.description.trim()) profile.description = fields.description.trim();
  if (fields.servers.length > 0) profile.servers = fields.servers;
  const allow = patternsOf(fields.allow);
  const deny = patternsOf(fields.deny);
  if (allow.length > 0 || deny.length > 0) profile.tools = { ...(allow.length > 0 && { allow }), ...(deny.length > 0 && { deny }) };
  if (fields.toolMode !== 'all') profile.toolMode = fields.toolMode;
  if (patternsOf(fields.pinned).length > 0) profile.pinned = patternsOf(fields.pinned);
  return profile;
}

/**
 * A profile as a form. Servers are checkboxes of the hub's servers; patterns over servers that are
 * not a server's name (globs) are kept as they were. Nothing checked: the profile has every server.
 */
export function ProfileForm({ existing, onSaved, onCancel }: { existing: ProfileInfo | undefined; onSaved: (saved: ProfileInfo) => void; onCancel: () => void }) {
  const hub = useHub();
  const serverNames = useServers((s) => s.names);
  const config: ProfileConfig = existing?.config ?? {};
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(config.description ?? '');
  const [servers, setServers] = useState<string[]>(config.servers ?? []);
  const [allow, setAllow] = useState(linesOf(config.tools?.allow));
  const [deny, setDeny] = useState(linesOf(config.tools?.deny));
  const [toolMode, setToolMode] = useState<ToolMode>(config.toolMode ?? 'all');
  const [pinned, setPinned] = useState(linesOf(config.pinned));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [preview, setPreview] = useState<Preview>({ phase: 'waiting' });
  const otherPatterns = servers.filter((pattern) => !serverNames.includes(pattern));
  const profile = useMemo(() => profileOf({ description, servers, allow, deny, toolMode, pinned }), [description, servers, allow, deny, toolMode, pinned]);

  // What its clients would see, asked again as the fields change (the last answer wins).
  useEffect(() => {
    let current = true;
    // Numbers of an earlier version of the fields are not shown as this one's.
    setPreview({ phase: 'waiting' });
    const timer = setTimeout(() => {
      hub.invoke('previewProfile', { profile }).then(
        (size) => current && setPreview({ phase: 'ready', ...size }),
        (caught: unknown) => current && setPreview({ phase: 'error', error: errorMessage(caught) }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [hub, profile]);

  const toggleServer = (server: string, on: boolean) => setServers((current) => (on ? [...current, server] : current.filter((s) => s !== server)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const { profile: saved } = await hub.invoke('saveProfile', { name: name.trim(), profile });
      onSaved(saved);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card profile-form" onSubmit={(e) => void submit(e)} aria-label={existing ? `Edit profile ${existing.name}` : 'New profile'}>
      <h2>{existing ? `Edit profile ${existing.name}` : 'New profile'}</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} disabled={existing !== undefined} required placeholder="coding" aria-describedby="profile-name-hint" />
      </label>
      <span className="muted" id="profile-name-hint">
        Part of its URL: /profiles/{name.trim() || '<name>'}/mcp
      </span>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <fieldset>
        <legend>Servers</legend>
        <p className="muted">None checked: every server of the hub, including ones added later.</p>
        <div className="profile-servers">
          {serverNames.map((server) => (
            <label key={server} className="checkbox">
              <input type="checkbox" checked={servers.includes(server)} onChange={(e) => toggleServer(server, e.target.checked)} />
              {server}
            </label>
          ))}
        </div>
        {otherPatterns.length > 0 && (
          <p className="muted">
            Also kept: {otherPatterns.map((pattern) => <code key={pattern}>{pattern} </code>)}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Tools</legend>
        <p className="muted">
          Patterns over the hub's names, <code>server__tool</code>, one a line; <code>*</code> and <code>?</code> match anything.
        </p>
        <label>
          Allow only (empty: every tool of its servers)
          <textarea rows={3} value={allow} onChange={(e) => setAllow(e.target.value)} placeholder="github__*" />
        </label>
        <label>
          Deny
          <textarea rows={3} value={deny} onChange={(e) => setDeny(e.target.value)} placeholder="*__delete_*" />
        </label>
        <label>
          Listing
          <select value={toolMode} onChange={(e) => setToolMode(e.target.value as ToolMode)}>
            <option value="all">All: list every tool</option>
            <option value="search">Search: list the pinned tools and three tools to search, describe and call the rest</option>
          </select>
        </label>
        {toolMode === 'search' && (
          <label>
            Pinned (listed anyway)
            <textarea rows={2} value={pinned} onChange={(e) => setPinned(e.target.value)} placeholder="memory__search_nodes" />
          </label>
        )}
      </fieldset>
      <p className="muted" role="status" aria-label="What its clients will see">
        {preview.phase === 'waiting' && 'Counting what its clients will see…'}
        {preview.phase === 'error' && `Cannot count its tools: ${preview.error}`}
        {preview.phase === 'ready' &&
          `Its clients will see ${preview.listedTools} tool${preview.listedTools === 1 ? '' : 's'} listed` +
            (preview.availableTools !== preview.listedTools ? ` (${preview.availableTools} usable through search)` : '') +
            `, about ${preview.estimatedTokens.toLocaleString('en')} tokens of definitions.`}
      </p>
      {error && (
        <p className="action-error" role="alert">
          Not saved: {error}
        </p>
      )}
      <div className="server-action-buttons">
        <button type="submit" className="primary" disabled={saving || !name.trim()} aria-busy={saving}>
          {saving ? 'Saving…' : 'Save profile'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
