import { useEffect, useRef, useState } from 'react';
import type { ServerInfo, ServerStatus } from '../../../../shared/status.js';
import { useHub } from '../../app/stores.js';
import { errorMessage } from '../../../../shared/errors.js';

type ServerAction = 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'logout';

const LABELS: Record<ServerAction, { idle: string; pending: string; title: string }> = {
  start: { idle: 'Start', pending: 'Starting…', title: 'Start the server' },
  stop: { idle: 'Stop', pending: 'Stopping…', title: 'Stop the server until it is started again' },
  restart: { idle: 'Restart', pending: 'Restarting…', title: 'Stop the server and start it again' },
  enable: { idle: 'Enable', pending: 'Enabling…', title: 'Remove "disabled" from its config file and start it' },
  disable: { idle: 'Disable', pending: 'Disabling…', title: 'Stop it and write "disabled": true into its config file, so it stays off' },
  logout: { idle: 'Log out', pending: 'Logging out…', title: 'Revoke the login at its authorization server and delete the tokens' },
};

/** What can be done with a server in each status, and logging out wherever there is a login. */
function actionsFor(server: ServerInfo): ServerAction[] {
  return [...lifecycleActions(server.status), ...(server.loggedIn ? (['logout'] as const) : [])];
}

function lifecycleActions(status: ServerStatus): ServerAction[] {
  switch (status) {
    case 'connected':
      return ['stop', 'restart', 'disable'];
    case 'connecting':
    case 'unauthorized':
      return ['stop', 'disable'];
    case 'sleeping':
      return ['start', 'stop', 'disable'];
    case 'error':
      return ['start', 'stop', 'disable'];
    case 'disconnected':
      return ['start', 'disable'];
    case 'disabled':
      return ['enable'];
    case 'untrusted':
      // Trusting the project folder (the banner on the Servers page) is what starts it.
      return [];
  }
}

/** Runs one action at a time on a server, keeping its pending state and the hub's error message. */
function useServerAction(name: string) {
  const client = useHub();
  const [pending, setPending] = useState<ServerAction>();
  const [error, setError] = useState<{ action: ServerAction; message: string }>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = async (action: ServerAction) => {
    setPending(action);
    setError(undefined);
    try {
      switch (action) {
        case 'start':
        case 'enable':
          await client.invoke('startServer', { server_name: name });
          break;
        case 'stop':
          await client.invoke('stopServer', { server_name: name });
          break;
        case 'disable':
          await client.invoke('stopServer', { server_name: name, disable: true });
          break;
        case 'logout':
          await client.invoke('logoutServer', { server_name: name });
          break;
        case 'restart':
          // The hub has no single restart operation for one server: stop, then start.
          await client.invoke('stopServer', { server_name: name });
          await client.invoke('startServer', { server_name: name });
          break;
      }
    } catch (caught) {
      if (mounted.current) setError({ action, message: errorMessage(caught) });
    } finally {
      if (mounted.current) setPending(undefined);
    }
  };
  return { pending, error, run, dismiss: () => setError(undefined) };
}

/**
 * "Log in" for a server that needs OAuth: the hub prepares a fresh authorization URL (and opens
 * it itself inside the desktop app); in a browser the page opens it. A blocked pop-up leaves a
 * link to follow instead.
 */
export function LoginButton({ server }: { server: ServerInfo }) {
  const client = useHub();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [blockedUrl, setBlockedUrl] = useState<string>();
  if (server.status !== 'unauthorized') return null;
  const login = async () => {
    setPending(true);
    setError(undefined);
    setBlockedUrl(undefined);
    try {
      const { authorizationUrl } = await client.invoke('authorizeServer', { server_name: server.name });
      if (!window.hub) {
        const opened = window.open(authorizationUrl, '_blank');
        if (opened) opened.opener = null;
        else setBlockedUrl(authorizationUrl);
      }
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => void login()} disabled={pending} aria-busy={pending} aria-label={`Log in to ${server.name}`}>
        {pending && <span className="spinner" aria-hidden="true" />} {pending ? 'Opening login…' : 'Log in'}
      </button>
      {blockedUrl && (
        <a href={blockedUrl} target="_blank" rel="noopener noreferrer">
          Open the login page
        </a>
      )}
      {error && (
        <span className="login-error" role="alert">
          Could not log in: {error}
        </span>
      )}
    </>
  );
}

/** The buttons for a server's lifecycle, with their pending state and the hub's error inline. */
export function ServerActions({ server }: { server: ServerInfo }) {
  const { pending, error, run, dismiss } = useServerAction(server.name);
  const actions = actionsFor(server);
  return (
    <div className="server-actions">
      <div className="server-action-buttons" role="group" aria-label={`Actions for ${server.name}`}>
        <LoginButton server={server} />
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'start' || action === 'enable' ? 'primary' : undefined}
            disabled={pending !== undefined}
            aria-busy={pending === action}
            title={LABELS[action].title}
            onClick={() => void run(action)}
          >
            {pending === action && <span className="spinner" aria-hidden="true" />} {pending === action ? LABELS[action].pending : LABELS[action].idle}
          </button>
        ))}
        {pending && !actions.includes(pending) && (
          <span className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> {LABELS[pending].pending}
          </span>
        )}
      </div>
      {error && (
        <div className="banner banner-error action-error" role="alert">
          <span>
            Could not {error.action} {server.name}: {error.message}
          </span>
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
