// @vitest-environment jsdom
import type { ReactElement } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubClientError } from '../../../shared/hub-client.js';
import type { SessionInfo } from '../../../shared/sessions.js';
import type { ServerInfo } from '../../../shared/status.js';
import { StoresProvider } from '../app/stores.js';
import { fakeHub, serverInfo } from '../fake-hub.test-support.js';
import { ServerPage } from './ServerPage.js';
import { ServersPage } from './ServersPage.js';


afterEach(cleanup);

async function renderPage(hub: ReturnType<typeof fakeHub>, page = <ServersPage />) {
  const { rerender } = render(<StoresProvider stores={hub.stores}>{page}</StoresProvider>);
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  return (next: ReactElement) => rerender(<StoresProvider stores={hub.stores}>{next}</StoresProvider>);
}

const row = (name: string) => screen.getByRole('listitem', { name });

describe('ServersPage', () => {
  it('lists every server with its status, transport, counts and config file, and a summary', async () => {
    const tools = [{ name: 'echo' }, { name: 'add' }];
    const hub = fakeHub([
      serverInfo('everything', { capabilities: { tools, resources: [{ uri: 'a://1' }], resourceTemplates: [], prompts: [] } }),
      serverInfo('broken', { status: 'error', error: 'spawn nosuch ENOENT', pid: null, lastStarted: null }),
    ]);
    await renderPage(hub);
    expect(within(row('everything')).getByText('Connected')).toBeTruthy();
    expect(within(row('everything')).getByRole('link', { name: '2 tools' }).getAttribute('href')).toBe('#/servers/everything/tools');
    expect(within(row('everything')).getByRole('link', { name: '1 resource' })).toBeTruthy();
    expect(within(row('everything')).getByText('stdio')).toBeTruthy();
    expect(within(row('everything')).getByText('/home/me/.config/mcp-hub/mcp.json')).toBeTruthy();
    expect(within(row('broken')).getByRole('alert').textContent).toBe('Last error: spawn nosuch ENOENT');
    expect(within(row('broken')).getByRole('button', { name: 'Start' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('2 servers · 1 connected · 1 failing');
    expect(within(row('everything')).getByRole('link', { name: 'everything' }).getAttribute('href')).toBe('#/servers/everything');
  });

  it('follows the servers store as events arrive', async () => {
    const hub = fakeHub([serverInfo('memory')]);
    await renderPage(hub);
    expect(within(row('memory')).getByRole('button', { name: 'Stop' })).toBeTruthy();
    await hub.update(serverInfo('memory', { status: 'disconnected', pid: null, uptime: 0 }));
    expect(within(row('memory')).getByText('Stopped')).toBeTruthy();
    expect(within(row('memory')).queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('1 server · 0 connected · 0 failing');
    await hub.update(serverInfo('memory', { status: 'disabled', pid: null }), 'disconnected');
    expect(within(row('memory')).getByRole('button', { name: 'Enable' })).toBeTruthy();
  });

  it('says when the hub will restart a failed server', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T12:00:00Z'));
      const restart = { attempt: 2, maxAttempts: 5, nextAttemptAt: '2026-01-01T12:00:03Z' };
      const hub = fakeHub([serverInfo('flaky', { status: 'error', error: 'exited with code 1', restart })]);
      await renderPage(hub);
      expect(within(row('flaky')).getByText('Restart 2 of 5 in 3s')).toBeTruthy();
      act(() => vi.advanceTimersByTime(1_000));
      expect(within(row('flaky')).getByText('Restart 2 of 5 in 2s')).toBeTruthy();
      await hub.update(serverInfo('flaky', { status: 'error', error: 'exited with code 1', restart: { attempt: 6, maxAttempts: 5, nextAttemptAt: null } }), 'error');
      expect(within(row('flaky')).getByText('Gave up after 5 restarts')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('ticks the uptime in the window', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T12:00:00Z'));
      const hub = fakeHub([serverInfo('memory', { lastStarted: '2026-01-01T11:58:55Z' })]);
      await renderPage(hub);
      expect(within(row('memory')).getByText('1m 05s')).toBeTruthy();
      act(() => vi.advanceTimersByTime(2_000));
      expect(within(row('memory')).getByText('1m 07s')).toBeTruthy();
      expect(hub.calls.filter((call) => call.name === 'listServers')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a pending action and the hub’s error inline', async () => {
    let fail: (error: Error) => void = () => {};
    const hub = fakeHub([serverInfo('memory')], {
      stopServer: () =>
        new Promise((_resolve, reject) => {
          fail = reject;
        }),
    });
    await renderPage(hub);
    fireEvent.click(within(row('memory')).getByRole('button', { name: 'Disable' }));
    const pending = within(row('memory')).getByRole('button', { name: 'Disabling…' });
    expect(pending.getAttribute('aria-busy')).toBe('true');
    expect(within(row('memory')).getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(true);
    expect(hub.calls.at(-1)).toEqual({ name: 'stopServer', input: { server_name: 'memory', disable: true } });
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      fail(new HubClientError({ code: 'CONFIG_WRITE_FAILED', message: 'config file is read-only', status: 500, data: {} }));
    });
    expect(within(row('memory')).getByRole('alert').textContent).toContain('Could not disable memory: config file is read-only');
    expect(within(row('memory')).getByRole('button', { name: 'Disable' }).hasAttribute('disabled')).toBe(false);
  });

  it('logs in to a server that needs it: the hub prepares the login, the page opens it', async () => {
    const hub = fakeHub([serverInfo('remote', { status: 'unauthorized', transportType: 'streamable-http' })], {
      authorizeServer: () => ({ authorizationUrl: 'https://auth.example/authorize?x=1' }),
    });
    const opened = { opener: {} as unknown };
    const open = vi.spyOn(window, 'open').mockReturnValue(opened as Window);
    try {
      await renderPage(hub);
      expect(within(row('remote')).getByText('Needs login')).toBeTruthy();
      await act(async () => {
        fireEvent.click(within(row('remote')).getByRole('button', { name: 'Log in to remote' }));
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
      expect(hub.calls.at(-1)).toEqual({ name: 'authorizeServer', input: { server_name: 'remote' } });
      expect(open).toHaveBeenCalledWith('https://auth.example/authorize?x=1', '_blank');
      expect(opened.opener).toBeNull();
      // A blocked pop-up: a link to follow instead.
      open.mockReturnValue(null);
      await act(async () => {
        fireEvent.click(within(row('remote')).getByRole('button', { name: 'Log in to remote' }));
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
      expect(within(row('remote')).getByRole('link', { name: 'Open the login page' }).getAttribute('href')).toBe('https://auth.example/authorize?x=1');
    } finally {
      open.mockRestore();
    }
  });

  it('counts servers in restart loops as failing, not only those the hub gave up on', async () => {
    const loop = { attempt: 2, maxAttempts: 6, nextAttemptAt: new Date(Date.now() + 4_000).toISOString() };
    const hub = fakeHub([
      serverInfo('fine'),
      serverInfo('waiting', { status: 'disconnected', error: 'exited with code 1', restart: loop }),
      serverInfo('retrying', { status: 'connecting', error: null, restart: { ...loop, nextAttemptAt: null } }),
      serverInfo('gave-up', { status: 'error', error: 'exited with code 1; gave up after 6 restarts', restart: { attempt: 7, maxAttempts: 6, nextAttemptAt: null } }),
      // Stopped by hand, and back up after a failure: neither is failing.
      serverInfo('stopped', { status: 'disconnected', error: null, pid: null }),
      serverInfo('recovered', { restart: { ...loop, nextAttemptAt: null } }),
    ]);
    await renderPage(hub);
    expect(screen.getByRole('status').textContent).toBe('6 servers · 2 connected · 3 failing');
    await hub.update(serverInfo('waiting'), 'disconnected');
    expect(screen.getByRole('status').textContent).toBe('6 servers · 3 connected · 2 failing');
  });

  it('lists the connected clients live from sessions_changed events', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T12:00:00Z'));
      const session = (id: string, patch: Partial<SessionInfo> = {}): SessionInfo => ({
        id,
        client: { name: 'claude-code', version: '2.1.0' },
        transport: 'streamable-http',
        protocolVersion: '2025-11-25',
        path: '/mcp',
        connectedAt: '2026-01-01T11:58:55Z',
        lastRequestAt: null,
        capabilities: { sampling: false, elicitation: false, roots: true },
        ...patch,
      });
      const hub = fakeHub([serverInfo('memory')], { listSessions: () => ({ sessions: [session('a')] }) });
      await renderPage(hub);
      const clients = () => screen.getByRole('table', { name: /Connected clients/ });
      const client = (name: string) => within(clients()).getByRole('row', { name });
      expect(screen.getByRole('heading', { name: 'Connected clients (1)' })).toBeTruthy();
      expect(client('claude-code').textContent).toMatch(/^claude-code 2\.1\.0Streamable HTTP 2025-11-25\/mcp1m 05s agonone yetroots$/);

      await hub.send({
        type: 'sessions_changed',
        data: {
          sessions: [
            session('a', { lastRequestAt: '2026-01-01T11:59:57Z' }),
            session('b', { client: { name: 'inspector', version: '0.17.0' }, transport: 'sse', protocolVersion: '2024-11-05', path: '/mcp/memory', capabilities: { sampling: true, elicitation: true, roots: false } }),
            session('c', { client: { name: 'modern-client', version: '1.0.0' }, protocolVersion: '2026-07-28' }),
          ],
        },
      });
      expect(screen.getByRole('heading', { name: 'Connected clients (3)' })).toBeTruthy();
      expect(client('modern-client').textContent).toContain('Streamable HTTP 2026-07-28');
      expect(within(client('claude-code')).getByText('3s ago')).toBeTruthy();
      // The times tick in the window, without asking the hub.
      act(() => vi.advanceTimersByTime(2_000));
      expect(within(client('claude-code')).getByText('5s ago')).toBeTruthy();
      expect(client('inspector').textContent).toContain('SSE (legacy) 2024-11-05');
      expect(within(client('inspector')).getByText('/mcp/memory')).toBeTruthy();
      expect(within(client('inspector')).getByText('sampling, elicitation')).toBeTruthy();

      await hub.send({ type: 'sessions_changed', data: { sessions: [session('b', { client: null })] } });
      expect(within(clients()).queryByRole('row', { name: 'claude-code' })).toBeNull();
      expect(within(clients()).getByText('Not initialized yet')).toBeTruthy();

      await hub.send({ type: 'sessions_changed', data: { sessions: [] } });
      expect(screen.queryByRole('table', { name: /Connected clients/ })).toBeNull();
      expect(screen.getByText('No MCP client is connected to the hub now.')).toBeTruthy();
      expect(hub.calls.filter((call) => call.name === 'listSessions')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when the connected clients cannot be read, and reads them again on Retry', async () => {
    let fail = true;
    const hub = fakeHub([serverInfo('memory')], {
      listSessions: () => {
        if (fail) throw new HubClientError({ code: 'INTERNAL', message: 'hub is busy', status: 500, data: {} });
        return { sessions: [] };
      },
    });
    await renderPage(hub);
    const section = screen.getByRole('region', { name: /Connected clients/ });
    expect(within(section).getByRole('alert').textContent).toContain('Could not read the connected clients: hub is busy');
    fail = false;
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Retry' }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(within(section).getByText('No MCP client is connected to the hub now.')).toBeTruthy();
  });

  it('points to the config and the marketplace when there are no servers', async () => {
    await renderPage(fakeHub([]));
    expect(screen.getByRole('heading', { name: 'No servers configured' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'marketplace' }).getAttribute('href')).toBe('#/marketplace');
  });
});

describe('ServerPage', () => {
  const echo = {
    name: 'echo',
    description: 'Echoes back the input string',
    inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'Message to echo' } }, required: ['message'] },
  };
  const withTools = (patch: Partial<ServerInfo> = {}) =>
    serverInfo('everything', { capabilities: { tools: [echo], resources: [], resourceTemplates: [], prompts: [] }, ...patch });

  it('keeps what is typed in a tool form when the server is re-read', async () => {
    const hub = fakeHub([withTools()]);
    await renderPage(hub, <ServerPage name="everything" tab="tools" item="echo" />);
    const runner = screen.getByRole('region', { name: 'Run echo' });
    const input = within(runner).getByRole('textbox', { name: /message/ });
    fireEvent.change(input, { target: { value: 'half-typed' } });
    // A live refresh: a new ServerInfo object, new tool objects, same content.
    await hub.update(withTools({ uptime: 99 }));
    await hub.send({ type: 'tool_list_changed', data: { server: 'everything', tools: [echo] } });
    expect(screen.getByRole('region', { name: 'Run echo' })).toBe(runner);
    expect(within(runner).getByRole('textbox', { name: /message/ })).toBe(input);
    expect((input as HTMLInputElement).value).toBe('half-typed');
  });

  it('runs the tool with what the form holds, timing it, and keeps the result while the form is edited', async () => {
    const hub = fakeHub([withTools()], { callTool: () => ({ result: { content: [{ type: 'text', text: 'Echo: hi' }] } }) });
    await renderPage(hub, <ServerPage name="everything" tab="tools" item="echo" />);
    const runner = screen.getByRole('region', { name: 'Run echo' });
    fireEvent.change(within(runner).getByRole('textbox', { name: /message/ }), { target: { value: 'hi' } });
    await act(async () => {
      fireEvent.click(within(runner).getByRole('button', { name: 'Run' }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(hub.calls.find((call) => call.name === 'callTool')?.input).toEqual({ server_name: 'everything', tool: 'echo', arguments: { message: 'hi' } });
    expect(within(runner).getByText('Echo: hi')).toBeTruthy();
    expect(within(runner).getByText(/^Took \d+ ms$/)).toBeTruthy();
    fireEvent.change(within(runner).getByRole('textbox', { name: /message/ }), { target: { value: 'next' } });
    expect(within(runner).getByText('Echo: hi')).toBeTruthy();
  });

  it('reads the log once, then only the lines after the last one seen, on each log event', async () => {
    const line = (seq: number, text: string) => ({ seq, time: '2026-01-01T12:00:00.000Z', source: 'stderr' as const, level: 'info' as const, text });
    let buffer = [line(1, 'Starting'), line(2, 'Ready')];
    const hub = fakeHub([withTools()], {
      getServerLogs: (input) => {
        const after = (input as { after?: number }).after ?? 0;
        return { server: 'everything', logs: buffer.filter((entry) => entry.seq > after) };
      },
    });
    await renderPage(hub, <ServerPage name="everything" tab="log" />);
    const log = screen.getByRole('log', { name: 'Log of everything' });
    expect(within(log).getAllByRole('listitem').map((item) => item.textContent)).toEqual([expect.stringContaining('Starting'), expect.stringContaining('Ready')]);
    buffer = [...buffer, line(3, 'Serving')];
    await hub.send({ type: 'log', data: { type: 'info', message: 'Serving', server: 'everything', source: 'stderr' } });
    await hub.send({ type: 'log', data: { type: 'info', message: 'other', server: 'memory', source: 'stderr' } });
    expect(within(log).getAllByRole('listitem')).toHaveLength(3);
    const reads = hub.calls.filter((call) => call.name === 'getServerLogs').map((call) => call.input);
    expect(reads).toEqual([{ server_name: 'everything' }, { server_name: 'everything', after: 2 }]);

    // The server was re-created and counts from 1 again: the log starts over.
    buffer = [line(1, 'Starting again')];
    await hub.send({ type: 'log', data: { type: 'info', message: 'Starting again', server: 'everything', source: 'stderr' } });
    expect(within(log).getAllByRole('listitem').map((item) => item.textContent)).toEqual([expect.stringContaining('Starting again')]);
  });

  it('finishes a run while the runner is closed, and shows its result on return', async () => {
    let answer: (value: unknown) => void = () => {};
    const hub = fakeHub([withTools({ capabilities: { tools: [echo, { name: 'other' }], resources: [], resourceTemplates: [], prompts: [] } })], {
      callTool: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    });
    const navigate = await renderPage(hub, <ServerPage name="everything" tab="tools" item="echo" />);
    const runner = () => screen.getByRole('region', { name: 'Run echo' });
    fireEvent.change(within(runner()).getByRole('textbox', { name: /message/ }), { target: { value: 'slow' } });
    fireEvent.click(within(runner()).getByRole('button', { name: 'Run' }));
    expect(within(runner()).getByRole('button', { name: 'Running…' })).toBeTruthy();
    navigate(<ServerPage name="everything" tab="tools" item="other" />);
    expect(screen.queryByRole('region', { name: 'Run echo' })).toBeNull();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      answer({ result: { content: [{ type: 'text', text: 'Echo: slow' }] } });
    });
    navigate(<ServerPage name="everything" tab="tools" item="echo" />);
    expect(within(runner()).getByText('Echo: slow')).toBeTruthy();
    expect(within(runner()).getByRole('button', { name: 'Run' })).toBeTruthy();
    expect((within(runner()).getByRole('textbox', { name: /message/ }) as HTMLInputElement).value).toBe('slow');
  });

  it('names the tab in its links and says when a server is unknown', async () => {
    const hub = fakeHub([withTools()]);
    await renderPage(hub, <ServerPage name="everything" tab="prompts" />);
    expect(screen.getByRole('link', { name: 'Prompts 0' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Log' }).getAttribute('href')).toBe('#/servers/everything/log');
    expect(screen.getByRole('heading', { name: 'everything offers no prompts' })).toBeTruthy();
    cleanup();
    await renderPage(hub, <ServerPage name="nosuch" tab={undefined} />);
    expect(screen.getByRole('heading', { name: 'No server named nosuch' })).toBeTruthy();
  });
});
