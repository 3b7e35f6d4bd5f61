import { describe, expect, it } from 'vitest';
import { KNOWN_CLIENTS } from './known-clients.js';
import { editClientText } from './client-edit.js';

describe('client config locations', () => {
  it("follow each OS's conventions", () => {
    const mac = { home: '/Users/ann', platform: 'darwin' as const, env: {} };
    const win = { home: 'C:\\Users\\ann', platform: 'win32' as const, env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' } };
    const linux = { home: '/home/ann', platform: 'linux' as const, env: { XDG_CONFIG_HOME: '/home/ann/.xdg' } };
    expect(KNOWN_CLIENTS['claude-desktop'].locations(mac)).toEqual(['/Users/ann/Library/Application Support/Claude/claude_desktop_config.json']);
    expect(KNOWN_CLIENTS['claude-desktop'].locations(win)[0]).toMatch(/AppData.Roaming.Claude.claude_desktop_config\.json$/);
    expect(KNOWN_CLIENTS.vscode.locations(linux)).toEqual(['/home/ann/.xdg/Code/User/mcp.json']);
    expect(KNOWN_CLIENTS.codex.locations({ ...linux, env: { CODEX_HOME: '/srv/codex' } })).toEqual(['/srv/codex/config.toml']);
  });
});

describe("Codex's config.toml", () => {
  const codex = KNOWN_CLIENTS.codex;
  const text = '# top\nmodel = "x"\n\n[mcp_servers.mcp-hub]\nurl = "http://old/mcp"\n\n[mcp_servers.mcp-hub.env]\nA = "1"\n\n[profiles.fast]\nmodel = "y"\n';

  it("replaces the hub's table and its sub-tables, and nothing else", () => {
    expect(editClientText(codex, 'config.toml', text, { url: 'http://127.0.0.1:37373/mcp' })).toBe(
      '# top\nmodel = "x"\n\n[mcp_servers.mcp-hub]\nurl = "http://127.0.0.1:37373/mcp"\n\n[profiles.fast]\nmodel = "y"\n',
    );
  });

  it("removes the hub's table with its blank separator", () => {
    expect(editClientText(codex, 'config.toml', text, undefined)).toBe('# top\nmodel = "x"\n\n[profiles.fast]\nmodel = "y"\n');
  });

  it('writes arrays and quotes keys TOML needs quoted', () => {
    expect(editClientText(codex, 'config.toml', '', { command: '/usr/bin/node', args: ['cli.js', 'stdio'], 'odd key': true })).toBe(
      '[mcp_servers.mcp-hub]\ncommand = "/usr/bin/node"\nargs = ["cli.js", "stdio"]\n"odd key" = true\n',
    );
  });
});
