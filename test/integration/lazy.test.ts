import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { HubApp, HubAppOptions } from '../../main/hub/compose.js';
import type { ServerStatus } from '../../shared/status.js';
import { callApi, connectClient, isAlive, removeDir, spawnCount, startHub, tempDir, toolServer, waitFor, health } from '../helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  dir: string;
  spawnLog: string;
  catalogDir: string;
  /** Writes the config: the fixture server as `fixture`, `entry` merged into its entry, `fileLevel` next to mcpServers. */
  write(entry?: Record<string, unknown>, fileLevel?: Record<string, unknown>): Promise<void>;
  /** Writes the config and starts a hub on it. */
  start(entry?: Record<string, unknown>, options?: Partial<HubAppOptions>, fileLevel?: Record<string, unknown>): Promise<HubApp>;
}

async function setUp(): Promise<Setup> {
  const dir = await tempDir();
  cleanups.push(() => removeDir(dir));
  const spawnLog = join(dir, 'spawns.log');
  const catalogDir = join(dir, 'catalogs');
  const config = join(dir, 'mcp.json');
  const write = async (entry: Record<string, unknown> = {}, fileLevel: Record<string, unknown> = {}) => {
    const fixture = { ...toolServer({ SERVER_NAME: 'fixture', SPAWN_LOG: spawnLog, EXTRA_TOOL_FILE: join(dir, 'extra-tool') }), ...entry };
    await writeFile(config, JSON.stringify({ ...fileLevel, mcpServers: { fixture } }));
  };
  return {
    dir,
    spawnLog,
    catalogDir,
    write,
    async start(entry = {}, options = {}, fileLevel = {}) {
      await write(entry, fileLevel);
      const hub = await startHub([config], { catalogDir, ...options });
      cleanups.push(() => hub.stop());
      return hub;
    },
  };
}

async function connect(hub: HubApp, path = '/mcp'): Promise<Client> {
  const client = await connectClient(`${hub.url}${path}`);
  cleanups.push(() => client.close());
  return client;
}

function statusesOf(hub: HubApp): ServerStatus[] {
  const seen: ServerStatus[] = [];
  hub.core.events.on('server_status', (event) => seen.push(event.status));
  return seen;
}

