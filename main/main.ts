// The Electron entry: builds the hub of this machine and hands it to the desktop shell.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeTheme, shell, Tray } from 'electron';
import { runDesktopApp } from './desktop/desktop-app.js';
import type { DesktopEnvironment } from './desktop/electron-like.js';
import { createLoginItem } from './desktop/login-item.js';
import { openInBrowser } from './desktop/window.js';
import { HubApp } from './hub/compose.js';
import { machineHubOptions } from './hub/machine-options.js';
import { loginShellPath, mergePaths, needsLoginShellPath } from './hub/shell-path.js';
import { errorMessage } from '../shared/errors.js';

// out/main/main.js, next to out/preload and out/renderer; resources/ is at the app's root.
const here = dirname(fileURLToPath(import.meta.url));
const resources = join(here, '..', '..', 'resources');

// A profile of its own: the desktop smoke test (scripts/smoke-desktop.mjs) runs the app with a
// throwaway one next to the user's, since the single-instance lock lives in it too.
const userDataDir = process.argv.find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
if (userDataDir) app.setPath('userData', userDataDir);

/** The tray's menu, for the desktop smoke test: Electron has no getter for it, nor for the trays. */
const smokeProbe: { trayMenu?: Menu } = {};
(globalThis as { mcpHubDesktop?: typeof smokeProbe }).mcpHubDesktop = smokeProbe;

/** The hub's port: 37373, or MCP_HUB_PORT (the smoke test's, beside a running hub). */
function desktopPort(value: string | undefined): number {
  if (!value) return 37373;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`MCP_HUB_PORT must be a port number from 1 to 65535, not "${value}"`);
  return port;
}

const environment: DesktopEnvironment = {
  app,
  ipcMain,
  shell,
  clipboard,
  nativeTheme,
  dialog,
  createTray: (image) => {
    const tray = new Tray(image);
    return {
      setImage: (path) => tray.setImage(path),
      setToolTip: (text) => tray.setToolTip(text),
      setContextMenu: (menu) => {
        smokeProbe.trayMenu = menu as Menu;
        tray.setContextMenu(menu as Menu);
      },
      on: (event, listener) => tray.on(event, listener),
    };
  },
  buildMenu: (template) => Menu.buildFromTemplate(template),
  createWindow: (options) => new BrowserWindow(options),
  platform: process.platform,
};

let hub: HubApp | undefined;
// Whatever happens, no server process outlives the app.
process.on('exit', () => hub?.killNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

runDesktopApp(environment, {
  argv: process.argv,
  files: {
    rendererIndex: join(here, '..', 'renderer', 'index.html'),
    preload: join(here, '..', 'preload', 'preload.cjs'),
    windowIcon: join(resources, 'icon.png'),
    trayIconDir: join(resources, 'tray'),
  },
  loginItem: createLoginItem({
    platform: process.platform,
    app,
    // An AppImage runs from a temporary mount; APPIMAGE is the file the user keeps.
    command: app.isPackaged ? { path: process.env['APPIMAGE'] ?? process.execPath, args: [] } : { path: process.execPath, args: [app.getAppPath()] },
  }),
  async createHub() {
    const apiToken = process.env['MCP_HUB_API_TOKEN'] || undefined;
    // Started from a launcher, the app lacks what the user's shell adds to PATH (nvm, Homebrew…),
    // and servers run with `npx` or `uvx` would not be found.
    const shellPath = needsLoginShellPath(process.platform, process.env)
      ? await loginShellPath().then(
          (path) => ({ path }),
          (error: unknown) => ({ error: errorMessage(error) }),
        )
      : undefined;
    const { options, logger, createdConfigFile } = await machineHubOptions({
      port: desktopPort(process.env['MCP_HUB_PORT']),
      host: '127.0.0.1',
      apiToken,
      logLevel: undefined,
      configFiles: [],
      watch: true,
      // The hub serves the same UI to browsers at http://127.0.0.1:<port>/.
      uiDir: join(here, '..', 'renderer'),
      ...(shellPath && 'path' in shellPath && { env: { ...process.env, PATH: mergePaths(shellPath.path, process.env['PATH']) } }),
      // Clients that only start processes run the CLI bundle's stdio bridge with this app's own
      // binary acting as Node, so nothing else has to be installed.
      bridge: { command: process.execPath, args: [join(app.getAppPath(), 'dist', 'cli.js')], env: { ELECTRON_RUN_AS_NODE: '1' } },
    });
    if (shellPath && 'error' in shellPath) logger.warn(`using the app's own PATH for servers: ${shellPath.error}`);
    if (createdConfigFile) logger.info({ file: createdConfigFile }, 'created the config file');
    // A broken config file must not keep the app from starting: its window is where it gets fixed.
    // A v4 client (mcphub.nvim) that hard-restarts the hub launches its own right after; restarting
    // in place keeps the port, so that launch finds this hub instead of taking over.
    hub = new HubApp({ ...options, startWithBrokenConfig: true, onHardRestart: 'in-place', openUrl: (url) => openInBrowser(shell, url) });
    return { hub, logger };
  },
}).catch((error: unknown) => {
  // Before the hub runs (an unwritable config folder, say); showErrorBox works even before 'ready'.
  dialog.showErrorBox('MCP Hub could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
  app.exit(1);
});
