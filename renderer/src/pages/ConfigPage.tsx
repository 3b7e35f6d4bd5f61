import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { HubClient } from '../../../shared/hub-client.js';
import { useHub, useServers } from '../app/stores.js';
import { Dialog } from '../components/Dialog.js';
import { EmptyState, ErrorBanner, Loading } from '../components/States.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { Tabs } from '../components/Tabs.js';
import { REDACTED } from './config/draft.js';
import { serverEntries } from './config/entries.js';
import { RawEditor } from './config/RawEditor.js';
import { ServerEditor } from './config/ServerEditor.js';
import { createConfigStore, isFormDirty, isRawDirty, type ConfigStore, type EditorMode } from './config/store.js';
import { useLeaveGuard } from './config/useLeaveGuard.js';
import './ConfigPage.css';

const stores = new WeakMap<HubClient, ConfigStore>();

/** One config store per hub client, living as long as the window: unsaved work outlives the page. */
function useConfigStore(): ConfigStore {
  const client = useHub();
  let store = stores.get(client);
  if (!store) {
    store = createConfigStore(client);
    stores.set(client, store);
  }
  return store;
}

const MODES = [
  { id: 'form', label: 'Form' },
  { id: 'raw', label: 'Raw JSONC' },
] as const satisfies readonly { id: EditorMode; label: string }[];

function ServerList({ store }: { store: ConfigStore }) {
  const files = useStore(store, (state) => state.files);
  const open = useStore(store, (state) => state.form?.original);
  const adding = useStore(store, (state) => state.form !== undefined && state.form.original === undefined);
  const statuses = useServers((state) => state.servers);
  const { entries, unreadable } = useMemo(() => serverEntries(files), [files]);
  const actions = store.getState();
  return (
    <nav className="server-list" aria-label="Servers in the config">
      <button type="button" className="primary" onClick={() => actions.newServer()} aria-pressed={adding}>
        + Add server
      </button>
      {unreadable.map((file) => (
        <p key={file.path} className="banner banner-warn">
          <span>
            Servers of <code>{file.path}</code> cannot be listed: {file.reason}. Fix it in the raw editor.
          </span>
        </p>
      ))}
      {entries.length === 0 && unreadable.length === 0 && <p className="muted">No servers yet. Add one, or paste a config in the raw editor.</p>}
      <ul>
        {entries.map((entry) => {
          const status = statuses[entry.name]?.status;
          return (
            <li key={entry.name}>
              <button type="button" className="server-list-item" aria-current={open === entry.name ? 'true' : undefined} onClick={() => actions.openServer(entry.name)}>
                <span className="server-list-name">{entry.name}</span>
                {status && <StatusBadge status={status} />}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function FormMode({ store }: { store: ConfigStore }) {
  const hasForm = useStore(store, (state) => state.form !== undefined);
  return (
    <div className="config-form-layout">
      <ServerList store={store} />
      <div className="config-form-main card">
        {hasForm ? (
          <ServerEditor store={store} />
        ) : (
          <div className="state state-empty">
            <h2>Choose a server to edit</h2>
            <p>Or add a new one. Changes are saved to the config file, keeping its comments and formatting.</p>
          </div>
        )}
      </div>
    </div>
  );
}

function RawMode({ store }: { store: ConfigStore }) {
  const files = useStore(store, (state) => state.files);
  const rawPath = useStore(store, (state) => state.rawPath);
  const raw = useStore(store, (state) => state.raw);
  if (!rawPath) return <EmptyState title="The hub has no config file" />;
  return (
    <div className="config-raw">
      {files.length > 1 && (
        <label className="file-picker">
          Config file
          <select value={rawPath} onChange={(e) => store.getState().openFile(e.target.value)}>
            {files.map((file) => (
              <option key={file.path} value={file.path}>
                {file.path}
                {isRawDirty(raw[file.path]) ? ' (unsaved changes)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <RawEditor key={rawPath} store={store} path={rawPath} />
    </div>
  );
}

/**
 * The hub's config files, edited as a form per server or as text. Both save through the hub,
 * which writes atomically, keeps comments and a backup, and refuses to write over a newer file.
 */
export function ConfigPage() {
  const client = useHub();
  const store = useConfigStore();
  const phase = useStore(store, (state) => state.phase);
  const error = useStore(store, (state) => state.error);
  const files = useStore(store, (state) => state.files);
  const mode = useStore(store, (state) => state.mode);
  const dirty = useStore(store, (state) => isFormDirty(state.form) || Object.values(state.raw).some(isRawDirty));
  const guard = useLeaveGuard(dirty);

  useEffect(() => {
    const { load } = store.getState();
    void load();
    // A file edited elsewhere: the hub's watcher says so; without watching, coming back to the window does.
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'config_changed' || event.type === 'servers_updated') void load();
    });
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => {
      unsubscribe();
      window.removeEventListener('focus', onFocus);
    };
  }, [client, store]);

  return (
    <div className="config-page">
      <h1>Config</h1>
      {phase === 'loading' && <Loading what="the config files" />}
      {phase === 'error' && <ErrorBanner message={`Could not read the config files: ${error ?? 'unknown error'}`} onRetry={() => void store.getState().load()} />}
      {phase === 'ready' && (
        <>
          {error && <ErrorBanner message={`Could not re-read the config files: ${error}`} onRetry={() => void store.getState().load()} />}
          <section className="config-files card" aria-labelledby="config-files-title">
            <h2 id="config-files-title">{files.length === 1 ? 'Config file' : 'Config files'}</h2>
            <ul>
              {files.map((file) => (
                <li key={file.path}>
                  <code className="config-path">{file.path}</code> {!file.exists && <span className="muted">(not created yet)</span>}
                </li>
              ))}
            </ul>
            <p className="muted">
              Secret values (environment variables, headers, tokens) are shown as <code>{REDACTED}</code>: the hub never sends them to this window. Leave{' '}
              <code>{REDACTED}</code> where it is and the hub writes the real value back when you save; type over it to set a new value. A{' '}
              <code>{REDACTED}</code> moved anywhere else is refused rather than saved.
            </p>
          </section>
          <Tabs label="Editor" tabs={MODES} selected={mode} onSelect={(next) => store.getState().setMode(next)}>
            {mode === 'form' ? <FormMode store={store} /> : <RawMode store={store} />}
          </Tabs>
        </>
      )}
      {guard.pending && (
        <Dialog
          title="Leave with unsaved changes?"
          role="alertdialog"
          onClose={guard.stay}
          actions={
            <>
              <button type="button" onClick={guard.stay} data-autofocus>
                Stay
              </button>
              <button type="button" onClick={guard.leave}>
                Leave without saving
              </button>
            </>
          }
        >
          <p>The config editor has changes that are not saved to the file. They stay here while this window is open, but no server sees them until you save.</p>
        </Dialog>
      )}
    </div>
  );
}
