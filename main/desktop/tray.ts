import { join } from 'node:path';
import { clientSnippets } from '../../shared/client-snippets.js';
import type { HubEndpoint } from '../../shared/clients.js';
import type { HubEventName } from '../../shared/events.js';
import type { HubClient } from '../../shared/hub-client.js';
import type { HubState } from '../../shared/status.js';
import type { Logger } from '../hub/log.js';
import type { DesktopEnvironment, TrayLike } from './electron-like.js';
import type { LoginItem } from './login-item.js';
import { trayMenu, trayState, traySummary, type TrayServer, type TrayState } from './tray-menu.js';

/** The icon file for a state (see scripts/make-icons.mjs for what each one looks like). */
export function trayIconFile(state: TrayState, platform: NodeJS.Platform, darkTheme: boolean): string {
  if (platform === 'darwin') return `tray${state[0]!.toUpperCase()}${state.slice(1)}Template.png`;
  return `tray-${state}-${darkTheme ? 'dark' : 'light'}.png`;
}

/** The events that change what the tray shows; tool calls and log lines do not. */
const TRAY_EVENTS: ReadonlySet<HubEventName> = new Set(['server_status', 'servers_updated', 'hub_state', 'tool_changed', 'tool_list_changed']);

export interface HubTrayOptions {
  /** The hub's in-process client: the tray reads and acts through the same front door as the window. */
  client: HubClient;
  environment: Pick<DesktopEnvironment, 'createTray' | 'buildMenu' | 'nativeTheme' | 'clipboard' | 'platform'>;
  iconDir: string;
  /** Where clients reach the hub (its URL, stdio bridge and token), as it was when the tray was made. */
  endpoint: HubEndpoint;
  loginItem: LoginItem | undefined;
  openWindow(): void;
  quit(): void;
  logger: Logger;
  /** Events closer together than this make one rebuild (a hub starting ten servers emits dozens). */
  coalesceMs?: number;
}

/**
 * The tray icon and its menu, redrawn from the hub's state whenever an event changes it, at most
 * once per `coalesceMs`. There is no timer besides that: nothing changes without an event.
 */
export class HubTray {
  private readonly tray: TrayLike;
  private pending: NodeJS.Timeout | undefined;
  /** The redraw under way; one that is asked for meanwhile follows it. */
  private drawing: Promise<void> | undefined;
  private redrawAfter = false;
  private view: { hubState: HubState; servers: TrayServer[]; cliCommandInstalled?: boolean | undefined } = { hubState: 'starting', servers: [] };
  private shownIcon: string | undefined;
  private shownToolTip: string | undefined;

  constructor(private readonly options: HubTrayOptions) {
    const { environment } = options;
    this.shownIcon = this.iconPath();
    this.tray = environment.createTray(this.shownIcon);
    // Windows users expect a left click to open the app; elsewhere a click opens the menu.
    if (environment.platform === 'win32') this.tray.on('click', () => options.openWindow());
    // Subscribed for the life of the process: the tray goes when the app does.
    options.client.subscribe((event) => {
      if (TRAY_EVENTS.has(event.type)) this.schedule();
    });
    environment.nativeTheme.on('updated', () => this.schedule());
    this.redraw();
  }

  private schedule(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.redraw();
    }, this.options.coalesceMs ?? 100);
  }

  private redraw(): void {
    if (this.drawing) {
      this.redrawAfter = true;
      return;
    }
    this.drawing = this.read()
      .then(() => this.render())
      .catch((error: unknown) => this.options.logger.warn({ err: String(error) }, 'could not redraw the tray'))
      .finally(() => {
        this.drawing = undefined;
        if (this.redrawAfter) {
          this.redrawAfter = false;
          this.redraw();
        }
      });
  }

  private async read(): Promise<void> {
    const { state, servers } = await this.options.client.invoke('health', {});
    const cli = await this.options.client.invoke('cliCommand', {});
    this.view = { hubState: state, servers, cliCommandInstalled: cli.available && !cli.taken ? cli.installed : undefined };
  }

  private iconPath(state = trayState(this.view.servers)): string {
    const { platform, nativeTheme } = this.options.environment;
    return join(this.options.iconDir, trayIconFile(state, platform, nativeTheme.shouldUseDarkColors));
  }

  private render(): void {
    const { client, environment, loginItem, logger } = this.options;
    const { hubState, servers, cliCommandInstalled } = this.view;
    const icon = this.iconPath(trayState(servers));
    // Linux tray hosts redraw (and flicker) on every call, so only changes are sent.
    if (icon !== this.shownIcon) this.tray.setImage((this.shownIcon = icon));
    const toolTip = `MCP Hub: ${traySummary(hubState, servers)}`;
    if (toolTip !== this.shownToolTip) this.tray.setToolTip((this.shownToolTip = toolTip));

    const failed = (what: string, name: string) => (error: unknown) => logger.warn({ server: name, err: String(error) }, `could not ${what} from the tray`);
    const template = trayMenu(
      {
        hubState,
        servers,
        endpointUrl: this.options.endpoint.url,
        snippets: clientSnippets(this.options.endpoint.url, { apiToken: this.options.endpoint.apiToken, bridge: this.options.endpoint.bridge }),
        startAtLogin: loginItem?.isEnabled(),
        cliCommandInstalled,
      },
      {
        openWindow: () => this.options.openWindow(),
        setServerRunning: (name, running) => {
          // Switching off from the tray is meant to last: the server stays off after a restart too.
          const change = running ? client.invoke('startServer', { server_name: name }) : client.invoke('stopServer', { server_name: name, disable: true });
          change.catch(failed(running ? 'start the server' : 'stop the server', name));
        },
        // A fresh login, which the hub opens in the browser.
        logIn: (name) => {
          client.invoke('authorizeServer', { server_name: name }).catch(failed('start the login', name));
        },
        copy: (text) => environment.clipboard.writeText(text),
        setStartAtLogin: (enabled) => {
          try {
            loginItem?.setEnabled(enabled);
          } catch (error) {
            logger.warn({ err: String(error) }, 'could not change the login item');
          }
          this.render();
        },
        setCliCommand: (installed) => {
          client
            .invoke(installed ? 'installCliCommand' : 'removeCliCommand', {})
            .catch((error: unknown) => logger.warn({ err: String(error) }, 'could not change the command-line tool'))
            .finally(() => this.redraw());
        },
        quit: () => this.options.quit(),
      },
    );
    this.tray.setContextMenu(environment.buildMenu(template));
  }
}
