import { useCallback, useEffect, useState } from 'react';
import type { ClientSummary, FoundServer } from '../../../../shared/clients.js';
import { useHub } from '../../app/stores.js';
import { ConfirmDialog } from '../../components/Dialog.js';
import { ErrorBanner, Loading } from '../../components/States.js';
import { RunPreviewView } from '../../components/RunPreviewView.js';
import './ClientsSection.css';
import { errorMessage } from '../../../../shared/errors.js';

type Load = { phase: 'loading' } | { phase: 'ready'; clients: ClientSummary[] } | { phase: 'error'; message: string };

/** How a found server runs, in one line: its command line as the process gets it, or its URL. */
function describe(server: FoundServer): string {
  const preview = server.preview;
  if (!preview) return '';
  return preview.commandLine ?? preview.url ?? '';
}

const DUPLICATE_REASONS = { name: 'same name', command: 'same command', url: 'same URL' } as const;

/**
 * The MCP clients installed on this machine: the servers each already has (to import into the
 * hub), and the hub's entry in its config (connect, undo). Everything is re-read after a change.
 */
/** `profile`: connecting points a client at that profile's endpoint instead of the whole hub. */
export function ClientsSection({ profile }: { profile?: string | undefined } = {}) {
  const hub = useHub();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const refresh = useCallback(async () => {
    try {
      const { clients } = await hub.invoke('listClients', {});
      setLoad({ phase: 'ready', clients });
    } catch (error) {
      setLoad({ phase: 'error', message: errorMessage(error) });
    }
  }, [hub]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (load.phase === 'loading') return <Loading what="your MCP clients" />;
  if (load.phase === 'error') return <ErrorBanner message={load.message} onRetry={() => void refresh()} />;
  return (
    <div className="clients">
      {load.clients.map((client) => (
        <ClientCard key={client.id} client={client} profile={profile} onChanged={refresh} />
      ))}
    </div>
  );
}

function ClientCard({ client, profile, onChanged }: { client: ClientSummary; profile: string | undefined; onChanged: () => Promise<void> }) {
  const hub = useHub();
  const [confirming, setConfirming] = useState<'connect' | 'undo' | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const importable = client.servers.filter((server) => !server.isHub);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ ok: true, text: await action() });
      await onChanged();
    } catch (error) {
      setMessage({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  };
  const connect = () =>
    run(async () => {
      const { backup } = await hub.invoke('connectClient', profile ? { client: client.id, profile } : { client: client.id });
      const what = profile ? `the hub's profile ${profile}` : 'the hub';
      return backup ? `${client.label} now uses ${what}. The previous file is kept at ${backup}.` : `${client.label} now uses ${what} (its config file was created).`;
    });
  const undo = () =>
    run(async () => {
      const { restored } = await hub.invoke('undoConnectClient', { client: client.id });
      if (restored === 'previous-version') return `${client.label}'s config is back as it was.`;
      if (restored === 'file-removed') return `The config file the hub created for ${client.label} is removed.`;
      return `${client.label}'s config had changed since; only the hub's entry was removed.`;
    });

  const status = client.error ? 'Cannot read its config' : client.connected ? (client.profile ? `Uses profile ${client.profile}` : 'Uses the hub') : client.exists ? 'Not connected' : 'No config file yet';
  return (
    <section className="card client" aria-labelledby={`client-${client.id}`}>
      <header className="client-header">
        <h3 id={`client-${client.id}`}>{client.label}</h3>
        <span className={`badge ${client.connected ? 'badge-connected' : client.error ? 'badge-error' : 'badge-disconnected'}`}>{status}</span>
        <code className="client-path" title={client.path}>
          {client.path}
        </code>
        <span className="spacer" />
        {(!client.connected || (client.profile ?? undefined) !== profile) && !client.error && (
          <button type="button" className="primary" disabled={busy} onClick={() => setConfirming('connect')}>
            {profile ? `Connect to profile ${profile}` : 'Connect to the hub'}
          </button>
        )}
        {client.undoAvailable && (
          <button type="button" disabled={busy} onClick={() => setConfirming('undo')}>
            Undo connect
          </button>
        )}
      </header>
      {client.error && <p className="client-error" role="alert">{client.error} — the file is left as it is; fix it in {client.label} or an editor.</p>}
      {message && (
        <p className={message.ok ? 'client-ok' : 'client-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {importable.length > 0 && <ImportList client={client} servers={importable} onImported={onChanged} />}
      {confirming === 'connect' && (
        <ConfirmDialog title={`Connect ${client.label} to the hub?`} confirmLabel="Connect" busy={busy} onConfirm={() => void connect()} onCancel={() => setConfirming(undefined)}>
          <p>
            MCP Hub adds an <code>mcp-hub</code> entry to <code>{client.path}</code> and changes nothing else in it. The current file is backed up
            first; “Undo connect” puts it back byte for byte.
          </p>
          {importable.length > 0 && <p>Import the servers you want to keep first: the client will reach them through the hub.</p>}
        </ConfirmDialog>
      )}
      {confirming === 'undo' && (
        <ConfirmDialog title={`Undo connecting ${client.label}?`} confirmLabel="Undo" busy={busy} onConfirm={() => void undo()} onCancel={() => setConfirming(undefined)}>
          <p>
            <code>{client.path}</code> goes back to the version before the hub changed it. If it was edited since, only the hub's entry is removed.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ImportList({ client, servers, onImported }: { client: ClientSummary; servers: FoundServer[]; onImported: () => Promise<void> }) {
  const hub = useHub();
  const importable = servers.filter((server) => server.config && server.duplicateOf?.by !== 'command' && server.duplicateOf?.by !== 'url');
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  // A name the hub already uses gets another one, suggested and editable.
  const [names, setNames] = useState<Record<string, string>>(() =>
    Object.fromEntries(servers.filter((s) => s.duplicateOf?.by === 'name').map((s) => [s.name, `${s.name}-${client.id}`])),
  );
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const selected = importable.filter((server) => chosen[server.name]);

  const submit = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const { servers: added } = await hub.invoke('importServers', {
        client: client.id,
        servers: selected.map((server) => ({ name: server.name, ...(names[server.name] && { as: names[server.name] }) })),
      });
      setResult({ ok: true, text: `Imported ${added.map((s) => s.name).join(', ')}. ${client.label}'s own file is unchanged.` });
      setChosen({});
      await onImported();
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="client-import">
      <h4>Servers in {client.label}</h4>
      <ul>
        {servers.map((server) => {
          const duplicate = server.duplicateOf;
          const alreadyThere = duplicate && duplicate.by !== 'name';
          const disabled = !server.config || Boolean(alreadyThere);
          return (
            <li key={server.name} className="client-server">
              <label className="client-server-choice">
                <input
                  type="checkbox"
                  checked={Boolean(chosen[server.name]) && !disabled}
                  disabled={disabled || busy}
                  onChange={(event) => setChosen({ ...chosen, [server.name]: event.target.checked })}
                />
                <strong>{server.name}</strong>
              </label>
              <code className="client-server-command">{describe(server)}</code>
              {server.problem && <span className="client-error">Cannot import: {server.problem}</span>}
              {server.preview && chosen[server.name] && !disabled && <RunPreviewView preview={server.preview} literalNote={`never run or looked up; ${client.label} does not expand them either`} />}
              {alreadyThere && (
                <span className="muted">
                  Already in the hub as <a href={`#/servers/${encodeURIComponent(duplicate.server)}`}>{duplicate.server}</a> ({DUPLICATE_REASONS[duplicate.by]})
                </span>
              )}
              {duplicate?.by === 'name' && (
                <label className="client-server-rename">
                  The hub has a “{duplicate.server}” already; import as
                  <input value={names[server.name] ?? ''} onChange={(event) => setNames({ ...names, [server.name]: event.target.value })} disabled={busy} />
                </label>
              )}
            </li>
          );
        })}
      </ul>
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy || selected.length === 0} onClick={() => void submit()}>
          {busy ? 'Importing…' : selected.length > 1 ? `Import ${selected.length} servers` : 'Import'}
        </button>
        {result && (
          <span className={result.ok ? 'client-ok' : 'client-error'} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </span>
        )}
      </div>
    </div>
  );
}
