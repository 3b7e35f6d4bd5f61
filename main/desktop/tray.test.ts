import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSnippets } from '../../shared/client-snippets.js';
import { loginThroughForms } from '../../test/fixtures/oauth/form-login.js';
import { startOAuthWorld, startRecordedHub } from '../../test/fixtures/oauth/oauth-world.js';
import { node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../../test/helpers.js';
import type { HubApp } from '../hub/compose.js';
import { silentLogger } from '../hub/log.js';
import { FakeElectron } from './fake-electron.js';
import type { LoginItem } from './login-item.js';
import { HubTray, trayIconFile } from './tray.js';

const ICON_DIR = new URL('../../resources/tray', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let configFile: string;
let hub: HubApp;
let broken: HubApp;

beforeAll(async () => {
  dir = await tempDir();
  configFile = await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } } });
  hub = await startHub([configFile]);
  const brokenDir = join(dir, 'broken');
  await mkdir(brokenDir);
  broken = await startHub([await writeConfig(brokenDir, { broken: { command: node, args: ['-e', 'process.exit(3)'] } })]);
});

afterAll(async () => {
  await hub?.stop();
  await broken?.stop();
  await removeDir(dir);
});

/** A tray on `target`, once it has drawn its first menu. */
async function trayFor(target: HubApp, electron = new FakeElectron(), loginItem?: LoginItem) {
  new HubTray({
    client: target.service.client(),
    environment: electron.environment,
    iconDir: ICON_DIR,
    endpoint: target.clientEndpoint(),
    loginItem,
    openWindow: () => {},
    quit: () => {},
    logger: silentLogger(),
    coalesceMs: 20,
  });
  await waitFor(() => electron.menuBuilds > 0, 'the first menu');
  return electron;
}

