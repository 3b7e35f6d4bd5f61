import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { toolServer, waitFor } from '../../../test/helpers.js';
import { parseConfigText } from '../config/load.js';
import { silentLogger } from '../log.js';
import { Redactor } from '../redactor.js';
import { DEFAULT_RESTART_POLICY } from './restart-policy.js';
import { UpstreamServer, type UpstreamPeer } from './upstream-server.js';

const peer: UpstreamPeer = {
  handleServerRequest: () => Promise.reject(new Error('not in this test')),
  onLogMessage: () => {},
  onResourceUpdated: () => {},
  keepsAwake: () => false,
};

const started: UpstreamServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

/** The server of `entry`, loaded from a config file as the hub loads it, with the hub's defaults given. */
function upstream(entry: Record<string, unknown>, hub: { lazy?: boolean; requestTimeoutMs?: number } = {}): UpstreamServer {
  const [definition] = parseConfigText(JSON.stringify({ mcpServers: { fixture: entry } }), '/cfg/mcp.json').servers;
  const server = new UpstreamServer({
    definition: definition!,
    resolveContext: { env: process.env, globalEnv: {}, cwd: process.cwd() },
    restartPolicy: DEFAULT_RESTART_POLICY,
    connectTimeoutMs: 15_000,
    requestTimeoutMs: hub.requestTimeoutMs ?? 60_000,
    healthCheckIntervalMs: 60_000,
    logger: silentLogger(),
    peer,
    clientInfo: { name: 'test', version: '1' },
    redactor: new Redactor(),
    lazy: { byDefault: hub.lazy ?? false, idleTimeoutMs: 60_000 },
  });
  started.push(server);
  return server;
}

const call = (name: string, args: Record<string, unknown>) => ({ method: 'tools/call' as const, params: { name, arguments: args } });

describe('UpstreamServer, by its entry', () => {
  it('shows the transport the entry asks for until a connection says otherwise', () => {
    const url = 'http://127.0.0.1:9/mcp';
    expect(upstream({ command: 'node' }).transportType).toBe('stdio');
    expect(upstream({ url }).transportType).toBe('streamable-http');
    expect(upstream({ type: 'http', url }).transportType).toBe('streamable-http');
    expect(upstream({ type: 'sse', url }).transportType).toBe('sse');
  });

  it("ends a request after the entry's timeout, not the hub's", async () => {
    const server = upstream({ ...toolServer(), timeout: 300 }, { requestTimeoutMs: 60_000 });
    await server.start();
    expect(server.status).toBe('connected');
    const before = Date.now();
    await expect(server.request(call('wait', { ms: 10_000 }))).rejects.toMatchObject({ code: ErrorCode.RequestTimeout });
    expect(Date.now() - before).toBeLessThan(5_000);
    expect(await server.request(call('echo', { message: 'still here' }))).toMatchObject({ content: [{ text: 'still here' }] });
  });

  it("sleeps after the entry's idleTimeout when the entry says lazy, whatever the hub's default, and wakes for a request", async () => {
    const lazy = upstream({ ...toolServer(), lazy: true, idleTimeout: 0.3 });
    const eager = upstream({ ...toolServer(), lazy: false, idleTimeout: 0.3 }, { lazy: true });
    await Promise.all([lazy.start(), eager.start()]);
    await waitFor(() => lazy.status === 'sleeping', 'the lazy server to sleep');
    expect(lazy.catalog.tools.map((tool) => tool.name)).toContain('echo');
    await waitFor(() => lazy.pid === null, 'its process to end');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(eager.status).toBe('connected');

    expect(await lazy.request(call('echo', { message: 'awake' }))).toMatchObject({ content: [{ text: 'awake' }] });
    expect(lazy.status).toBe('connected');
  });

  it('keeps a broken entry that is switched off disabled; one that is not fails to start with its problem', async () => {
    const off = upstream({ command: 'node', args: 'not a list', disabled: true });
    expect(off.definition.config).toBeUndefined();
    expect(off.status).toBe('disabled');

    const broken = upstream({ command: 'node', args: 'not a list', name: 'Broken one' });
    await broken.start();
    expect(broken.status).toBe('error');
    expect(broken.error).toMatch(/mcpServers\.fixture\.args: expected an array of strings/);
    expect(broken.info()).toMatchObject({ displayName: 'Broken one', transportType: 'stdio', status: 'error' });
  });

  it('lets no one else change its state', () => {
    const server = upstream({ command: 'node' });
    for (const field of ['status', 'error', 'catalog', 'serverVersion', 'serverCapabilities', 'instructions', 'transportType', 'lastStarted']) {
      expect(() => Object.assign(server, { [field]: null }), field).toThrow(TypeError);
    }
  });
});
