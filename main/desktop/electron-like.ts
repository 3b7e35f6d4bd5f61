import type { BrowserWindowConstructorOptions } from 'electron';
import type { IpcMainLike } from './ipc.js';
import type { TrayMenuItem } from './tray-menu.js';

/**
 * The parts of Electron the desktop shell uses, as small interfaces: main.ts passes the real
 * objects (the compiler checks they fit), tests pass fakes and run in plain Node.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

export interface WillNavigateEvent extends PreventableEvent {
  url: string;
  isMainFrame: boolean;
}

export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-frame-navigate', listener: (event: WillNavigateEvent) => void): unknown;
  readonly session: {
    setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  };
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  loadFile(file: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  setMenu(menu: null): void;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface TrayLike {
  /** A path; on macOS a name ending in `Template` makes it a template image. */
  setImage(image: string): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface ClipboardLike {
  writeText(text: string): void;
}

export interface NativeThemeLike {
  readonly shouldUseDarkColors: boolean;
  on(event: 'updated', listener: () => void): unknown;
}

export interface DialogLike {
  showErrorBox(title: string, content: string): void;
}

export interface DesktopEnvironment {
  app: AppLike;
  ipcMain: IpcMainLike;
  shell: ShellLike;
  clipboard: ClipboardLike;
  nativeTheme: NativeThemeLike;
  dialog: DialogLike;
  createTray(image: string): TrayLike;
  buildMenu(template: TrayMenuItem[]): unknown;
  createWindow(options: BrowserWindowConstructorOptions): WindowLike;
  platform: NodeJS.Platform;
}
