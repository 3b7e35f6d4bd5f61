import type { ClientSnippet } from '../../shared/client-snippets.js';
import { isFailing, type HubState, type ServerInfo, type ServerStatus } from '../../shared/status.js';

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

export type TrayServer = Pick<ServerInfo, 'name' | 'status' | 'authorizationUrl' | 'error' | 'restart'> & { hidden?: ServerInfo['hidden'] };

/** Tools pinning holds back (their definition changed since approved), across every server. */
export function heldCount(servers: TrayServer[]): number {
  return servers.reduce((sum, server) => sum + (server.hidden ?? []).filter((item) => item.held).length, 0);
}

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
  untrusted: 'not trusted (project folder)',
};

/** A server the user wants running, whether or not it got there (one between restarts too). */
function isSwitchedOn(server: TrayServer): boolean {
  if (isFailing(server)) return true;
  return server.status !== 'disabled' && server.status !== 'disconnected' && server.status !== 'untrusted';
}

function statusLabel(server: TrayServer): string {
  return isFailing(server) && server.status !== 'error' ? 'failed, restarting' : STATUS_LABELS[server.status];
}

/**
 * A failure outranks a pending login: a login is one click away, a failure needs looking into.
 * A sleeping server is fine: it starts on its next call.
 */
export function trayState(servers: TrayServer[]): TrayState {
  if (servers.some(isFailing)) return 'failing';
  if (servers.some((server) => server.status === 'unauthorized')) return 'login';
  return 'ok';
}

export function traySummary(hubState: HubState, servers: TrayServer[]): string {
  if (hubState === 'stopping' || hubState === 'stopped') return 'Stopping…';
  if (servers.length === 0) return 'No servers configured';
  // A server between restarts is failing, not starting or off.
  const count = (status: ServerStatus) => servers.filter((server) => server.status === status && !isFailing(server)).length;
  const parts = [
    [count('connected'), 'connected'],
    [count('sleeping'), 'sleeping'],
    [servers.filter(isFailing).length, 'failing'],
    [count('unauthorized'), count('unauthorized') === 1 ? 'needs login' : 'need login'],
    [count('connecting'), 'starting'],
    [count('disconnected') + count('disabled'), 'off'],
  ] as const;
  const held = heldCount(servers);
  return [
    ...parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`),
    ...(held > 0 ? [`${held} changed tool${held === 1 ? '' : 's'} held`] : []),
  ].join(', ');
}

export function trayMenu(view: TrayView, actions: TrayActions): TrayMenuItem[] {
  const separator: TrayMenuItem = { type: 'separator' };
  const servers = view.servers.map<TrayMenuItem>((server) => ({
    label: `${server.name} — ${statusLabel(server)}`,
    type: 'checkbox',
    checked: isSwitchedOn(server),
    click: () => actions.setServerRunning(server.name, !isSwitchedOn(server)),
  }));
  // A server can be unauthorized without an OAuth login to offer (it refused its configured headers).
  const logins = view.servers
    .filter((server) => server.status === 'unauthorized' && server.authorizationUrl)
    .map<TrayMenuItem>((server) => ({ label: `Log in to ${server.name}…`, click: () => actions.logIn(server.name) }));
  const startAtLogin = view.startAtLogin;
  const held = heldCount(view.servers);
  const approvals: TrayMenuItem[] = held > 0 ? [{ label: `Review ${held} changed tool${held === 1 ? '' : 's'}…`, click: () => actions.openWindow() }] : [];
  const cli = view.cliCommandInstalled;

  return [
    { label: `MCP Hub: ${traySummary(view.hubState, view.servers)}`, enabled: false },
    ...(servers.length > 0 ? [separator, ...servers, ...logins, ...approvals] : []),
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
