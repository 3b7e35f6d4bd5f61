import { useMemo, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { routeHref } from '../../app/router.js';
import { useHub, useServers } from '../../app/stores.js';
import { ConfirmDialog, Dialog } from '../../components/Dialog.js';
import { ErrorBanner } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { configFromDraft, stableJson } from './draft.js';
import { serverEntries } from './entries.js';
import { ServerForm } from './ServerForm.js';
import { isFormDirty, type ConfigStore } from './store.js';
import { errorMessage } from '../../../../shared/errors.js';

type Pending = 'rename' | 'delete' | undefined;

interface RenameDialogProps {
  name: string;
  taken: ReadonlySet<string>;
  busy: boolean;
  error: string | undefined;
  onRename: (to: string) => void;
  onCancel: () => void;
}

function RenameDialog({ name, taken, busy, error, onRename, onCancel }: RenameDialogProps) {
  const [to, setTo] = useState(name);
  const trimmed = to.trim();
  const problem = trimmed === '' ? 'a name is required' : trimmed !== name && taken.has(trimmed) ? `a server named ${trimmed} already exists` : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem && trimmed !== name) onRename(trimmed);
  };
  return (
    <Dialog
      title={`Rename ${name}`}
      onClose={onCancel}
      actions={
        <>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" form="rename-form" className="primary" disabled={busy || Boolean(problem) || trimmed === name}>
            {busy ? 'Renaming…' : 'Rename'}
          </button>
        </>
      }
    >
      <form id="rename-form" onSubmit={submit}>
        <label>
          New name
          <input value={to} onChange={(e) => setTo(e.target.value)} data-autofocus aria-invalid={problem ? true : undefined} spellCheck={false} />
        </label>
        {problem && <span className="field-error">{problem}</span>}
      </form>
      {error && <ErrorBanner message={error} />}
      <p className="muted">The entry keeps its text and comments; clients see the server’s tools under the new name.</p>
    </Dialog>
  );
}