const sleeping = (hub: HubApp) => waitFor(() => hub.core.serverInfo('fixture').status === 'sleeping', 'the server to sleep');
const savedCatalogs = async (dir: string) => (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json'));

describe('a lazy server', () => {
  it('learns its catalog at the first start, sleeps when idle, and wakes for a client connected before it slept', async () => {
    const setup = await setUp();
    const hub = await setup.start({ lazy: true, idleTimeout: 0.3 });
    const statuses = statusesOf(hub);
    expect(spawnCount(setup.spawnLog)).toBe(1);
    const client = await connect(hub);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId;
    let listChanges = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanges++;
    });

    await sleeping(hub);
    await waitFor(() => hub.core.serverInfo('fixture').pid === null, 'its process to be gone');
    const asleep = hub.core.serverInfo('fixture');
    expect(asleep).toMatchObject({ uptime: 0, error: null });
    expect(asleep.capabilities.tools.map((tool) => tool.name)).toContain('echo');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['fixture__echo', 'fixture__wait', 'fixture__tool_3']));
    expect(spawnCount(setup.spawnLog)).toBe(1);

    const result = await client.callTool({ name: 'fixture__echo', arguments: { message: 'after sleeping' } });
    expect(result.content).toEqual([{ type: 'text', text: 'after sleeping' }]);
    expect(spawnCount(setup.spawnLog)).toBe(2);
    // The same session throughout: no 404, no new initialize.
    expect((client.transport as StreamableHTTPClientTransport).sessionId).toBe(sessionId);
    expect((await health(hub)).mcpEndpoint.activeClients).toBe(1);
    expect(statuses.slice(0, 3)).toEqual(['sleeping', 'connecting', 'connected']);

    await sleeping(hub);
    const read = await client.readResource({ uri: 'mcp-hub://fixture/fixture://info' });
    expect(read.contents[0]).toMatchObject({ text: 'fixture: fixture://info' });
    await sleeping(hub);
    const prompt = await client.getPrompt({ name: 'fixture__greet' });
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: 'Hello from fixture' });
    expect(spawnCount(setup.spawnLog)).toBe(4);
    // Nothing in its lists changed, so no client was asked to list again.
    expect(listChanges).toBe(0);
  });

  it('starts one process for 20 concurrent first calls from 20 clients', async () => {
    const setup = await setUp();
    const hub = await setup.start({ lazy: true, idleTimeout: 0.3 });
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect(hub)));
    await sleeping(hub);
    const before = spawnCount(setup.spawnLog);

    const results = await Promise.all(clients.map((client, i) => client.callTool({ name: 'fixture__echo', arguments: { message: `call ${i}` } })));

    expect(results.map((result) => result.content)).toEqual(clients.map((_, i) => [{ type: 'text', text: `call ${i}` }]));
    expect(spawnCount(setup.spawnLog)).toBe(before + 1);
  });

  it('is listed from its saved catalog after a hub restart, without starting', async () => {
    const setup = await setUp();
    const first = await setup.start({ lazy: true, idleTimeout: 600 });
    expect(first.core.serverInfo('fixture').status).toBe('connected');
    await waitFor(async () => (await savedCatalogs(setup.catalogDir)).length === 1, 'the catalog to be saved');
    await first.stop();

    const hub = await setup.start({ lazy: true, idleTimeout: 600 });
    expect(hub.core.serverInfo('fixture').status).toBe('sleeping');
    expect(spawnCount(setup.spawnLog)).toBe(1);
    const client = await connect(hub);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('fixture__tool_1');
    expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual(['mcp-hub://fixture/fixture://info']);
    expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      'mcp-hub://fixture/fixture://items/{id}',
    ]);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['fixture__greet']);
    expect(client.getInstructions()).toContain('Fixture server fixture.');
    // The one-server endpoint describes the sleeping server as it described itself.
    const single = await connect(hub, '/mcp/fixture');
    expect(single.getServerVersion()).toEqual({ name: 'tool-server', version: '1.0.0' });
    expect(single.getServerCapabilities()?.logging).toBeUndefined();
    expect(spawnCount(setup.spawnLog)).toBe(1);

    const item = await single.readResource({ uri: 'fixture://items/7' });
    expect(item.contents[0]).toMatchObject({ text: 'fixture: fixture://items/7' });
    expect(spawnCount(setup.spawnLog)).toBe(2);
  });

  it('learns its catalog again when its entry changed, but not for a new description or idle time', async () => {
    const setup = await setUp();
    const first = await setup.start({ lazy: true, idleTimeout: 600 });
    await waitFor(async () => (await savedCatalogs(setup.catalogDir)).length === 1, 'the catalog to be saved');
    await first.stop();

    const same = await setup.start({ lazy: true, idleTimeout: 900, description: 'now described' });
    expect(same.core.serverInfo('fixture').status).toBe('sleeping');
    await same.stop();
    expect(spawnCount(setup.spawnLog)).toBe(1);

    const changed = await setup.start({ ...toolServer({ SERVER_NAME: 'fixture', SPAWN_LOG: setup.spawnLog, TOOL_COUNT: '5' }), lazy: true, idleTimeout: 600 });
    expect(changed.core.serverInfo('fixture').status).toBe('connected');
    expect(spawnCount(setup.spawnLog)).toBe(2);
    expect(changed.core.serverInfo('fixture').capabilities.tools.map((tool) => tool.name)).toContain('tool_5');
  });

  it('tells clients to list again when its catalog changed while it slept', async () => {
    const setup = await setUp();
    const hub = await setup.start({ lazy: true, idleTimeout: 0.3 });
    const client = await connect(hub);
    let listChanges = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanges++;
    });
    await sleeping(hub);
    await writeFile(join(setup.dir, 'extra-tool'), 'fresh_tool');

    await client.callTool({ name: 'fixture__echo', arguments: { message: 'wake up' } });

    await waitFor(() => listChanges > 0, 'tools/list_changed');
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('fixture__fresh_tool');
    // The new catalog is the one kept for the next sleep.
    await sleeping(hub);
    expect(hub.core.serverInfo('fixture').capabilities.tools.map((tool) => tool.name)).toContain('fresh_tool');
  });

  it('stays stopped after a REST stop, and a REST start wakes it', async () => {
    const setup = await setUp();
    const hub = await setup.start({ lazy: true, idleTimeout: 0.3 });
    const client = await connect(hub);
    await sleeping(hub);

    const stopped = await callApi(hub.url, '/servers/stop', { server_name: 'fixture' });
    expect(stopped.json['server']).toMatchObject({ status: 'disconnected' });
    await expect(client.callTool({ name: 'fixture__echo', arguments: { message: 'x' } })).rejects.toThrow(/unavailable: server 'fixture' is disconnected/);
    const viaRest = await callApi(hub.url, '/servers/tools', { server_name: 'fixture', tool: 'echo', arguments: { message: 'x' } });
    expect(viaRest.status).toBe(503);
    expect(hub.core.serverInfo('fixture').status).toBe('disconnected');

    const started = await callApi(hub.url, '/servers/start', { server_name: 'fixture' });
    expect(started.json['server']).toMatchObject({ status: 'connected' });
    await sleeping(hub);
    // A call through the REST API wakes it like one through /mcp.
    const woken = await callApi(hub.url, '/servers/tools', { server_name: 'fixture', tool: 'echo', arguments: { message: 'rest' } });
    expect(woken.json['result']).toMatchObject({ content: [{ type: 'text', text: 'rest' }] });
  });

  it('stays awake while a client holds a resource subscription', async () => {
    const setup = await setUp();
    const hub = await setup.start({ lazy: true, idleTimeout: 0.3 });
    const client = await connect(hub);
    await client.subscribeResource({ uri: 'mcp-hub://fixture/fixture://info' });
    const pid = hub.core.serverInfo('fixture').pid!;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hub.core.serverInfo('fixture').status).toBe('connected');
    expect(isAlive(pid)).toBe(true);

    await client.unsubscribeResource({ uri: 'mcp-hub://fixture/fixture://info' });
    await sleeping(hub);
    await waitFor(() => !isAlive(pid), 'the process to end');
  });
});

