import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../test/helpers.js';
import { autostartDir, createLoginItem, desktopExecArg, type LoginItemApp } from './login-item.js';

/** Electron's login-item settings as macOS and Windows keep them, keyed by path and arguments on Windows. */
class FakeLoginItemApp implements LoginItemApp {
  readonly calls: unknown[] = [];
  private enabled = new Set<string>();
  wasOpenedAtLogin = false;
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void {
    this.calls.push(settings);
    const key = JSON.stringify([settings.path, settings.args]);
    if (settings.openAtLogin) this.enabled.add(key);
    else this.enabled.delete(key);
  }
  getLoginItemSettings(options: { path?: string; args?: string[] } = {}) {
    return { openAtLogin: this.enabled.has(JSON.stringify([options.path, options.args])), wasOpenedAtLogin: this.wasOpenedAtLogin };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

describe('start at login (fake Electron)', () => {
  it('on Linux, writes and removes an XDG autostart entry that starts the app hidden', () => {
    const autostart = join(dir, 'autostart');
    const item = createLoginItem({
      platform: 'linux',
      app: new FakeLoginItemApp(),
      command: { path: '/opt/MCP Hub/mcp-hub-desktop', args: [] },
      autostartDir: autostart,
    })!;
    const file = join(autostart, 'mcp-hub-desktop.desktop');
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('\nExec="/opt/MCP Hub/mcp-hub-desktop" --hidden\n');
    expect(item.wasOpenedAtLogin()).toBe(false);

    // A desktop's own settings switch turns the entry off without deleting it.
    writeFileSync(file, readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    item.setEnabled(false);
    expect(existsSync(file)).toBe(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('quotes Exec arguments as the Desktop Entry Specification says', () => {
    expect(desktopExecArg('/usr/bin/mcp-hub-desktop')).toBe('/usr/bin/mcp-hub-desktop');
    expect(desktopExecArg('/home/a b/x')).toBe('"/home/a b/x"');
    expect(desktopExecArg('/tmp/$x"y')).toBe('"/tmp/\\\\$x\\\\"y"');
    expect(desktopExecArg('/tmp/100%')).toBe('/tmp/100%%');
  });

  it('on macOS and Windows, uses Electron’s login items, with --hidden where arguments exist', () => {
    const mac = new FakeLoginItemApp();
    const macItem = createLoginItem({ platform: 'darwin', app: mac, command: { path: '/Applications/MCP Hub.app', args: [] } })!;
    macItem.setEnabled(true);
    expect(mac.calls).toEqual([{ openAtLogin: true }]);
    mac.wasOpenedAtLogin = true;
    expect(macItem.wasOpenedAtLogin()).toBe(true);

    const win = new FakeLoginItemApp();
    const winItem = createLoginItem({ platform: 'win32', app: win, command: { path: 'C:\\MCP Hub\\MCP Hub.exe', args: [] } })!;
    expect(winItem.isEnabled()).toBe(false);
    winItem.setEnabled(true);
    expect(winItem.isEnabled()).toBe(true);
    expect(win.calls).toEqual([{ openAtLogin: true, path: 'C:\\MCP Hub\\MCP Hub.exe', args: ['--hidden'] }]);
    winItem.setEnabled(false);
    expect(winItem.isEnabled()).toBe(false);
  });

  it('offers nothing where there is no login item to set', () => {
    expect(createLoginItem({ platform: 'freebsd', app: new FakeLoginItemApp(), command: { path: '/x', args: [] } })).toBeUndefined();
  });

  it('finds the autostart folder where XDG says', () => {
    expect(autostartDir({ HOME: '/home/u' })).toBe('/home/u/.config/autostart');
    expect(autostartDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/autostart');
  });
});
