import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import { paginate } from '../endpoint/paginate.js';
import { silentLogger } from '../log.js';
import { Redactor } from '../redactor.js';
import type { CatalogSnapshot } from '../upstream/catalog-store.js';
import { DEFAULT_RESTART_POLICY } from '../upstream/restart-policy.js';
import { UpstreamServer, type UpstreamPeer } from '../upstream/upstream-server.js';
import { ToolPins } from '../pinning/pins.js';
import { Catalog } from './catalog.js';

const SERVERS = 100;
const TOOLS = 50;

const peer: UpstreamPeer = {
  handleServerRequest: () => Promise.reject(new Error('not in this test')),
  onLogMessage: () => {},
  onResourceUpdated: () => {},
  keepsAwake: () => false,
};

const tools = (server: string, count: number, prefix = 'tool'): Tool[] =>
  Array.from({ length: count }, (_, i) => ({ name: `${prefix}_${i + 1}`, description: `${prefix} ${i + 1} of ${server}`, inputSchema: { type: 'object' } }));

const snapshotOf = (listed: Tool[]): CatalogSnapshot => ({
  catalog: { tools: listed, resources: [], resourceTemplates: [], prompts: [] },
  serverInfo: null,
  capabilities: { tools: {} },
});

/** A lazy server that is never started: it sleeps on what its store holds, as after a hub restart. */
async function sleepingServer(name: string, store: { snapshot: CatalogSnapshot }): Promise<UpstreamServer> {
  const entry = { command: 'unused' };
  const upstream = new UpstreamServer({
    definition: { name, source: '/config/mcp.json', entry, config: ServerConfigSchema.parse(entry) },
    resolveContext: { env: {}, globalEnv: {}, cwd: '/' },
    restartPolicy: DEFAULT_RESTART_POLICY,
    connectTimeoutMs: 1_000,
    requestTimeoutMs: 1_000,
    healthCheckIntervalMs: 1_000,
    logger: silentLogger(),
    peer,
    clientInfo: { name: 'test', version: '1' },
    redactor: new Redactor(),
    lazy: { byDefault: true, idleTimeoutMs: 1_000 },
    catalogStore: { load: async () => store.snapshot, save: async () => {} },
  });
  expect(await upstream.restore()).toBe(true);
  return upstream;
}

describe('the aggregate catalog at 100 servers × 50 tools', () => {
  const names = Array.from({ length: SERVERS }, (_, i) => `server-${String(i).padStart(3, '0')}`);
  const stores = names.map((name) => ({ snapshot: snapshotOf(tools(name, TOOLS)) }));
  let servers: UpstreamServer[] = [];
  // No lock file is loaded: nothing is pinned, as with `"pinning": false`.
  const pins = new ToolPins({ backupDir: '/nonexistent', definitionsDir: '/nonexistent', log: silentLogger(), onHeld: () => {} });
  const catalog = new Catalog(pins);
  const view = catalog.aggregateView();
  const namespacing = vi.spyOn(catalog, 'namespaced');

  beforeAll(async () => {
    servers = await Promise.all(names.map((name, i) => sleepingServer(name, stores[i]!)));
    catalog.setServers(servers);
  });

  it('lists every tool and routes every name, namespacing each server once, not per request', () => {
    const listed = view.tools();
    expect(listed).toHaveLength(SERVERS * TOOLS);
    for (let i = 0; i < 1_000; i++) expect(view.tools()).toBe(listed);
    for (const server of servers) {
      for (const tool of server.catalog.tools) {
        const route = view.routeTool(`${catalog.idOf(server)}__${tool.name}`);
        expect(route?.server).toBe(server);
        expect(route?.name).toBe(tool.name);
      }
    }
    expect(namespacing).toHaveBeenCalledTimes(SERVERS);
  });

  it('pages through all of them with a stable order and no repeats', () => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = paginate(view.tools(), cursor, 500);
      names.push(...page.items.map((tool) => tool.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(SERVERS * TOOLS);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('server_000__tool_1');
  });

  it('re-namespaces only the server whose catalog changed', async () => {
    const before = servers.map((server) => catalog.namespaced(server));
    const changed = servers[42]!;
    stores[42]!.snapshot = snapshotOf(tools(changed.name, TOOLS, 'renamed'));
    await changed.stop();
    await changed.restore();
    expect(changed.catalog.tools[6]?.name).toBe('renamed_7');

    expect(view.routeTool('server_042__renamed_7')?.name).toBe('renamed_7');
    expect(view.routeTool('server_042__tool_7')).toBeUndefined();
    expect(view.routeTool('server_041__tool_7')?.server).toBe(servers[41]);
    expect(view.tools()).toHaveLength(SERVERS * TOOLS);
    servers.forEach((server, i) => {
      if (i === 42) expect(catalog.namespaced(server)).not.toBe(before[i]);
      else expect(catalog.namespaced(server), server.name).toBe(before[i]);
    });
  });

  it('finds the server of a resource URI by its id without scanning', () => {
    expect(view.routeResource('mcp-hub://server_099/file:///x')).toEqual({ server: servers[99], name: 'file:///x' });
    expect(catalog.serverById('server_000')).toBe(servers[0]);
  });
});