describe('lazy settings', () => {
  it('come from the entry, then its file, then the hub', async () => {
    const setup = await setUp();
    const byHub = await setup.start({ idleTimeout: 0.3 }, { lazy: true });
    await sleeping(byHub);
    await byHub.stop();

    const optedOut = await setup.start({ lazy: false }, { lazy: true, idleTimeoutMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(optedOut.core.serverInfo('fixture').status).toBe('connected');
    await optedOut.stop();

    const byFile = await setup.start({}, {}, { lazy: true, idleTimeout: 0.3 });
    expect(byFile.core.serverInfo('fixture').status).toBe('sleeping');
  });

  it('apply when the config changes, without a restart', async () => {
    const setup = await setUp();
    const hub = await setup.start({ lazy: true, idleTimeout: 0.3 });
    await sleeping(hub);
    const spawns = spawnCount(setup.spawnLog);

    await setup.write({});
    expect(await hub.core.reloadConfig()).toEqual({});
    await waitFor(() => hub.core.serverInfo('fixture').status === 'connected', 'the server to start now that it is not lazy');
    const pid = hub.core.serverInfo('fixture').pid;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(hub.core.serverInfo('fixture')).toMatchObject({ status: 'connected', pid });

    await setup.write({ lazy: true, idleTimeout: 0.3 });
    expect(await hub.core.reloadConfig()).toEqual({});
    await sleeping(hub);
    expect(spawnCount(setup.spawnLog)).toBe(spawns + 1);
  });
});
