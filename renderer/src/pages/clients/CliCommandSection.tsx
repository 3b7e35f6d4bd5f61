import { useCallback, useEffect, useState } from 'react';
import type { CliCommandStatus } from '../../../../shared/clients.js';
import { errorMessage } from '../../../../shared/errors.js';
import { useHub } from '../../app/stores.js';
import { ErrorBanner, Loading } from '../../components/States.js';

type Load = { phase: 'loading' } | { phase: 'ready'; status: CliCommandStatus } | { phase: 'error'; message: string };

/**
 * `mcp-hub` on the PATH: tools that start the hub by name (mcphub.nvim, scripts, `mcp-hub stdio`
 * in a client's config) then run this app's hub. Installing writes a small launcher into the
 * user's bin folder, never over a file the app did not write.
 */
export function CliCommandSection() {
  const hub = useHub();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const refresh = useCallback(async () => {
    try {
      setLoad({ phase: 'ready', status: await hub.invoke('cliCommand', {}) });
    } catch (error) {
      setLoad({ phase: 'error', message: errorMessage(error) });
    }
  }, [hub]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const run = async (operation: 'installCliCommand' | 'removeCliCommand') => {
    setBusy(true);
    setFailure(undefined);
    try {
      setLoad({ phase: 'ready', status: await hub.invoke(operation, {}) });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (load.phase === 'loading') return <Loading what="the command-line tool" />;
  if (load.phase === 'error') return <ErrorBanner message={load.message} onRetry={() => void refresh()} />;
  const { status } = load;
  return (
    <section className="card client" aria-labelledby="cli-command-title">
      <header className="client-header">
        <h3 id="cli-command-title">The mcp-hub command</h3>
        <span className={`badge ${status.installed ? 'badge-connected' : 'badge-disconnected'}`}>{status.installed ? 'Installed' : 'Not installed'}</span>
        <code className="client-path" title={status.path}>
          {status.path}
        </code>
        <span className="spacer" />
        {status.available && !status.installed && !status.taken && (
          <button type="button" className="primary" disabled={busy} onClick={() => void run('installCliCommand')}>
            Install the command-line tool
          </button>
        )}
        {status.installed && (
          <button type="button" disabled={busy} onClick={() => void run('removeCliCommand')}>
            Remove the command-line tool
          </button>
        )}
      </header>
      <p className="muted">
        Tools that start <code>mcp-hub</code> by name, such as mcphub.nvim, then use this app’s hub.
        {status.resolved ? (
          <>
            {' '}
            <code>mcp-hub</code> runs <code>{status.resolved}</code> now.
          </>
        ) : (
          ' No mcp-hub is on your PATH now.'
        )}
      </p>
      {status.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      {failure && (
        <p className="client-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
