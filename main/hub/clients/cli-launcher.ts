import { constants } from 'node:fs';
import { access, chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { CliCommandStatus, StdioBridge } from '../../../shared/clients.js';
import { errorMessage } from '../../../shared/errors.js';
import { HubError } from '../errors.js';
import type { ClientEnvironment } from './known-clients.js';
import { macAdminFiles, type AdminFiles } from './mac-admin.js';
import { windowsUserPath, type UserPath } from './windows-user-path.js';

/**
 * `mcp-hub` on the PATH, for tools that run it by that name (mcphub.nvim runs `mcp-hub
 * --version`, then launches `mcp-hub --port … --config …`): a small launcher script in the user's
 * bin folder that runs the app's bundled CLI. The app writes and removes only its own launcher,
 * recognised by MARKER; anything else at that path (mcp-hub 4.x from npm, a user's script) is left
 * alone.
 */
const MARKER = 'mcp-hub-launcher: written by MCP Hub';

export interface CliLauncherOptions {
  where: ClientEnvironment;
  /** How to run the app's CLI bundle (`node cli.js`, or the app's binary as Node); undefined when the hub has none. */
  bundle: StdioBridge | undefined;
  /** Windows: the user's PATH setting, where the launcher's folder is added (no user folder there is on it already). */
  userPath?: UserPath;
  /** macOS: writes to /usr/local/bin with an administrator's consent, when the user cannot write there. */
  adminFiles?: AdminFiles;
  /** Where the launcher goes instead of the platform's folder (tests). */
  dir?: string;
}

/**
 * The folder the launcher goes to: on Linux one users already have on their PATH; on macOS
 * /usr/local/bin, on every shell's PATH, with an administrator's consent where it is not the
 * user's to write; on Windows a folder of the app's, added to the user's PATH setting.
 */
function binDir({ home, platform, env }: ClientEnvironment): string {
  if (platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'Programs', 'MCP Hub', 'bin');
  if (platform === 'darwin') return '/usr/local/bin';
  return env['XDG_BIN_HOME'] || join(home, '.local', 'bin');
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
const cmdQuote = (text: string) => `"${text.replaceAll('"', '""')}"`;

function launcherText(platform: NodeJS.Platform, bundle: StdioBridge): string {
  const env = Object.entries(bundle.env ?? {});
  if (platform === 'win32') {
    return [
      '@echo off',
      `rem ${MARKER}; remove it from the app (Connect, "Remove the command-line tool")`,
      'setlocal',
      ...env.map(([key, value]) => `set "${key}=${value}"`),
      `${[bundle.command, ...bundle.args].map(cmdQuote).join(' ')} %*`,
      '',
    ].join('\r\n');
  }
  const assignments = env.map(([key, value]) => `${key}=${shellQuote(value)} `).join('');
  return [
    '#!/bin/sh',
    `# ${MARKER}; remove it from the app (Connect, "Remove the command-line tool").`,
    `${assignments}exec ${[bundle.command, ...bundle.args].map(shellQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
}

export class CliLauncher {
  constructor(private readonly options: CliLauncherOptions) {}

  /** Windows only: elsewhere ~/.local/bin is on the PATH, or the user is told to add it. */
  private get userPath(): UserPath | undefined {
    return this.options.where.platform === 'win32' ? (this.options.userPath ?? windowsUserPath) : undefined;
  }

  private get dir(): string {
    return this.options.dir ?? binDir(this.options.where);
  }

  private get path(): string {
    return join(this.dir, this.options.where.platform === 'win32' ? 'mcp-hub.cmd' : 'mcp-hub');
  }

  private get adminFiles(): AdminFiles | undefined {
    return this.options.where.platform === 'darwin' ? (this.options.adminFiles ?? macAdminFiles) : undefined;
  }


  async status(): Promise<CliCommandStatus> {
    const { where, bundle } = this.options;
    const path = this.path;
    const state = await this.fileState(path);
    const dirs = (where.env['PATH'] ?? '').split(where.platform === 'win32' ? ';' : delimiter).filter(Boolean);
    // The hub's own PATH is as it was when it started; the user's setting is what later shells get.
    const onPath = dirs.includes(this.dir) || ((await this.userPath?.includes(this.dir).catch(() => false)) ?? false);
    const resolved = await this.resolve(dirs);
    const notes: string[] = [];
    if (!bundle) notes.push('This hub has no bundled command-line tool to install: it runs as mcp-hub itself.');
    if (state === 'foreign') notes.push(`${path} exists and was not written by MCP Hub; the app leaves it alone. Remove or rename it to install the app's.`);
    if (!onPath) notes.push(`${this.dir} is not on your PATH: add it so that shells and editors find mcp-hub.`);
    if (state === 'ours' && resolved !== null && resolved !== path) notes.push(`Another mcp-hub comes first on your PATH: ${resolved}.`);
    return { available: bundle !== undefined, path, installed: state === 'ours', taken: state === 'foreign', onPath, resolved, notes };
  }

  async install(): Promise<CliCommandStatus> {
    const { bundle, where } = this.options;
    if (!bundle) throw new HubError('CLI_COMMAND_UNAVAILABLE', 'This hub has no bundled command-line tool to install: it runs as mcp-hub itself');
    const path = this.path;
    if ((await this.fileState(path)) === 'foreign') {
      throw new HubError('CLI_PATH_TAKEN', `${path} exists and was not written by MCP Hub; remove or rename it first`, { path });
    }
    const admin = this.adminFiles;
    if (admin && (await admin.needed(this.dir))) {
      const staged = join(tmpdir(), `mcp-hub-launcher-${process.pid}`);
      try {
        await writeFile(staged, launcherText(where.platform, bundle), { mode: 0o755 });
        await admin.install(staged, path);
      } catch (error) {
        throw new HubError('CLI_DIR_NOT_WRITABLE', `Cannot write ${path} (an administrator's consent is needed): ${errorMessage(error)}`, { path });
      } finally {
        await rm(staged, { force: true });
      }
      return this.status();
    }
    const temp = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, launcherText(where.platform, bundle), { mode: 0o755 });
      await chmod(temp, 0o755);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new HubError('CLI_DIR_NOT_WRITABLE', `Cannot write ${path}: ${errorMessage(error)}`, { path });
    }
    await this.userPath?.add(this.dir).catch((error: unknown) => {
      throw new HubError('CLI_DIR_NOT_WRITABLE', `Wrote ${path}, but could not add ${this.dir} to your PATH: ${errorMessage(error)}`, { path });
    });
    return this.status();
  }

  async remove(): Promise<CliCommandStatus> {
    const path = this.path;
    const state = await this.fileState(path);
    if (state === 'foreign') throw new HubError('CLI_PATH_TAKEN', `${path} was not written by MCP Hub; the app does not remove it`, { path });
    if (state === 'ours') {
      const admin = this.adminFiles;
      if (admin && (await admin.needed(this.dir))) {
        await admin.remove(path).catch((error: unknown) => {
          throw new HubError('CLI_DIR_NOT_WRITABLE', `Cannot remove ${path} (an administrator's consent is needed): ${errorMessage(error)}`, { path });
        });
      } else await rm(path);
    }
    // The folder is the app's own, so its PATH entry goes with the launcher.
    if (state === 'ours') {
      await this.userPath?.remove(this.dir).catch((error: unknown) => {
        throw new HubError('CLI_DIR_NOT_WRITABLE', `Removed ${path}, but could not take ${this.dir} off your PATH: ${errorMessage(error)}`, { path });
      });
    }
    return this.status();
  }

  /** Whether the file at `path` is missing, the app's launcher, or anything else (a link, another program). */
  private async fileState(path: string): Promise<'missing' | 'ours' | 'foreign'> {
    const stat = await lstat(path).catch(() => undefined);
    if (!stat) return 'missing';
    if (!stat.isFile()) return 'foreign';
    // A launcher is a few hundred bytes; a large file is not one, whatever it contains.
    if (stat.size > 16_384) return 'foreign';
    const text = await readFile(path, 'utf8').catch(() => '');
    return text.includes(MARKER) ? 'ours' : 'foreign';
  }

  /** The `mcp-hub` a shell would run: the first one on the PATH. */
  private async resolve(dirs: string[]): Promise<string | null> {
    const names = this.options.where.platform === 'win32' ? ['mcp-hub.cmd', 'mcp-hub.exe', 'mcp-hub.bat'] : ['mcp-hub'];
    for (const dir of dirs) {
      for (const name of names) {
        const candidate = join(dir, name);
        const found = await access(candidate, this.options.where.platform === 'win32' ? constants.F_OK : constants.X_OK).then(
          () => true,
          () => false,
        );
        if (found) return candidate;
      }
    }
    return null;
  }
}
