import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventOfFrame, type EventFrame } from '../../shared/event-frames.js';
import { IPC_EVENT_CHANNEL } from '../../shared/hub-client.js';
import { FAST_RESTARTS, isAlive, node, removeDir, SERVERS, tempDir, waitFor, writeConfig } from '../../test/helpers.js';
import { HubApp, type HubAppOptions } from '../hub/compose.js';
import { silentLogger } from '../hub/log.js';
import { runDesktopApp, type AppFiles } from './desktop-app.js';
import { FakeElectron } from './fake-electron.js';
import type { LoginItem } from './login-item.js';

const FILES: AppFiles = {
  rendererIndex: '/opt/MCP Hub/resources/app.asar/out/renderer/index.html',
  preload: '/opt/MCP Hub/resources/app.asar/out/preload/preload.cjs',
  windowIcon: '/opt/MCP Hub/resources/app.asar/resources/icon.png',
  trayIconDir: new URL('../../resources/tray', import.meta.url).pathname,
};
const APP_PAGE = { url: `${pathToFileURL(FILES.rendererIndex).href}#/servers`, parent: null };

let dir: string;
let configFile: string;
const running: HubApp[] = [];

beforeAll(async () => {
  dir = await tempDir();
  configFile = await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } } });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((hub) => hub.stop()));
});

afterAll(async () => {
  await removeDir(dir);
});

async function launch(
  electron: FakeElectron,
  options: { argv?: string[]; hub?: Partial<HubAppOptions>; loginItem?: LoginItem } = {},
): Promise<{ hub: HubApp | undefined; hubsCreated: number }> {
  let hubsCreated = 0;
  const hub = await runDesktopApp(electron.environment, {
    argv: options.argv ?? ['/opt/MCP Hub/mcp-hub-desktop'],
    files: FILES,
    loginItem: options.loginItem,
    trayCoalesceMs: 10,
    async createHub() {
      hubsCreated += 1;
      // As main.ts makes it.
      const hub = new HubApp({ configFiles: [configFile], port: 0, restartPolicy: FAST_RESTARTS, onHardRestart: 'in-place', ...options.hub });
      return { hub, logger: silentLogger() };
    },
  });
  if (hub) running.push(hub);
  return { hub, hubsCreated };
}

