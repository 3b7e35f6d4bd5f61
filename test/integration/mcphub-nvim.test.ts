import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRegistry, type TestRegistry } from '../fixtures/registry/server.js';
import { HubApp } from '../../main/hub/compose.js';
import { FAST_RESTARTS, isAlive, node, removeDir, tempDir, toolServer, waitFor } from '../helpers.js';
import { McphubNvim, type PluginOptions, type PluginServer } from '../mcphub-nvim/plugin.js';

/**
 * mcphub.nvim 6.2.0, replayed (test/mcphub-nvim/plugin.ts), against this hub's `mcp-hub` command
 * and against mcp-hub 4.2.1 itself: the same steps must give the plugin the same experience, and
 * the fields it reads the same shapes. That the replay passes against 4.2.1 shows it is faithful.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const HUBS = {
  'this hub': join(ROOT, 'dist', 'cli.js'),
  'mcp-hub 4.2.1': join(dirname(require.resolve('mcp-hub/package.json')), 'dist', 'cli.js'),
};
type HubName = keyof typeof HUBS;

/** What each hub showed the plugin, compared at the end. */
const seen: Partial<Record<HubName, { shapes: Record<string, unknown>; events: Set<string> }>> = {};

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => {
  await registry?.close();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The JSON type of each field, arrays by their first item: what Lua code reading them depends on. */
function shape(value: unknown, depth = 3): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 || depth === 0 ? 'array' : ['array', shape(value[0], depth - 1)];
  if (typeof value === 'object') {
    if (depth === 0) return 'object';
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, shape(item, depth - 1)]));
  }
  return typeof value;
}

function pick(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, record[field]]));
}

/** The fields of a server the plugin reads (types.lua MCPServer, prompt_utils, the UI). */
const SERVER_FIELDS = ['name', 'displayName', 'description', 'transportType', 'status', 'error', 'capabilities', 'uptime', 'lastStarted', 'authorizationUrl', 'config_source'];
/** The fields of a marketplace entry the plugin reads (types.lua MarketplaceItem, ui/views/marketplace.lua). */
const MARKET_FIELDS = ['id', 'name', 'description', 'author', 'url', 'category', 'tags', 'installations', 'featured', 'stars', 'lastCommit'];

/** A v4 registry entry (ravitemer/mcp-registry's shape), for 4.2.1's marketplace cache: it cannot go online here. */
const V4_ENTRY = {
  id: 'weather-mcp',
  name: 'Weather',
  description: 'Forecasts',
  author: 'example',
  url: 'https://github.com/example/weather-mcp',
  category: 'data',
  tags: ['weather'],
  transports: ['stdio'],
  installations: [
    {
      name: 'npx',
      config: JSON.stringify({ command: 'npx', args: ['-y', '@example/weather-mcp'], env: { OPENWEATHER_API_KEY: '${OPENWEATHER_API_KEY}' } }),
      parameters: [{ name: 'API key', key: 'OPENWEATHER_API_KEY', placeholder: 'your key', required: true }],
      // Optional in v4's registry (mcphub.nvim types.lua, MarketplaceInstallation.transports).
      transports: ['stdio'],
    },
  ],
  featured: false,
  verified: false,
  stars: 12,
  lastCommit: 1_764_000_000,
  updatedAt: 1_764_000_000,
};