describe('tray (fake Electron)', () => {
  it('rebuilds the menu when a server changes, and not otherwise', async () => {
    const electron = await trayFor(hub);
    expect(electron.menuBuilds).toBe(1);
    expect(electron.tray.item('memory — connected')?.checked).toBe(true);
    // No timer: nothing happens while nothing changes, and log lines and tool calls change nothing.
    hub.core.events.emit('log', { type: 'info', message: 'hello', server: 'memory' });
    hub.core.events.emit('tool_call', { server: 'memory', tool: 'read_graph', via: 'mcp', durationMs: 1, ok: true });
    await sleep(200);
    expect(electron.menuBuilds).toBe(1);

    electron.tray.click('memory — connected');
    await waitFor(() => electron.tray.item('memory — disabled'), 'the server shown as switched off');
    expect(electron.tray.item('memory — disabled')?.checked).toBe(false);
    // Switched off from the tray, it stays off across restarts.
    expect(JSON.parse(readFileSync(configFile, 'utf8')).mcpServers.memory.disabled).toBe(true);

    electron.tray.click('memory — disabled');
    await waitFor(() => electron.tray.item('memory — connected'), 'the server shown as connected again');
    expect(JSON.parse(readFileSync(configFile, 'utf8')).mcpServers.memory.disabled).toBeUndefined();
  });

  it('makes one rebuild of a burst of events', async () => {
    const electron = await trayFor(hub);
    for (let i = 0; i < 50; i++) hub.core.events.emit('server_status', { server: 'memory', status: 'connected', previous: 'connected', error: null });
    await waitFor(() => electron.menuBuilds === 2, 'a rebuild');
    await sleep(100);
    expect(electron.menuBuilds).toBe(2);
  });

  it('shows a failing server in the icon and tooltip, for the theme in use', async () => {
    const electron = await trayFor(broken);
    await waitFor(() => electron.tray.image.endsWith('tray-failing-light.png'), 'the failing icon');
    expect(electron.tray.toolTip).toBe('MCP Hub: 1 failing');
    electron.theme.shouldUseDarkColors = true;
    electron.theme.emit('updated');
    await waitFor(() => electron.tray.image.endsWith('tray-failing-dark.png'), 'the icon for a dark theme');
    // macOS gets template images, which it recolours for the menu bar itself.
    const mac = await trayFor(broken, new FakeElectron({ platform: 'darwin' }));
    expect(mac.tray.image).toBe(join(ICON_DIR, 'trayFailingTemplate.png'));
    expect((await trayFor(hub)).tray.image).toBe(join(ICON_DIR, 'tray-ok-light.png'));
  });

  it('needs login: says so, starts the login in the browser, and clears once logged in', async () => {
    const world = await startOAuthWorld();
    const opened: string[] = [];
    const { hub: protectedHub, stop } = await startRecordedHub({ remote: { url: world.mcpServer.url } }, { hub: { openUrl: async (url) => void opened.push(url) } });
    try {
      const electron = await trayFor(protectedHub);
      expect(electron.tray.image).toBe(join(ICON_DIR, 'tray-login-light.png'));
      expect(electron.tray.toolTip).toBe('MCP Hub: 1 needs login');
      electron.tray.click('Log in to remote…');
      const url = await waitFor(() => opened[0], 'the login opened in the browser');
      await fetch(await loginThroughForms(url, world.authorizationServer.user));
      await waitFor(() => electron.tray.item('remote — connected'), 'the server connected');
      expect(electron.tray.image).toBe(join(ICON_DIR, 'tray-ok-light.png'));
      expect(electron.tray.item('Log in to remote…')).toBeUndefined();
    } finally {
      await stop();
      await world.close();
    }
  });

  it('copies the endpoint URL and client configs', async () => {
    const electron = await trayFor(hub);
    electron.tray.click('Copy MCP endpoint URL');
    expect(electron.clipboard.text).toBe(`${hub.url}/mcp`);
    electron.tray.click('VS Code');
    expect(electron.clipboard.text).toBe(clientSnippets(`${hub.url}/mcp`).find((s) => s.id === 'vscode')!.text);
  });

  it('turns Start at login on and off, showing the change at once', async () => {
    let enabled = false;
    const loginItem: LoginItem = { isEnabled: () => enabled, setEnabled: (value) => void (enabled = value), wasOpenedAtLogin: () => false };
    const electron = await trayFor(hub, new FakeElectron(), loginItem);
    expect(electron.tray.item('Start at login')?.checked).toBe(false);
    electron.tray.click('Start at login');
    expect(enabled).toBe(true);
    expect(electron.tray.item('Start at login')?.checked).toBe(true);
    expect((await trayFor(hub)).tray.item('Start at login')).toBeUndefined();
  });

  it('installs and removes the mcp-hub command from the menu', async () => {
    const home = join(dir, 'cli-home');
    const bin = join(home, '.local', 'bin');
    const withCli = await startHub([configFile], {
      clients: { where: { home, platform: 'linux', env: { PATH: bin } }, bridge: { command: node, args: [join(dir, 'cli.js')] } },
    });
    try {
      const electron = await trayFor(withCli);
      expect(electron.tray.item('Command-line tool (mcp-hub)')?.checked).toBe(false);
      electron.tray.click('Command-line tool (mcp-hub)');
      await waitFor(() => electron.tray.item('Command-line tool (mcp-hub)')?.checked, 'the menu to show it installed');
      expect(readFileSync(join(bin, 'mcp-hub'), 'utf8')).toContain(join(dir, 'cli.js'));
      electron.tray.click('Command-line tool (mcp-hub)');
      await waitFor(() => electron.tray.item('Command-line tool (mcp-hub)')?.checked === false, 'the menu to show it removed');
      expect(existsSync(join(bin, 'mcp-hub'))).toBe(false);
    } finally {
      await withCli.stop();
    }
    // A hub without a bundled CLI (and so the hub above) offers nothing.
    expect((await trayFor(hub)).tray.item('Command-line tool (mcp-hub)')).toBeUndefined();
  });

  it('has an icon file, and its @2x, for every state on every platform', () => {
    for (const state of ['ok', 'failing', 'login'] as const) {
      for (const platform of ['linux', 'win32', 'darwin'] as const) {
        for (const dark of [false, true]) {
          const file = join(ICON_DIR, trayIconFile(state, platform, dark));
          expect(existsSync(file), file).toBe(true);
          expect(existsSync(file.replace(/\.png$/, '@2x.png')), file).toBe(true);
        }
      }
    }
  });
});
