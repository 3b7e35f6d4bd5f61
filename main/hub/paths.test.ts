import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../test/helpers.js';
import { hubPaths } from './paths.js';

describe("the hub's files on each OS", () => {
  let home: string;
  beforeEach(async () => {
    home = await tempDir();
  });
  afterEach(async () => {
    await removeDir(home);
  });

  it('follow XDG on Linux, with its defaults', () => {
    const paths = hubPaths({ HOME: home, XDG_DATA_HOME: '' }, 'linux');
    expect(paths.defaultConfigFile).toBe(join(home, '.config/mcp-hub/mcp.json'));
    expect(paths.logDir).toBe(join(home, '.local/state/mcp-hub/logs'));
    expect(paths.secretsFile).toBe(join(home, '.local/share/mcp-hub/secrets.json'));
    expect(paths.catalogDir).toBe(join(home, '.cache/mcp-hub/catalogs'));
    expect(hubPaths({ HOME: home, XDG_CONFIG_HOME: '/xdg/config', XDG_STATE_HOME: '/xdg/state' }, 'linux')).toMatchObject({
      defaultConfigFile: '/xdg/config/mcp-hub/mcp.json',
      logDir: '/xdg/state/mcp-hub/logs',
    });
  });

  it("follow macOS's and Windows' conventions", () => {
    expect(hubPaths({ HOME: home }, 'darwin')).toMatchObject({
      defaultConfigFile: join(home, 'Library/Application Support/mcp-hub/mcp.json'),
      logDir: join(home, 'Library/Logs/mcp-hub'),
      catalogDir: join(home, 'Library/Caches/mcp-hub/catalogs'),
      secretsFile: join(home, 'Library/Application Support/mcp-hub/secrets.json'),
    });
    const windows = hubPaths({ HOME: home, APPDATA: join(home, 'Roaming'), LOCALAPPDATA: join(home, 'Local') }, 'win32');
    expect(windows).toMatchObject({
      defaultConfigFile: join(home, 'Roaming/mcp-hub/mcp.json'),
      logDir: join(home, 'Local/mcp-hub/logs'),
      catalogDir: join(home, 'Local/mcp-hub/catalogs'),
    });
  });

  it('keep a config already in ~/.config on macOS, and the workspaces registry where mcp-hub v4 looks on every OS', async () => {
    await mkdir(join(home, '.config/mcp-hub'), { recursive: true });
    await writeFile(join(home, '.config/mcp-hub/mcp.json'), '{}');
    const mac = hubPaths({ HOME: home }, 'darwin');
    expect(mac.defaultConfigFile).toBe(join(home, '.config/mcp-hub/mcp.json'));
    expect(mac.workspacesFile).toBe(join(home, '.local/state/mcp-hub/workspaces.json'));
    await mkdir(join(home, '.mcp-hub'));
    expect(hubPaths({ HOME: home }, 'win32').workspacesFile).toBe(join(home, '.mcp-hub/workspaces.json'));
  });
});
