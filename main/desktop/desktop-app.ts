import type { HubApp } from '../hub/compose.js';
import type { Logger } from '../hub/log.js';
import type { DesktopEnvironment } from './electron-like.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { HIDDEN_FLAG, type LoginItem } from './login-item.js';
import { HubTray } from './tray.js';
import { AppWindow, isAppFrame } from './window.js';
import { errorMessage } from '../../shared/errors.js';

/** The built files the shell loads. */
export interface AppFiles {
  rendererIndex: string;
  preload: string;
  windowIcon: string;
  trayIconDir: string;
}

export interface DesktopOptions {
  argv: string[];
  files: AppFiles;
  /**
   * Builds (does not start) the hub. Called only in the instance that holds the single-instance
   * lock, so a second launch opens no log file and touches no server.
   */
  createHub(): Promise<{ hub: HubApp; logger: Logger }>;
  loginItem: LoginItem | undefined;
  /** After this, servers that have not stopped are killed (default 10 s). */
  stopTimeoutMs?: number;
  trayCoalesceMs?: number;
}


/**
 * The desktop app around a hub: one instance per user, a tray that outlives the window, and a
 * quit that stops every server before the process ends. Resolves to the running hub, or to
 * undefined when this instance is not the one to run (another holds the lock) or the hub could not
 * start.
 */
export async function runDesktopApp(environment: DesktopEnvironment, options: DesktopOptions): Promise<HubApp | undefined> {
  const { app } = environment;
  if (!app.requestSingleInstanceLock()) {
    // The first instance got 'second-instance' and shows its window.
    app.exit(0);
    return undefined;
  }
  const { hub, logger } = await options.createHub();
  // Listening does not wait for Electron; a rejection is kept as a value until the app can show it.
  const started = hub.start().then(
    () => undefined,
    (error: unknown) => error,
  );

  const window = new AppWindow({ environment, files: options.files, logger });
  const unregister = registerIpcHandlers(environment.ipcMain, hub.service, isAppFrame(options.files.rendererIndex));
  const stopForwarding = forwardEvents(hub.service, () => window.webContents());
  app.on('second-instance', () => window.show());
  // macOS: a click on the Dock icon.
  app.on('activate', () => window.show());
  // Closing the window hides it; even if it really closes, the app lives on in the tray.
  app.on('window-all-closed', () => {});

  let stopped = false;
  let stopping: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    window.quitting = true;
    if (stopped) return;
    event.preventDefault();
    // The tray stays until the process ends, saying "Stopping…" meanwhile.
    stopping ??= (async () => {
      stopForwarding();
      unregister();
      await started;
      await stopHub(hub, logger, options.stopTimeoutMs ?? 10_000);
    })().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  await app.whenReady();
  const failure = await started;
  if (failure !== undefined) {
    logger.error({ err: errorMessage(failure) }, 'the hub could not start');
    environment.dialog.showErrorBox('MCP Hub could not start', errorMessage(failure));
    await hub.stop().catch(() => {});
    app.exit(1);
    return undefined;
  }
  if (window.quitting) return undefined;

  new HubTray({
    client: hub.service.client(),
    environment,
    iconDir: options.files.trayIconDir,
    endpoint: hub.clientEndpoint(),
    loginItem: options.loginItem,
    openWindow: () => window.show(),
    quit: () => app.quit(),
    logger,
    ...(options.trayCoalesceMs !== undefined && { coalesceMs: options.trayCoalesceMs }),
  });
  const openedAtLogin = options.argv.includes(HIDDEN_FLAG) || options.loginItem?.wasOpenedAtLogin() === true;
  if (!openedAtLogin) window.show();
  return hub;
}

/** Stops every server, waiting at most `timeoutMs` before killing what is left. */
async function stopHub(hub: HubApp, logger: Logger, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([hub.stop(), timedOut]);
    if (outcome === 'timeout') {
      logger.warn({ timeoutMs }, 'servers did not stop in time; killing them');
      hub.killNow();
    }
  } catch (error) {
    logger.error({ err: errorMessage(error) }, 'error while stopping the hub');
    hub.killNow();
  } finally {
    clearTimeout(timer);
  }
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
}