describe.each(Object.keys(HUBS) as HubName[])('mcphub.nvim against %s', (hubName) => {
  let home: string;
  let config: string;
  let options: PluginOptions;
  let plugin: McphubNvim;
  const others: McphubNvim[] = [];
  const record: { shapes: Record<string, unknown>; events: Set<string> } = { shapes: {}, events: new Set() };

  const server = (name: string, from: McphubNvim = plugin): PluginServer | undefined => from.servers.find((s) => s.name === name);

  beforeAll(async () => {
    home = await tempDir('mcphub-nvim-');
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      MCP_HUB_REGISTRY_URL: registry.url,
    };
    // 4.2.1 reads its marketplace from a cache it keeps for an hour; a fresh one keeps it offline.
    mkdirSync(join(home, '.local', 'share', 'mcp-hub', 'cache'), { recursive: true });
    writeFileSync(
      join(home, '.local', 'share', 'mcp-hub', 'cache', 'registry.json'),
      JSON.stringify({ registry: { version: '1', generatedAt: Date.now(), totalServers: 1, servers: [V4_ENTRY] }, lastFetchedAt: Date.now(), serverDocumentation: {} }),
    );
    mkdirSync(join(home, '.config', 'mcphub'), { recursive: true });
    config = join(home, '.config', 'mcphub', 'servers.json');
    // `slow` takes 4 s to answer: the plugin must still learn when it is connected.
    const slow = toolServer({ SERVER_NAME: 'slow one' });
    await writeFile(
      config,
      JSON.stringify({
        mcpServers: {
          fast: toolServer({ SERVER_NAME: 'fast one' }),
          slow: { command: node, args: ['-e', `setTimeout(() => import(${JSON.stringify(slow.args[0])}), 4000)`], env: slow.env },
        },
      }),
    );
    options = { cmd: node, cmdArgs: [HUBS[hubName]], port: await freePort(), config, shutdownDelay: 500, env, cwd: home };
    plugin = new McphubNvim(options);
  });

  afterAll(async () => {
    for (const p of [plugin, ...others]) p?.stop();
    for (const child of [plugin, ...others].flatMap((p) => p?.launched ?? [])) if (child.exitCode === null) child.kill('SIGKILL');
    seen[hubName] = record;
    await removeDir(home);
  });

  it('passes the version check at setup', () => {
    expect(() => plugin.setup()).not.toThrow();
  });

  it('launches the hub with its flags, reaches ready, and learns when the slow server is connected', async () => {
    await plugin.start();
    await waitFor(() => plugin.ready, 'the plugin to be ready', 20_000);
    expect(plugin.launched).toHaveLength(1);
    await waitFor(() => server('slow')?.status === 'connected', 'the plugin to see the slow server connected', 20_000);
    expect(plugin.toolsOffered()).toEqual(expect.arrayContaining(['fast/echo', 'slow/echo']));
    expect(plugin.malformed).toEqual([]);
    expect(plugin.requests.slice(0, 2)).toEqual(['GET /api/health', 'GET /api/health']);
    const health = await plugin.api('GET', 'health');
    if (!health.ok) throw new Error(health.error);
    record.shapes['health'] = shape(pick(health.json, ['status', 'server_id', 'version', 'servers', 'workspaces']), 1);
    record.shapes['server'] = shape(pick(server('fast')!, SERVER_FIELDS), 2);
  });

  it('calls tools, reads resources and gets prompts', async () => {
    const tool = await plugin.callTool('fast', 'echo', { message: 'hello from nvim' });
    expect(tool).toMatchObject({ ok: true, json: { result: { content: [{ type: 'text', text: 'hello from nvim' }] } } });
    const resource = await plugin.accessResource('slow', 'fixture://info');
    expect(resource).toMatchObject({ ok: true, json: { result: { contents: [{ uri: 'fixture://info', text: expect.stringMatching(/: fixture:\/\/info$/) }] } } });
    const prompt = await plugin.getPrompt('fast', 'greet', {});
    expect(prompt).toMatchObject({ ok: true, json: { result: { messages: [{ role: 'user', content: { type: 'text', text: expect.stringMatching(/^Hello from /) } }] } } });
    const missing = await plugin.callTool('nope', 'echo', {});
    expect(missing.ok).toBe(false);
    for (const [name, reply] of Object.entries({ tool, resource, prompt })) if (reply.ok) record.shapes[name] = shape(reply.json, 4);
  });

  it('lists the marketplace with what its view and install read', async () => {
    await waitFor(() => plugin.marketplace.status === 'loaded', 'the marketplace');
    expect(plugin.marketplace.items.length).toBeGreaterThan(0);
    for (const item of plugin.marketplace.items) {
      expect(item).toMatchObject({ id: expect.any(String), name: expect.any(String), author: expect.any(String), category: expect.any(String), stars: expect.any(Number), lastCommit: expect.any(Number) });
      const installations = item['installations'] as { name: string; config: string; parameters: { key: string }[] }[];
      for (const installation of installations) {
        expect(JSON.parse(installation.config)).toEqual(expect.any(Object));
        expect(installation.parameters).toEqual(expect.any(Array));
      }
    }
    const item = plugin.marketplace.items.find((entry) => (entry['installations'] as { parameters: unknown[] }[])[0]?.parameters.length)!;
    record.shapes['marketplace'] = shape(pick(item, MARKET_FIELDS), 3);
  });

  it('stops a server with disable and starts it again, as its UI does', async () => {
    expect(await plugin.stopServer('fast', true)).toMatchObject({ ok: true });
    await waitFor(() => server('fast')?.status === 'disabled', 'the plugin to see the server disabled', 15_000);
    expect(plugin.toolsOffered()).not.toContain('fast/echo');
    expect(await plugin.startServer('fast')).toMatchObject({ ok: true });
    await waitFor(() => server('fast')?.status === 'connected', 'the plugin to see the server connected again', 15_000);
  });

  it('sees a server added to the config file, through events alone', async () => {
    const file = JSON.parse(await readFile(config, 'utf8')) as { mcpServers: Record<string, unknown> };
    file.mcpServers['added'] = toolServer({ SERVER_NAME: 'added one' });
    await writeFile(config, JSON.stringify(file, null, 2));
    await waitFor(() => server('added')?.status === 'connected', 'the plugin to see the added server connected', 20_000);
    expect(plugin.toolsOffered()).toContain('added/echo');
    expect(plugin.malformed).toEqual([]);
  });

  it('a second Neovim reuses the running hub through workspaces.json instead of launching one', async () => {
    const second = new McphubNvim(options);
    others.push(second);
    second.setup();
    try {
      await second.start();
      await waitFor(() => second.ready, 'the second plugin to be ready', 15_000);
      expect(second.launched).toHaveLength(0);
      expect(second.requests).not.toContain('POST /api/hard-restart');
      // The plugin reads the servers once it is ready: on a loaded machine, a moment later.
      await waitFor(() => second.servers.length === 3, 'the second plugin to read the servers', 15_000);
      expect(second.servers.map((s) => s.name).sort()).toEqual(['added', 'fast', 'slow']);
    } finally {
      // A client left connected would keep the hub from shutting down at the end.
      second.stop();
    }
  });

  it('restarts the hub from the plugin and is ready again with a fresh process', async () => {
    const first = plugin.launched[0]!;
    expect(await plugin.restart()).toMatchObject({ ok: true });
    await waitFor(() => plugin.launched.length === 2 && plugin.ready, 'the plugin to launch a fresh hub and be ready', 30_000);
    await waitFor(() => first.exitCode !== null || first.signalCode !== null, 'the old hub to exit');
    await waitFor(() => server('slow')?.status === 'connected', 'the slow server after the restart', 20_000);
    expect(await plugin.callTool('fast', 'echo', { message: 'after restart' })).toMatchObject({ ok: true });
    expect(plugin.malformed).toEqual([]);
  });

  it('the hub shuts itself down once Neovim closes (--auto-shutdown)', async () => {
    const hub = plugin.launched.at(-1)!;
    for (const event of [...plugin.events, ...others.flatMap((p) => p.events)]) {
      // Heartbeats come every 10 s, so whether one fell into a run is chance; so is a log line's level
      // (4.2.1 logs its own warnings): `log` counts as one kind.
      if (event.event === 'heartbeat') continue;
      record.events.add(event.event === 'log' ? 'log' : `${event.event}:${String(event.data['type'] ?? event.data['state'] ?? '')}`);
    }
    plugin.stop();
    await waitFor(() => hub.exitCode !== null || hub.signalCode !== null, 'the hub to shut down', 15_000);
    expect(isAlive(hub.pid!)).toBe(false);
  });
});

