import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../errors.js';
import { CliLauncher } from './cli-launcher.js';
import { node, removeDir, tempDir } from '../../../test/helpers.js';

let home: string;
let bin: string;
// A stand-in for the app's CLI bundle, run the way the desktop runs it (with an env variable).
let bundle: { command: string; args: string[]; env: Record<string, string> };

beforeEach(async () => {
  home = await tempDir('cli-launcher-');
  bin = join(home, '.local', 'bin');
  const cli = join(home, "app's cli.mjs");
  await writeFile(cli, "console.log(['4.2.1', process.env.AS_NODE, ...process.argv.slice(2)].join(' '));\n");
  bundle = { command: node, args: [cli], env: { AS_NODE: '1' } };
});
afterEach(async () => {
  await removeDir(home);
});

const launcher = (options: { path?: string; bundle?: typeof bundle | undefined } = {}) =>
  new CliLauncher({ where: { home, platform: 'linux', env: { PATH: options.path ?? `${bin}:/usr/bin:/bin` } }, bundle: 'bundle' in options ? options.bundle : bundle });

describe('mcp-hub on the PATH', () => {
  it('writes an executable launcher into ~/.local/bin that runs the bundled CLI with its arguments', async () => {
    expect(await launcher().status()).toMatchObject({ available: true, installed: false, taken: false, onPath: true, path: join(bin, 'mcp-hub') });
    const status = await launcher().install();
    expect(status).toMatchObject({ installed: true, resolved: join(bin, 'mcp-hub'), notes: [] });
    expect((await stat(join(bin, 'mcp-hub'))).mode & 0o111).toBeTruthy();
    // What mcphub.nvim runs first: `mcp-hub --version`, found by name on the PATH.
    const out = execFileSync('mcp-hub', ['--version', "it's"], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
    expect(out.trim()).toBe("4.2.1 1 --version it's");
  });

  it('replaces its own launcher, and removes it on request', async () => {
    await launcher().install();
    const moved = { ...bundle, args: [...bundle.args, '--moved'] };
    await launcher({ bundle: moved }).install();
    expect(await readFile(join(bin, 'mcp-hub'), 'utf8')).toContain('--moved');
    expect(await launcher().remove()).toMatchObject({ installed: false, resolved: null });
  });

  it('never replaces or removes a file it did not write (mcp-hub 4.x from npm, a link, a script)', async () => {
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'mcp-hub'), '#!/bin/sh\necho v4\n', { mode: 0o755 });
    expect(await launcher().status()).toMatchObject({ taken: true, installed: false, notes: [expect.stringContaining('was not written by MCP Hub')] });
    await expect(launcher().install()).rejects.toMatchObject({ code: 'CLI_PATH_TAKEN' });
    await expect(launcher().remove()).rejects.toBeInstanceOf(HubError);
    expect(await readFile(join(bin, 'mcp-hub'), 'utf8')).toBe('#!/bin/sh\necho v4\n');

    await removeDir(join(bin, 'mcp-hub'));
    await symlink('/usr/bin/env', join(bin, 'mcp-hub'));
    await expect(launcher().install()).rejects.toMatchObject({ code: 'CLI_PATH_TAKEN' });
  });

  it('says when its folder is not on the PATH, or another mcp-hub comes first', async () => {
    const other = join(home, 'npm-global');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'mcp-hub'), '#!/bin/sh\necho 4.2.1\n', { mode: 0o755 });
    const first = await launcher({ path: `${other}:${bin}` }).install();
    expect(first.resolved).toBe(join(other, 'mcp-hub'));
    expect(first.notes).toEqual([expect.stringContaining(`Another mcp-hub comes first on your PATH: ${join(other, 'mcp-hub')}`)]);
    const off = await launcher({ path: '/usr/bin' }).status();
    expect(off).toMatchObject({ onPath: false, notes: [expect.stringContaining(`${bin} is not on your PATH`)] });
  });

  it('on Windows writes mcp-hub.cmd and adds its folder to the user PATH setting (a fake setting here), and takes it off again', async () => {
    const setting: string[] = ['C:\\Windows'];
    const userPath = {
      includes: async (dir: string) => setting.includes(dir),
      add: async (dir: string) => void setting.push(dir),
      remove: async (dir: string) => void setting.splice(setting.indexOf(dir), 1),
    };
    const local = join(home, 'AppData', 'Local');
    const windows = new CliLauncher({
      where: { home, platform: 'win32', env: { PATH: 'C:\\Windows', LOCALAPPDATA: local } },
      bundle: { command: 'C:\\Program Files\\MCP Hub\\MCP Hub.exe', args: ['C:\\Program Files\\MCP Hub\\resources\\app.asar\\dist\\cli.js'], env: { ELECTRON_RUN_AS_NODE: '1' } },
      userPath,
    });
    const dir = join(local, 'Programs', 'MCP Hub', 'bin');
    expect(await windows.status()).toMatchObject({ onPath: false, path: join(dir, 'mcp-hub.cmd') });
    expect(await windows.install()).toMatchObject({ installed: true, onPath: true });
    expect(setting).toEqual(['C:\\Windows', dir]);
    const text = await readFile(join(dir, 'mcp-hub.cmd'), 'utf8');
    expect(text).toContain('set "ELECTRON_RUN_AS_NODE=1"\r\n');
    expect(text).toContain('"C:\\Program Files\\MCP Hub\\MCP Hub.exe" "C:\\Program Files\\MCP Hub\\resources\\app.asar\\dist\\cli.js" %*');
    expect(await windows.remove()).toMatchObject({ installed: false, onPath: false });
    expect(setting).toEqual(['C:\\Windows']);
  });

  it('on macOS goes to /usr/local/bin, asking for an administrator’s consent where the user cannot write (a fake consent here)', async () => {
    const asked: string[] = [];
    const adminFiles = {
      needed: async () => true,
      install: async (from: string, to: string) => {
        asked.push(`install ${to}`);
        await mkdir(bin, { recursive: true });
        await writeFile(to, await readFile(from, 'utf8'), { mode: 0o755 });
      },
      remove: async (path: string) => {
        asked.push(`remove ${path}`);
        await removeDir(path);
      },
    };
    const where = { home, platform: 'darwin' as const, env: { PATH: `/usr/local/bin:/usr/bin:${bin}` } };
    expect((await new CliLauncher({ where, bundle }).status()).path).toBe('/usr/local/bin/mcp-hub');
    // The folder is swapped for a temporary one: this machine's /usr/local/bin is not the test's.
    const mac = new CliLauncher({ where, bundle, adminFiles, dir: bin });
    expect(await mac.install()).toMatchObject({ installed: true, onPath: true });
    expect(execFileSync(join(bin, 'mcp-hub'), ['--version'], { encoding: 'utf8' }).trim()).toBe('4.2.1 1 --version');
    expect(await mac.remove()).toMatchObject({ installed: false });
    expect(asked).toEqual([`install ${join(bin, 'mcp-hub')}`, `remove ${join(bin, 'mcp-hub')}`]);
    const refused = new CliLauncher({ where, bundle, dir: bin, adminFiles: { ...adminFiles, install: () => Promise.reject(new Error('User canceled.')) } });
    await expect(refused.install()).rejects.toMatchObject({ code: 'CLI_DIR_NOT_WRITABLE', message: expect.stringContaining('User canceled.') });
  });

  it('refuses when the hub has no bundled CLI (it runs as mcp-hub itself)', async () => {
    await expect(launcher({ bundle: undefined }).install()).rejects.toMatchObject({ code: 'CLI_COMMAND_UNAVAILABLE' });
    expect(await launcher({ bundle: undefined }).status()).toMatchObject({ available: false });
  });
});