/** The form for the server open in the store, and what can be done with it. */
export function ServerEditor({ store }: { store: ConfigStore }) {
  const client = useHub();
  const form = useStore(store, (state) => state.form);
  const files = useStore(store, (state) => state.files);
  const statuses = useServers((state) => state.servers);
  const actions = store.getState();
  const entries = useMemo(() => serverEntries(files).entries, [files]);
  const taken = useMemo(() => new Set(entries.map((entry) => entry.name)), [entries]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ name: string; text: string } | undefined>();
  const [pending, setPending] = useState<Pending>();
  const [targetFile, setTargetFile] = useState<string | undefined>();

  if (!form) return null;
  const isNew = form.original === undefined;
  // Not while an action runs: a rename is briefly ahead of the files it is about to re-read.
  const gone = !busy && !isNew && !taken.has(form.original!);
  const dirty = isFormDirty(form);
  const entry = isNew ? undefined : entries.find((candidate) => candidate.name === form.original);
  const source = entry?.source;
  // Clean forms follow the disk by themselves (the store rebases them); this is the unsaved case.
  const changedOnDisk = dirty && entry !== undefined && form.base !== undefined && stableJson(entry.config) !== stableJson(form.base);
  const status = isNew ? undefined : statuses[form.original!]?.status;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const save = (name: string, config: Record<string, unknown>) =>
    run(async () => {
      if (isNew) {
        // Without config_file the hub adds to its first file; ask only when there is a choice.
        const file = files.length > 1 ? (targetFile ?? files[0]?.path) : undefined;
        const { server } = await client.invoke('addServer', { server_name: name, config, ...(file ? { config_file: file } : {}) });
        await actions.load();
        actions.openServer(name);
        setNotice({ name, text: `Added ${name}; it is ${server.status === 'connected' ? 'connected' : server.status}.` });
      } else {
        const { server } = await client.invoke('updateServer', { server_name: form.original!, config });
        await actions.load();
        actions.openServer(name);
        setNotice({ name, text: `Saved ${name}; it is ${server.status === 'connected' ? 'connected' : server.status}.` });
      }
    });

  const rename = (to: string) =>
    run(async () => {
      const from = form.original!;
      await client.invoke('renameServer', { server_name: from, new_name: to });
      actions.renamed(from, to);
      await actions.load();
      if (!store.getState().form) actions.openServer(to);
      setPending(undefined);
      setNotice({ name: to, text: `Renamed ${from} to ${to}.` });
    });

  const remove = () =>
    run(async () => {
      const name = form.original!;
      await client.invoke('removeServer', { server_name: name });
      setPending(undefined);
      actions.closeForm();
      await actions.load();
    });

  const ask = (what: Pending) => {
    setError(undefined);
    setPending(what);
  };

  const title = isNew ? (form.base ? 'Duplicate server' : 'Add a server') : form.original!;

  return (
    <section className="server-editor" aria-labelledby="server-editor-title">
      <div className="server-editor-head">
        <h2 id="server-editor-title">{title}</h2>
        {status && <StatusBadge status={status} />}
        {dirty && <span className="badge badge-unsaved">Unsaved changes</span>}
      </div>
      {source && (
        <p className="muted server-source">
          In <code>{source}</code>
        </p>
      )}
      {isNew && files.length > 1 && (
        <div className="form-field">
          <label>
            Config file
            <select value={targetFile ?? files[0]?.path} onChange={(e) => setTargetFile(e.target.value)}>
              {files.map((file) => (
                <option key={file.path} value={file.path}>
                  {file.path}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {gone && (
        <div className="banner banner-warn" role="alert">
          <span>This server is no longer in the config (it was removed or renamed elsewhere). Your edits are still here.</span>
          <span className="banner-actions">
            <button type="button" onClick={() => actions.detach()}>
              Keep them as a new server
            </button>
            <button type="button" onClick={() => actions.closeForm()}>
              Discard
            </button>
          </span>
        </div>
      )}
      {changedOnDisk && (
        <div className="banner banner-warn" role="alert">
          <span>This server’s entry changed on disk since you started editing. Saving replaces it with yours.</span>
          <span className="banner-actions">
            <button type="button" onClick={() => actions.openServer(form.original!)}>
              Discard mine, load the version on disk
            </button>
          </span>
        </div>
      )}
      {error && <ErrorBanner message={error} />}
      {notice && (
        <div className="banner banner-ok" role="status">
          <span>{notice.text}</span>
          <a href={routeHref({ page: 'server', name: notice.name, tab: undefined })}>Open on the Servers page</a>
        </div>
      )}
      <ServerForm
        key={`${form.original ?? 'new'}`}
        draft={form.draft}
        onChange={(draft) => actions.editForm(draft)}
        isNew={isNew}
        takenNames={taken}
        dirty={dirty}
        busy={busy || gone}
        onSave={(name, config) => void save(name, config)}
        onRevert={() => (isNew ? actions.closeForm() : actions.openServer(form.original!))}
        actions={
          !isNew && !gone ? (
            <>
              <button type="button" onClick={() => actions.newServer({ name: form.original!, config: configFromDraft(form.draft) })} disabled={busy}>
                Duplicate
              </button>
              <button type="button" onClick={() => ask('rename')} disabled={busy}>
                Rename…
              </button>
              <button type="button" className="danger" onClick={() => ask('delete')} disabled={busy}>
                Delete…
              </button>
            </>
          ) : undefined
        }
      />
      {pending === 'rename' && !isNew && (
        <RenameDialog name={form.original!} taken={taken} busy={busy} error={error} onRename={(to) => void rename(to)} onCancel={() => setPending(undefined)} />
      )}
      {pending === 'delete' && !isNew && (
        <ConfirmDialog title={`Delete ${form.original}?`} confirmLabel={busy ? 'Deleting…' : 'Delete server'} danger busy={busy} onConfirm={() => void remove()} onCancel={() => setPending(undefined)}>
          <p>
            Its entry is removed from <code>{source}</code> and the server stops. The hub keeps a backup of the file.
          </p>
          {dirty && <p>Your unsaved changes to it are discarded too.</p>}
          {error && <ErrorBanner message={error} />}
        </ConfirmDialog>
      )}
    </section>
  );
}