describe("mcphub.nvim with the desktop app's hub", () => {
  it('hard-restarts it over another config file, launches its own, and ends up using the app’s hub on the same port', async () => {
    const home = await tempDir('mcphub-nvim-app-');
    const state = join(home, '.local', 'state');
    const appConfig = join(home, 'app.json');
    await writeFile(appConfig, JSON.stringify({ mcpServers: { app: toolServer({ SERVER_NAME: 'app one' }) } }));
    const port = await freePort();
    // As main.ts makes it: in-place hard restarts, listed in workspaces.json.
    const app = new HubApp({
      configFiles: [appConfig],
      port,
      restartPolicy: FAST_RESTARTS,
      onHardRestart: 'in-place',
      workspacesFile: join(state, 'mcp-hub', 'workspaces.json'),
      cwd: home,
    });
    const plugin = new McphubNvim({
      cmd: node,
      cmdArgs: [HUBS['this hub']],
      port,
      config: join(home, '.config', 'mcphub', 'servers.json'),
      shutdownDelay: 500,
      env: { ...process.env, HOME: home, XDG_STATE_HOME: state, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') },
      cwd: home,
    });
    try {
      await app.start();
      await app.whenReady();
      const pid = app.core.stateEvent().pid;
      plugin.setup();
      await plugin.start();
      await waitFor(() => plugin.ready, 'the plugin to be ready', 20_000);
      // Its config differed from the app's: it asked for a hard restart and launched its own hub…
      expect(plugin.requests).toContain('POST /api/hard-restart');
      expect(plugin.launched).toHaveLength(1);
      // …which found the port taken and left; the plugin uses the app's hub, which kept running.
      await waitFor(() => plugin.launched[0]!.exitCode !== null, 'the plugin’s own hub to give up');
      expect(app.port).toBe(port);
      await waitFor(() => plugin.servers.some((server) => server.name === 'app' && server.status === 'connected'), 'the app’s server in the plugin');
      expect(await plugin.callTool('app', 'echo', { message: 'from nvim' })).toMatchObject({ ok: true });
      expect(plugin.workspaces).toMatchObject({ current: String(port), allActive: { [String(port)]: { pid } } });
      expect(plugin.malformed).toEqual([]);
    } finally {
      plugin.stop();
      for (const child of plugin.launched) if (child.exitCode === null) child.kill('SIGKILL');
      await app.stop();
      await removeDir(home);
    }
  });
});

describe('what mcphub.nvim reads', () => {
  it('has the same shape from this hub as from mcp-hub 4.2.1', () => {
    const ours = seen['this hub'];
    const v4 = seen['mcp-hub 4.2.1'];
    expect(ours && v4, 'both replays ran').toBeTruthy();
    expect(ours!.shapes).toEqual(v4!.shapes);
  });

  it('gets every kind of event from this hub that mcp-hub 4.2.1 sent it', () => {
    const ours = seen['this hub']!.events;
    const missing = [...seen['mcp-hub 4.2.1']!.events].filter((event) => !ours.has(event));
    expect(missing).toEqual([]);
  });
});
