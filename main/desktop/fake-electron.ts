// Fakes of the Electron objects the desktop shell uses, for tests in plain Node (there is no
// Electron binary on the machines that run them). They behave as Electron documents, as far as the
// shell depends on it: app.quit() asks 'before-quit' and then every window's 'close', either of
// which can cancel it; a window's close can be prevented; ipcMain invokes one handler per channel.
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, IpcRendererEvent } from 'electron';
import type { IpcRendererLike } from '../../preload/expose-hub.js';
import type { DesktopEnvironment, PreventableEvent, WillNavigateEvent } from './electron-like.js';
import type { IpcMainLike } from './ipc.js';
import type { TrayMenuItem } from './tray-menu.js';

function preventable<T extends object>(fields: T = {} as T): T & PreventableEvent & { defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeApp extends EventEmitter {
  exitCode: number | undefined;
  quitted = false;
  constructor(
    private readonly gotLock: boolean,
    private readonly windows: () => FakeWindow[],
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    if (this.quitted) return;
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of this.windows()) if (!window.isDestroyed() && !window.close()) return;
    this.quitted = true;
  }
  exit(exitCode = 0): void {
    this.exitCode = exitCode;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  /** The page's side of `send`: what its ipcRenderer listeners receive. */
  readonly page = new EventEmitter();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  permissionHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  destroyed = false;
  readonly session = {
    setPermissionRequestHandler: (handler: NonNullable<FakeWebContents['permissionHandler']>) => {
      this.permissionHandler = handler;
    },
  };
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    // Electron passes what crosses IPC through structured clone.
    this.page.emit(channel, {} as IpcRendererEvent, ...args.map((arg) => structuredClone(arg)));
  }
  setWindowOpenHandler(handler: NonNullable<FakeWebContents['openHandler']>): void {
    this.openHandler = handler;
  }
  /** The page (or a link in it) tries to go to `url`; returns whether the navigation went ahead. */
  navigate(url: string, isMainFrame = true): boolean {
    const event: WillNavigateEvent & { defaultPrevented: boolean } = preventable({ url, isMainFrame });
    this.emit('will-frame-navigate', event);
    return !event.defaultPrevented;
  }
  askPermission(permission: string): boolean {
    let granted = false;
    this.permissionHandler?.(this, permission, (answer) => (granted = answer));
    return granted;
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  menuRemoved = false;
  loadedFile: string | undefined;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  async loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    // Electron paints, then says so.
    setImmediate(() => this.emit('ready-to-show'));
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setMenu(menu: null): void {
    this.menuRemoved = menu === null;
  }
  /** The user (or app.quit) closes the window; returns whether it really closed. */
  close(): boolean {
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.visible = false;
    return true;
  }
}

export class FakeTray extends EventEmitter {
  image: string;
  toolTip = '';
  menu: TrayMenuItem[] = [];
  constructor(image: string) {
    super();
    this.image = image;
  }
  setImage(image: string): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu as TrayMenuItem[];
  }
  /** The menu item with this label, searched in submenus too. */
  item(label: string, items = this.menu): TrayMenuItem | undefined {
    for (const item of items) {
      if (item.label === label) return item;
      const inner = item.submenu && this.item(label, item.submenu);
      if (inner) return inner;
    }
    return undefined;
  }
  click(label: string): void {
    const item = this.item(label);
    if (!item?.click) throw new Error(`no menu item '${label}' to click in ${JSON.stringify(this.menu.map((i) => i.label))}`);
    item.click();
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** An invoke from a frame at `url`, as Electron would deliver it (through structured clone both ways). */
  async invoke(channel: string, frame: { url: string; parent: object | null }, input: unknown = {}): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return structuredClone(await handler({ senderFrame: frame } as unknown as IpcMainInvokeEvent, structuredClone(input)));
  }
}

/** Every fake together, shaped as the shell's DesktopEnvironment, with what happened to them. */
export class FakeElectron {
  readonly windows: FakeWindow[] = [];
  readonly trays: FakeTray[] = [];
  readonly clipboard = { text: '', writeText: (text: string) => void (this.clipboard.text = text) };
  readonly opened: string[] = [];
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  readonly theme = new (class extends EventEmitter {
    shouldUseDarkColors = false;
  })();
  readonly ipcMain = new FakeIpcMain();
  readonly app: FakeApp;
  menuBuilds = 0;

  constructor(options: { gotLock?: boolean; platform?: NodeJS.Platform } = {}) {
    this.app = new FakeApp(options.gotLock ?? true, () => this.windows);
    this.environment = {
      app: this.app,
      ipcMain: this.ipcMain,
      shell: { openExternal: async (url) => void this.opened.push(url) },
      clipboard: this.clipboard,
      nativeTheme: this.theme,
      dialog: { showErrorBox: (title, content) => void this.errorBoxes.push({ title, content }) },
      createTray: (image) => {
        const tray = new FakeTray(image);
        this.trays.push(tray);
        return tray;
      },
      buildMenu: (template) => {
        this.menuBuilds += 1;
        return template;
      },
      createWindow: (windowOptions) => {
        const window = new FakeWindow(windowOptions);
        this.windows.push(window);
        return window;
      },
      platform: options.platform ?? 'linux',
    };
  }

  readonly environment: DesktopEnvironment;

  /** The ipcRenderer of a page shown in `contents`, whose frame is at `frame.url`. */
  ipcRenderer(contents: FakeWebContents, frame: { url: string; parent: object | null }): IpcRendererLike {
    return {
      invoke: (channel, ...args) => this.ipcMain.invoke(channel, frame, args[0]),
      on: (channel, listener) => contents.page.on(channel, listener),
      removeListener: (channel, listener) => contents.page.off(channel, listener),
    };
  }

  get tray(): FakeTray {
    const tray = this.trays[0];
    if (!tray) throw new Error('no tray was created');
    return tray;
  }
}
