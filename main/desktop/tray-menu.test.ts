import { parse as parseToml } from 'smol-toml';
import { describe, expect, it, vi } from 'vitest';
import { clientSnippets } from '../../shared/client-snippets.js';
import { CLIENTS, HUB_SERVER_NAME, hubEntry } from '../../shared/clients.js';
import type { HubState } from '../../shared/status.js';
import { trayMenu, trayState, type TrayActions, type TrayMenuItem, type TrayServer } from './tray-menu.js';

const ENDPOINT = 'http://127.0.0.1:37373/mcp';

function menu(servers: TrayServer[], options: { hubState?: HubState; startAtLogin?: boolean | undefined; cliCommandInstalled?: boolean } = {}) {
  const actions: TrayActions = {
    openWindow: vi.fn(),
    setServerRunning: vi.fn(),
    logIn: vi.fn(),
    copy: vi.fn(),
    setStartAtLogin: vi.fn(),
    setCliCommand: vi.fn(),
    quit: vi.fn(),
  };
  const items = trayMenu(
    {
      hubState: options.hubState ?? 'ready',
      servers,
      endpointUrl: ENDPOINT,
      snippets: clientSnippets(ENDPOINT),
      startAtLogin: 'startAtLogin' in options ? options.startAtLogin : false,
      cliCommandInstalled: options.cliCommandInstalled,
    },
    actions,
  );
  return { items, actions };
}

/** The menu as text, one line per item, the way a person reads it. */
function outline(items: TrayMenuItem[], indent = ''): string[] {
  return items.flatMap((item) => {
    if (item.type === 'separator') return [`${indent}---`];
    const box = item.type === 'checkbox' ? (item.checked ? '[x] ' : '[ ] ') : '';
    const line = `${indent}${box}${item.label}${item.enabled === false ? ' (disabled)' : ''}`;
    return [line, ...(item.submenu ? outline(item.submenu, `${indent}  `) : [])];
  });
}

const server = (name: string, status: TrayServer['status'], authorizationUrl: string | null = null, patch: Partial<TrayServer> = {}): TrayServer => ({
  name,
  status,
  authorizationUrl,
  error: null,
  restart: null,
  ...patch,
});

