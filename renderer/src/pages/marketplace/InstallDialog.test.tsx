// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationName } from '../../../../shared/contract.js';
import type { HubEvent } from '../../../../shared/events.js';
import { HubClientError, type HubClient } from '../../../../shared/hub-client.js';
import type { InstallOption, MarketplaceEntry } from '../../../../shared/marketplace.js';
import type { ServerInfo } from '../../../../shared/status.js';
import { createAppStores, StoresProvider } from '../../app/stores.js';
import { InstallDialog } from './InstallDialog.js';

const entry: MarketplaceEntry = {
  id: 'com.example/weather',
  name: 'Weather',
  description: 'Forecasts',
  author: 'example',
  url: '',
  category: null,
  tags: [],
  transports: ['stdio', 'streamable-http'],
  updatedAt: null,
  publishedAt: null,
  stars: null,
  version: '1.2.0',
  status: 'active',
  statusMessage: null,
  isLatest: true,
  title: 'Weather',
  packages: [{ registryType: 'npm', identifier: '@example/weather-mcp', version: '1.2.0' }],
  remotes: [{ type: 'streamable-http', url: 'https://weather.example.com/mcp' }],
  repository: null,
  websiteUrl: null,
  icons: [],
  registry: 'http://registry.test',
};

const npm: InstallOption = {
  kind: 'package',
  index: 0,
  transport: 'stdio',
  runtime: { runtime: 'node', command: 'npx', path: '/usr/bin/npx' },
  unsupported: null,
  inputs: [
    { key: 'OPENWEATHER_API_KEY', kind: 'environment', isRequired: true, isSecret: true, format: 'string', description: 'API key' },
    { key: 'WEATHER_CACHE_DIR', kind: 'environment', isRequired: false, isSecret: false, format: 'filepath' },
    { key: '--units', kind: 'argument', isRequired: false, isSecret: false, format: 'string', default: 'metric', choices: ['metric', 'imperial'] },
  ],
};
const remote: InstallOption = {
  kind: 'remote',
  index: 0,
  transport: 'streamable-http',
  runtime: null,
  unsupported: null,
  inputs: [{ key: 'Authorization', kind: 'header', isRequired: true, isSecret: true, format: 'string' }],
};

const server = (name: string, status: ServerInfo['status'], tools: string[] = []): ServerInfo => ({
  name,
  displayName: name,
  description: '',
  transportType: 'stdio',
  status,
  error: null,
  capabilities: { tools: tools.map((tool) => ({ name: tool })), resources: [], resourceTemplates: [], prompts: [] },
  uptime: 0,
  lastStarted: null,
  authorizationUrl: null,
  serverInfo: null,
  config_source: '/home/me/.config/mcphub/servers.json',
  id: name,
  pid: null,
  restart: null,
    isolation: 'shared',
    instances: 0,
    hidden: [],
    estimatedTokens: 0,
});