describe('desktop app lifecycle (fake Electron)', () => {
  it('opens the window at start, and none when started at login with --hidden', async () => {
    const shown = new FakeElectron();
    await launch(shown);
    await waitFor(() => shown.windows[0]?.visible, 'the window shown once painted');
    expect(shown.windows[0]!.loadedFile).toBe(FILES.rendererIndex);

    const hidden = new FakeElectron();
    await launch(hidden, { argv: ['/opt/MCP Hub/mcp-hub-desktop', '--hidden'] });
    // macOS starts login items without arguments and says so instead.
    const macLogin = new FakeElectron({ platform: 'darwin' });
    await launch(macLogin, { loginItem: { isEnabled: () => true, setEnabled: () => {}, wasOpenedAtLogin: () => true } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hidden.windows).toEqual([]);
    expect(macLogin.windows).toEqual([]);
    expect(hidden.tray.item('Open MCP Hub')).toBeDefined();
  });

  it('runs one instance: a second launch exits at once, and the first shows its window', async () => {
    const first = new FakeElectron();
    await launch(first, { argv: ['app', '--hidden'] });

    const second = new FakeElectron({ gotLock: false });
    const { hub, hubsCreated } = await launch(second);
    expect(hub).toBeUndefined();
    expect(second.app.exitCode).toBe(0);
    expect(hubsCreated).toBe(0);

    // Electron tells the first instance; it shows (or creates) its window and focuses it.
    first.app.emit('second-instance');
    await waitFor(() => first.windows[0]?.visible, 'the window shown');
    const window = first.windows[0]!;
    window.hide();
    window.minimized = true;
    first.app.emit('second-instance');
    expect(window).toMatchObject({ visible: true, minimized: false, focused: true });
    expect(first.windows).toHaveLength(1);
  });

  it('hides the window on close; the hub keeps running in the tray', async () => {
    const electron = new FakeElectron();
    const { hub } = await launch(electron);
    await hub!.whenReady();
    const window = await waitFor(() => electron.windows.find((w) => w.visible), 'the window');
    expect(window.close()).toBe(false);
    expect(window).toMatchObject({ visible: false, destroyed: false });
    expect(hub!.core.state).toBe('ready');
    electron.tray.click('Open MCP Hub');
    expect(window.visible).toBe(true);
    expect(electron.windows).toHaveLength(1);
  });

  it('quits from the tray only after every server has stopped', async () => {
    const electron = new FakeElectron();
    const { hub } = await launch(electron);
    await hub!.whenReady();
    const window = await waitFor(() => electron.windows.find((w) => w.visible), 'the window');
    const pid = hub!.core.serverInfos()[0]!.pid!;
    expect(isAlive(pid)).toBe(true);
    let stateWhenWindowClosed: string | undefined;
    window.on('close', () => (stateWhenWindowClosed ??= hub!.core.state));

    electron.tray.click('Quit MCP Hub');
    // The first quit is held back while the hub stops; the window stays...
    expect(electron.app.quitted).toBe(false);
    expect(stateWhenWindowClosed).toBeUndefined();
    // ...until the app quits again, and this time the window closes for real.
    await waitFor(() => electron.app.quitted, 'the app to quit');
    expect(stateWhenWindowClosed).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    expect(window.destroyed).toBe(true);
    await waitFor(() => electron.tray.toolTip === 'MCP Hub: Stopping…', 'the tray saying so');
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('says why when the hub cannot start, and exits', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const electron = new FakeElectron();
      const { hub } = await launch(electron, { hub: { port: (busy.address() as AddressInfo).port } });
      expect(hub).toBeUndefined();
      expect(electron.errorBoxes).toEqual([{ title: 'MCP Hub could not start', content: expect.stringContaining('already in use') }]);
      expect(electron.app.exitCode).toBe(1);
      expect(electron.trays).toEqual([]);
    } finally {
      busy.close();
    }
  });

  it('restarts the servers in place for a hard restart, keeping the port, so a v4 client\'s own launch finds the hub', async () => {
    const electron = new FakeElectron();
    const { hub } = await launch(electron, { argv: ['app', '--hidden'] });
    const port = hub!.port;
    const states: string[] = [];
    hub!.core.events.on('hub_state', (event) => states.push(event.state));
    expect(await hub!.service.dispatch('hardRestart', {})).toEqual({ ok: true, result: { status: 'ok' } });
    await waitFor(() => states.includes('restarted'), 'the hub to come back');
    expect(electron.app.quitted).toBe(false);
    expect(hub!.port).toBe(port);
    expect((await fetch(`${hub!.url}/api/health`)).status).toBe(200);
  });
});

describe('desktop window (fake Electron)', () => {
  it('is sandboxed, isolated, without Node, and loads the built UI with the preload', async () => {
    const electron = new FakeElectron();
    await launch(electron);
    const window = await waitFor(() => electron.windows[0], 'the window');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, preload: FILES.preload });
    expect(window.menuRemoved).toBe(true);
    expect(window.loadedFile).toBe(FILES.rendererIndex);
  });

  it('navigates nowhere and opens no windows; web links go to the browser, other schemes nowhere', async () => {
    const electron = new FakeElectron();
    await launch(electron);
    const contents = (await waitFor(() => electron.windows[0], 'the window')).webContents;
    expect(contents.openHandler!({ url: 'https://modelcontextprotocol.io/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.navigate('https://example.com/')).toBe(false);
    expect(contents.navigate('https://ads.example/frame', false)).toBe(false);
    expect(contents.navigate('javascript:alert(1)')).toBe(false);
    await waitFor(() => electron.opened.length === 2, 'the links opened');
    expect(electron.opened).toEqual(['https://modelcontextprotocol.io/', 'https://example.com/']);
    expect(contents.askPermission('media')).toBe(false);
    expect(contents.askPermission('notifications')).toBe(false);
    expect(contents.askPermission('clipboard-sanitized-write')).toBe(true);
  });

  it('answers IPC from the app’s own page only', async () => {
    const electron = new FakeElectron();
    await launch(electron, { argv: ['app', '--hidden'] });
    const call = (frame: { url: string; parent: object | null }) => electron.ipcMain.invoke('hub:invoke:listServers', frame);
    expect(await call(APP_PAGE)).toMatchObject({ ok: true, result: { servers: [{ name: 'memory' }] } });
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: pathToFileURL('/tmp/index.html').href, parent: null },
      // The app's page inside a frame of another page is not the app.
      { url: APP_PAGE.url, parent: {} },
      { url: 'not a url', parent: null },
    ]) {
      expect(await call(frame), frame.url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('forwards hub events to the window', async () => {
    const electron = new FakeElectron();
    const { hub } = await launch(electron);
    const contents = (await waitFor(() => electron.windows[0], 'the window')).webContents;
    await hub!.core.stopServer('memory');
    const frame = await waitFor(
      () => contents.sent.find((m) => m.channel === IPC_EVENT_CHANNEL && (m.args[0] as EventFrame).data['type'] === 'server_status')?.args[0],
      'a server_status frame',
    );
    // The frame /api/events sends, read with the same decoder.
    expect(eventOfFrame((frame as EventFrame).event, (frame as EventFrame).data)).toMatchObject({ type: 'server_status', data: { server: 'memory', status: 'disconnected' } });
    await hub!.core.startServer('memory');
  });
});