describe('tray menu', () => {
  it('held tools: the summary counts them and a menu item opens the window to review them', () => {
    const held = (tool: string) => ({ kind: 'tool' as const, name: tool, reason: 'its definition changed', held: { server: 'github', tool, reason: 'changed' as const, pinned: 'a', offered: 'b' } });
    const servers = [
      { ...server('github', 'connected'), hidden: [held('create_issue'), held('push'), { kind: 'tool' as const, name: 'delete_repo', reason: 'switched off' }] },
      server('memory', 'connected'),
    ];
    const { items, actions } = menu(servers);
    const lines = outline(items);
    expect(lines[0]).toBe('MCP Hub: 2 connected, 2 changed tools held (disabled)');
    expect(lines).toContain('Review 2 changed tools…');
    items.find((item) => item.label === 'Review 2 changed tools…')?.click?.();
    expect(actions.openWindow).toHaveBeenCalledOnce();
    expect(outline(menu([server('memory', 'connected')]).items).some((line) => line.includes('changed tool'))).toBe(false);
  });

  it('all good: every server connected', () => {
    const servers = [server('memory', 'connected'), server('github', 'connected')];
    expect(trayState(servers)).toBe('ok');
    expect(outline(menu(servers).items)).toEqual([
      'MCP Hub: 2 connected (disabled)',
      '---',
      '[x] memory — connected',
      '[x] github — connected',
      '---',
      'Open MCP Hub',
      'Copy MCP endpoint URL',
      'Copy client config',
      '  Claude Desktop',
      '  Claude Code',
      '  Cursor',
      '  VS Code',
      '  Windsurf',
      '  Codex',
      '  Gemini CLI',
      '---',
      '[ ] Start at login',
      '---',
      'Quit MCP Hub',
    ]);
  });

  it('some servers failing: the failure shows, and outranks a pending login', () => {
    const servers = [server('memory', 'connected'), server('broken', 'error'), server('linear', 'unauthorized'), server('off', 'disabled')];
    expect(trayState(servers)).toBe('failing');
    expect(outline(menu(servers).items).slice(0, 6)).toEqual([
      'MCP Hub: 1 connected, 1 failing, 1 needs login, 1 off (disabled)',
      '---',
      '[x] memory — connected',
      '[x] broken — failed',
      '[x] linear — needs login',
      '[ ] off — disabled',
    ]);
  });

  it('servers in a restart loop are failing, switched on, and switching one off stops it', () => {
    const loop = { attempt: 2, maxAttempts: 6, nextAttemptAt: '2026-01-01T12:00:04Z' };
    const servers = [
      server('memory', 'connected'),
      server('waiting', 'disconnected', null, { error: 'exited with code 1', restart: loop }),
      server('retrying', 'connecting', null, { restart: { ...loop, nextAttemptAt: null } }),
      server('stopped', 'disconnected'),
    ];
    expect(trayState(servers)).toBe('failing');
    const { items, actions } = menu(servers);
    expect(outline(items).slice(0, 6)).toEqual([
      'MCP Hub: 1 connected, 2 failing, 1 off (disabled)',
      '---',
      '[x] memory — connected',
      '[x] waiting — failed, restarting',
      '[x] retrying — failed, restarting',
      '[ ] stopped — stopped',
    ]);
    items.find((item) => item.label === 'waiting — failed, restarting')!.click!();
    expect(actions.setServerRunning).toHaveBeenCalledWith('waiting', false);
  });

  it('needs login: a menu item starts the login', () => {
    const servers = [server('memory', 'connected'), server('linear', 'unauthorized', 'https://auth.example/authorize?x=1')];
    expect(trayState(servers)).toBe('login');
    const { items, actions } = menu(servers);
    expect(outline(items).slice(0, 5)).toEqual(['MCP Hub: 1 connected, 1 needs login (disabled)', '---', '[x] memory — connected', '[x] linear — needs login', 'Log in to linear…']);
    items.find((item) => item.label === 'Log in to linear…')!.click!();
    expect(actions.logIn).toHaveBeenCalledWith('linear');
    // Unauthorized without an OAuth login to offer: nothing to click.
    expect(outline(menu([server('token', 'unauthorized')]).items)).not.toContain('Log in to token…');
  });

  it('sleeping servers are fine and switched on; switching one off stops it', () => {
    const servers = [server('memory', 'connected'), server('github', 'sleeping')];
    expect(trayState(servers)).toBe('ok');
    const { items, actions } = menu(servers);
    expect(outline(items).slice(0, 4)).toEqual(['MCP Hub: 1 connected, 1 sleeping (disabled)', '---', '[x] memory — connected', '[x] github — sleeping']);
    items.find((item) => item.label === 'github — sleeping')!.click!();
    expect(actions.setServerRunning).toHaveBeenCalledWith('github', false);
  });

  it('starting, stopped and empty hubs say so', () => {
    expect(outline(menu([server('a', 'connecting'), server('b', 'disconnected')]).items).slice(0, 4)).toEqual([
      'MCP Hub: 1 starting, 1 off (disabled)',
      '---',
      '[x] a — connecting…',
      '[ ] b — stopped',
    ]);
    expect(outline(menu([]).items).slice(0, 3)).toEqual(['MCP Hub: No servers configured (disabled)', '---', 'Open MCP Hub']);
    expect(outline(menu([server('a', 'connected')], { hubState: 'stopping' }).items)[0]).toBe('MCP Hub: Stopping… (disabled)');
  });

  it('each server’s checkbox switches it the other way', () => {
    const { items, actions } = menu([server('on', 'error'), server('off', 'disconnected')]);
    items.find((item) => item.label === 'on — failed')!.click!();
    items.find((item) => item.label === 'off — stopped')!.click!();
    expect(vi.mocked(actions.setServerRunning).mock.calls).toEqual([
      ['on', false],
      ['off', true],
    ]);
  });

  it('copies the endpoint and each client’s config; offers Start at login only where there is one', () => {
    const { items, actions } = menu([]);
    items.find((item) => item.label === 'Copy MCP endpoint URL')!.click!();
    items.find((item) => item.label === 'Copy client config')!.submenu!.find((item) => item.label === 'Cursor')!.click!();
    expect(vi.mocked(actions.copy).mock.calls).toEqual([[ENDPOINT], [clientSnippets(ENDPOINT).find((s) => s.id === 'cursor')!.text]]);
    expect(outline(menu([], { startAtLogin: undefined }).items)).not.toContain('[ ] Start at login');
    const on = menu([], { startAtLogin: true });
    on.items.find((item) => item.label === 'Start at login')!.click!();
    expect(on.actions.setStartAtLogin).toHaveBeenCalledWith(false);
  });

  it('puts the command-line tool on the PATH or takes it off, when the app has one to offer', () => {
    expect(outline(menu([]).items).some((line) => line.includes('Command-line tool'))).toBe(false);
    const off = menu([], { cliCommandInstalled: false });
    expect(outline(off.items)).toContain('[ ] Command-line tool (mcp-hub)');
    off.items.find((item) => item.label === 'Command-line tool (mcp-hub)')!.click!();
    expect(off.actions.setCliCommand).toHaveBeenCalledWith(true);
    const on = menu([], { cliCommandInstalled: true });
    on.items.find((item) => item.label === 'Command-line tool (mcp-hub)')!.click!();
    expect(on.actions.setCliCommand).toHaveBeenCalledWith(false);
  });

  it('copies, for each client, the entry the hub writes when it connects that client itself', () => {
    const hub = { url: ENDPOINT, bridge: { command: 'mcp-hub', args: ['stdio', '--port', '37373'] } };
    for (const snippet of clientSnippets(ENDPOINT)) {
      const client = CLIENTS[snippet.id];
      const expected = hubEntry(snippet.id, hub);
      if (snippet.language === 'shell') {
        // `claude mcp add --transport http <name> <url>` writes { type: 'http', url }.
        expect(snippet.text).toMatch(new RegExp(`--transport ${expected['type']} ${HUB_SERVER_NAME} ${expected['url']}$`));
        continue;
      }
      const parsed = (snippet.language === 'toml' ? parseToml(snippet.text) : JSON.parse(snippet.text)) as Record<string, Record<string, unknown>>;
      expect(parsed[client.serversKey]?.[HUB_SERVER_NAME], snippet.id).toEqual(expected);
    }
  });
});
