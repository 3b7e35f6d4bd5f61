import { pathToFileURL } from 'node:url';
import type { Logger } from '../hub/log.js';
import type { DesktopEnvironment, ShellLike, WebContentsLike, WindowLike } from './electron-like.js';
import type { SenderCheck } from './ipc.js';

/**
 * Opens a web page in the user's browser. Only http(s) leaves the app: `file:`, `javascript:` and
 * custom schemes (which a page, or a remote server's OAuth metadata, could name) never reach the OS.
 */
export async function openInBrowser(shell: ShellLike, url: string): Promise<void> {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Refused below, like any other scheme.
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`Not opening '${url}': only http(s) links open in the browser`);
  await shell.openExternal(url);
}

/** A link the user clicked: opened in the browser, or logged why not. */
export function openExternalLink(shell: ShellLike, url: string, logger: Logger): void {
  openInBrowser(shell, url).catch((error: unknown) => logger.warn({ url, err: String(error) }, 'link not opened'));
}

/**
 * IPC is answered only for the app's own page in the main frame of its window: not for an iframe,
 * and not for any page the window was led to (navigation is blocked, but this holds even if not).
 */
export function isAppFrame(indexFile: string): SenderCheck {
  const expected = decodeURIComponent(pathToFileURL(indexFile).pathname);
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    let url: URL;
    try {
      url = new URL(frame.url);
    } catch {
      return false;
    }
    // The UI routes with the hash, so the path stays the file's.
    return url.protocol === 'file:' && url.host === '' && decodeURIComponent(url.pathname) === expected;
  };
}

/** The page may not navigate, open windows or ask for permissions; links open in the browser instead. */
function confine(contents: WebContentsLike, shell: ShellLike, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(shell, url, logger);
    return { action: 'deny' };
  });
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    if (event.isMainFrame) openExternalLink(shell, event.url, logger);
  });
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    // Copy buttons (navigator.clipboard.writeText) are the one thing the UI asks for.
    callback(permission === 'clipboard-sanitized-write');
  });
}

export interface AppWindowOptions {
  environment: Pick<DesktopEnvironment, 'createWindow' | 'shell' | 'platform'>;
  files: { rendererIndex: string; preload: string; windowIcon: string };
  logger: Logger;
}

/**
 * The one window of the app. Closing it hides it (the hub keeps running in the tray) until the app
 * is quitting; it is created on first show, so a `--hidden` start loads no page at all.
 */
export class AppWindow {
  /** Set once the app is quitting: from then on, closing really closes. */
  quitting = false;
  private window: WindowLike | undefined;

  constructor(private readonly options: AppWindowOptions) {}

  show(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) {
      this.window = this.create();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** Where hub events go: the window's page, when there is one. */
  webContents(): WebContentsLike[] {
    return this.window && !this.window.isDestroyed() ? [this.window.webContents] : [];
  }

  private create(): WindowLike {
    const { environment, files, logger } = this.options;
    const window = environment.createWindow({
      title: 'MCP Hub',
      width: 1100,
      height: 760,
      minWidth: 720,
      minHeight: 480,
      // Shown once painted, not as a blank frame.
      show: false,
      icon: files.windowIcon,
      webPreferences: {
        preload: files.preload,
        contextIsolation: true,
        nodeIntegration: false,
        sandbox: true,
        webSecurity: true,
        spellcheck: false,
      },
    });
    // Only macOS has an app menu (Edit shortcuts, Quit); a tray app's window needs no menu bar.
    if (environment.platform !== 'darwin') window.setMenu(null);
    confine(window.webContents, environment.shell, logger);
    window.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    window.loadFile(files.rendererIndex).catch((error: unknown) => logger.error({ err: String(error) }, 'the window could not load the UI'));
    return window;
  }
}
