import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Starting the app when the user logs in: off until the user turns it on, and then in the tray only. */
export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
  /** macOS starts login items without arguments, so there the OS says whether this was one. */
  wasOpenedAtLogin(): boolean;
}

/** Electron's login-item API (macOS and Windows). */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
}

/** What starts this app: the executable, plus the app's folder when it runs unpackaged (`electron .`). */
export interface LaunchCommand {
  path: string;
  args: string[];
}

export const HIDDEN_FLAG = '--hidden';
const DESKTOP_FILE = 'mcp-hub-desktop.desktop';

export function autostartDir(env: Record<string, string | undefined> = process.env): string {
  return join(env['XDG_CONFIG_HOME'] || join(env['HOME'] ?? homedir(), '.config'), 'autostart');
}

/**
 * An argument of a desktop entry's Exec key: quoted when needed, with the escapes of the Desktop
 * Entry Specification (inside quotes, then again for the key's string type), and `%` doubled so it
 * is not taken for a field code.
 */
export function desktopExecArg(arg: string): string {
  const doubled = arg.replaceAll('%', '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(doubled)) return doubled;
  return `"${doubled.replace(/["`$\\]/g, '\\$&')}"`.replaceAll('\\', '\\\\');
}

/** The XDG autostart entry, which every Linux desktop reads; Electron's login-item API does nothing there. */
function linuxLoginItem(command: LaunchCommand, dir: string): LoginItem {
  const file = join(dir, DESKTOP_FILE);
  return {
    isEnabled() {
      if (!existsSync(file)) return false;
      const entry = readFileSync(file, 'utf8');
      return !/^Hidden\s*=\s*true\s*$/m.test(entry) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(entry);
    },
    setEnabled(enabled) {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dir, { recursive: true });
      const exec = [command.path, ...command.args, HIDDEN_FLAG].map(desktopExecArg).join(' ');
      writeFileSync(
        file,
        [
          '[Desktop Entry]',
          'Type=Application',
          'Name=MCP Hub',
          'Comment=One hub for all your MCP servers',
          `Exec=${exec}`,
          'Icon=mcp-hub-desktop',
          'Terminal=false',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
      );
    },
    wasOpenedAtLogin: () => false,
  };
}

/** The login item of this platform, or undefined where there is none to offer. */
export function createLoginItem(options: {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  command: LaunchCommand;
  autostartDir?: string;
}): LoginItem | undefined {
  const { platform, app, command } = options;
  if (platform === 'linux') return linuxLoginItem(command, options.autostartDir ?? autostartDir());
  if (platform === 'darwin') {
    return {
      isEnabled: () => app.getLoginItemSettings().openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
      wasOpenedAtLogin: () => app.getLoginItemSettings().wasOpenedAtLogin === true,
    };
  }
  if (platform === 'win32') {
    // Windows matches the entry by path and arguments, so both are given when reading too.
    const entry = { path: command.path, args: [...command.args, HIDDEN_FLAG] };
    return {
      isEnabled: () => app.getLoginItemSettings(entry).openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, ...entry }),
      wasOpenedAtLogin: () => false,
    };
  }
  return undefined;
}
