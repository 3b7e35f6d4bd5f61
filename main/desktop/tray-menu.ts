import type { ClientSnippet } from '../../shared/client-snippets.js';
import type { HubState, ServerInfo, ServerStatus } from '../../shared/status.js';

/** What the tray icon shows: every server fine, at least one failing, or one waiting for a login. */
export type TrayState = 'ok' | 'failing' | 'login';

/** The subset of Electron's MenuItemConstructorOptions the tray uses; plain data, so tests can read and click it. */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: TrayMenuItem[];
}

export type TrayServer = Pick<ServerInfo, 'name' | 'status' | 'authorizationUrl'>;

export interface TrayView {
  hubState: HubState;
  servers: TrayServer[];
  endpointUrl: string;
  snippets: ClientSnippet[];
  /** Undefined where the app cannot register itself as a login item. */
  startAtLogin: boolean | undefined;
  /** `mcp-hub` on the PATH (the app's launcher); undefined when the hub has no bundled CLI or another program is there. */
  cliCommandInstalled: boolean | undefined;
}

export interface TrayActions {
  openWindow(): void;
  setServerRunning(name: string, running: boolean): void;
  logIn(name: string): void;
  copy(text: string): void;
  setStartAtLogin(enabled: boolean): void;
  setCliCommand(installed: boolean): void;
  quit(): void;
}

const STATUS_LABELS: Record<ServerStatus, string> = {
  connected: 'connected',
  sleeping: 'sleeping',
  connecting: 'connecting…',
  error: 'failed',
  unauthorized: 'needs login',
  disconnected: 'stopped',
  disabled: 'disabled',
};

/** A server the user wants running, whether or not it got there. */
function isSwitchedOn(status: ServerStatus): boolean {
  return status !== 'disabled' && status !== 'disconnected';
}

/**
 * A failure outranks a pending login: a login is one click away, a failure needs looking into.
 * A sleeping server is fine: it starts on its next call.
 */
export function trayState(servers: TrayServer[]): TrayState {
  if (servers.some((server) => server.status === 'error')) return 'failing';
  if (servers.some((server) => server.status === 'unauthorized')) return 'login';
  return 'ok';
}

export function traySummary(hubState: HubState, servers: TrayServer[]): string {
  if (hubState === 'stopping' || hubState === 'stopped') return 'Stopping…';
  if (servers.length === 0) return 'No servers configured';
  const count = (status: ServerStatus) => servers.filter((server) => server.status === status).length;
  const parts = [
    [count('connected'), 'connected'],
    [count('sleeping'), 'sleeping'],
    [count('error'), 'failing'],
    [count('unauthorized'), count('unauthorized') === 1 ? 'needs login' : 'need login'],
    [count('connecting'), 'starting'],
    [count('disconnected') + count('disabled'), 'off'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

export function trayMenu(view: TrayView, actions: TrayActions): TrayMenuItem[] {
  const separator: TrayMenuItem = { type: 'separator' };
  const servers = view.servers.map<TrayMenuItem>((server) => ({
    label: `${server.name} — ${STATUS_LABELS[server.status]}`,
    type: 'checkbox',
    checked: isSwitchedOn(server.status),
    click: () => actions.setServerRunning(server.name, !isSwitchedOn(server.status)),
  }));
  // A server can be unauthorized without an OAuth login to offer (it refused its configured headers).
  const logins = view.servers
    .filter((server) => server.status === 'unauthorized' && server.authorizationUrl)
    .map<TrayMenuItem>((server) => ({ label: `Log in to ${server.name}…`, click: () => actions.logIn(server.name) }));
  const startAtLogin = view.startAtLogin;
  const cli = view.cliCommandInstalled;

  return [
    { label: `MCP Hub: ${traySummary(view.hubState, view.servers)}`, enabled: false },
    ...(servers.length > 0 ? [separator, ...servers, ...logins] : []),
    separator,
    { label: 'Open MCP Hub', click: () => actions.openWindow() },
    { label: 'Copy MCP endpoint URL', click: () => actions.copy(view.endpointUrl) },
    {
      label: 'Copy client config',
      type: 'submenu',
      submenu: view.snippets.map((snippet) => ({ label: snippet.label, click: () => actions.copy(snippet.text) })),
    },
    ...(startAtLogin === undefined
      ? []
      : [separator, { label: 'Start at login', type: 'checkbox' as const, checked: startAtLogin, click: () => actions.setStartAtLogin(!startAtLogin) }]),
    // For tools that start `mcp-hub` by name (mcphub.nvim): the app's CLI on the PATH.
    ...(cli === undefined ? [] : [{ label: 'Command-line tool (mcp-hub)', type: 'checkbox' as const, checked: cli, click: () => actions.setCliCommand(!cli) }]),
    separator,
    { label: 'Quit MCP Hub', click: () => actions.quit() },
  ];
}