function setup(options: InstallOption[], answer: (input: unknown) => unknown = () => ({ status: 'ok', server: server('weather', 'connecting'), notices: [] })) {
  const calls: { name: OperationName; input: unknown }[] = [];
  let emit: (event: HubEvent) => void = () => {};
  let current = [server('memory', 'connected')];
  const client: HubClient = {
    invoke: (async (name: OperationName, input: unknown) => {
      calls.push({ name, input });
      if (name === 'listServers') return { servers: current };
      if (name === 'getServer') return { server: current.find((s) => s.name === (input as { server_name: string }).server_name) };
      if (name === 'installFromMarketplace') return answer(input);
      throw new Error(`unexpected ${name}`);
    }) as HubClient['invoke'],
    subscribe(listener) {
      emit = listener;
      return () => {};
    },
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
  const stores = createAppStores(client);
  let closed = false;
  render(
    <StoresProvider stores={stores}>
      <InstallDialog entry={entry} options={options} configFiles={['/a/mcp.json', '/b/mcp.json']} onClose={() => (closed = true)} />
    </StoresProvider>,
  );
  return {
    calls: () => calls.filter((call) => call.name === 'installFromMarketplace'),
    closed: () => closed,
    servers: (next: ServerInfo[]) => {
      current = next;
      act(() => emit({ type: 'servers_updated', data: { changes: { added: ['weather'] } } }));
    },
  };
}

const dialog = () => screen.getByRole('dialog', { name: 'Install Weather' });

afterEach(cleanup);

describe('InstallDialog', () => {
  it('asks for every declared value, masking secrets and offering choices and defaults', () => {
    setup([npm, remote]);
    const key = within(dialog()).getByLabelText(/OPENWEATHER_API_KEY/);
    expect(key.getAttribute('type')).toBe('password');
    expect(key.getAttribute('autocomplete')).toBe('new-password');
    expect(within(dialog()).getByLabelText(/WEATHER_CACHE_DIR/).getAttribute('type')).toBe('text');
    const units = within(dialog()).getByLabelText(/--units/) as HTMLSelectElement;
    expect([...units.options].map((option) => option.textContent)).toEqual(['(default: metric)', 'metric', 'imperial']);
    expect((within(dialog()).getByLabelText('Server name') as HTMLInputElement).value).toBe('weather');
    expect((within(dialog()).getByLabelText('Config file') as HTMLSelectElement).value).toBe('/a/mcp.json');
    expect(within(dialog()).getByText(/Runs with/).textContent).toContain('/usr/bin/npx');

    fireEvent.click(within(dialog()).getByRole('radio', { name: /streamable-http remote/ }));
    expect(within(dialog()).getByLabelText(/Authorization/).getAttribute('type')).toBe('password');
    expect(within(dialog()).queryByLabelText(/OPENWEATHER_API_KEY/)).toBeNull();
  });

  it('does not install until required values are given, then sends only what was filled in', async () => {
    const hub = setup([npm]);
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Install' }));
    const key = within(dialog()).getByLabelText(/OPENWEATHER_API_KEY/);
    expect(key.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog()).getByText(/Required\./)).toBeTruthy();
    expect(hub.calls()).toEqual([]);

    fireEvent.change(key, { target: { value: 'sk-123' } });
    expect(key.getAttribute('aria-invalid')).toBe('false');
    fireEvent.change(within(dialog()).getByLabelText('Config file'), { target: { value: '/b/mcp.json' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Install' }));
    await waitFor(() => expect(hub.calls()).toHaveLength(1));
    expect(hub.calls()[0]?.input).toEqual({
      mcpId: 'com.example/weather',
      server_name: 'weather',
      package: 0,
      values: { OPENWEATHER_API_KEY: 'sk-123' },
      config_file: '/b/mcp.json',
    });
  });

  it('refuses a name that is taken', async () => {
    const hub = setup([npm]);
    fireEvent.change(within(dialog()).getByLabelText('Server name'), { target: { value: 'memory' } });
    // Known once the servers are loaded from the hub.
    expect(await within(dialog()).findByText(/A server named memory already exists/)).toBeTruthy();
    fireEvent.change(within(dialog()).getByLabelText(/OPENWEATHER_API_KEY/), { target: { value: 'k' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Install' }));
    expect(hub.calls()).toEqual([]);
  });

  it('says when the runtime is missing, and does not offer to install', () => {
    setup([{ ...npm, runtime: { runtime: 'uv', command: 'uvx', path: null, message: 'uvx was not found on PATH. Install uv' } }]);
    expect(within(dialog()).getByRole('alert').textContent).toContain('uvx was not found on PATH');
    expect((within(dialog()).getByRole('button', { name: 'Install' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the hub’s refusal with the fields it names', async () => {
    setup([npm], () => {
      throw new HubClientError({ code: 'VALIDATION_ERROR', message: "Cannot install 'com.example/weather': --units is required", status: 400, data: { missing: ['--units'] } });
    });
    fireEvent.change(within(dialog()).getByLabelText(/OPENWEATHER_API_KEY/), { target: { value: 'k' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Install' }));
    expect((await within(dialog()).findByRole('alert')).textContent).toContain('--units is required');
    expect(within(dialog()).getByLabelText(/--units/).getAttribute('aria-invalid')).toBe('true');
  });

  it('follows the installed server until it is connected, with its tools', async () => {
    const hub = setup([npm]);
    fireEvent.change(within(dialog()).getByLabelText(/OPENWEATHER_API_KEY/), { target: { value: 'k' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Install' }));
    const installed = await screen.findByRole('dialog', { name: 'Installed weather' });
    expect(within(installed).getByText('Connecting')).toBeTruthy();
    hub.servers([server('memory', 'connected'), server('weather', 'connected', ['forecast', 'current'])]);
    await waitFor(() => expect(within(installed).getByText('Connected')).toBeTruthy());
    expect(within(within(installed).getByRole('list', { name: 'Tools of weather' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'forecast',
      'current',
    ]);
    expect(within(installed).getByRole('link', { name: 'Open server' }).getAttribute('href')).toBe('#/servers/weather/tools');
    fireEvent.click(within(installed).getByRole('button', { name: 'Done' }));
    expect(hub.closed()).toBe(true);
  });
});
