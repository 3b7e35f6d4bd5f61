import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as ModernClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdioTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { HubApp } from '../../main/hub/compose.js';
import type { HubEvent } from '../../shared/events.js';
import { callApi, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig, health } from '../helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await tempDir();
  config = await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } });
});
afterAll(async () => {
  await removeDir(dir);
});

/** How a stdio-only client starts its server `mcp-hub stdio`, with its state in the test's folder. */
const bridgeCommand = (args: string[]) => ({
  command: node,
  args: [CLI, 'stdio', ...args],
  env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') } as Record<string, string>,
  stderr: 'pipe' as const,
});

/** A stdio-only MCP client, the way Claude Desktop starts a server: `mcp-hub stdio`. */
async function stdioClient(args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport(bridgeCommand(args));
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'stdio-only-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe('mcp-hub stdio', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([config]);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('relays a stdio client to the running hub, progress included', async () => {
    const { client } = await stdioClient(['--port', String(hub.port)]);
    expect(client.getServerVersion()?.name).toBe('mcp-hub');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('everything__echo');
    const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'through the bridge' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: through the bridge' }]);
    const progress: Progress[] = [];
    await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 0.2, steps: 2 } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    // The SDK client itself may drop the last notification when it reads it together with the
    // result (a race in its Protocol class), so only the relaying is asserted, not the last one.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((p) => p.progress)).toEqual([1, 2].slice(0, progress.length));
    expect((await health(hub)).mcpEndpoint.activeClients).toBe(1);
    await client.close();
    // Closing the client ends its hub session too.
    await waitFor(async () => (await health(hub)).mcpEndpoint.activeClients === 0, 'the session to end');
  });
});

/** A 2026-07-28 stdio client (SDK v2, pinned): no initialize, no session; each request says who it is. */
async function modernStdioClient(args: string[]): Promise<ModernClient> {
  const transport = new ModernStdioTransport(bridgeCommand(args));
  const client = new ModernClient({ name: 'modern-stdio-client', version: '1.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(transport);
  return client;
}

describe('mcp-hub stdio for a 2026-07-28 client', () => {
  let hub: HubApp;
  const events: HubEvent[] = [];
  beforeAll(async () => {
    hub = await startHub([config]);
    hub.service.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('relays its requests, progress, cancellation and listen stream', async () => {
    const client = await modernStdioClient(['--port', String(hub.port)]);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('everything__echo');
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'modern bridge' } })).content).toEqual([{ type: 'text', text: 'Echo: modern bridge' }]);
      const progress: number[] = [];
      await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 0.2, steps: 2 } }, { onprogress: (p) => progress.push(p.progress) });
      // As above: the SDK client may drop the last notification when it reads it together with the result.
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([1, 2].slice(0, progress.length));

      const controller = new AbortController();
      const before = events.length;
      const long = client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, { signal: controller.signal });
      setTimeout(() => controller.abort('user cancelled'), 300);
      await expect(long).rejects.toThrow();
      const record = await waitFor(() => events.slice(before).find((event) => event.type === 'tool_call' && event.data.tool === 'trigger-long-running-operation'), 'the cancelled call recorded', 10_000);
      expect(record).toMatchObject({ data: { ok: false } });

      let changed = 0;
      client.setNotificationHandler('notifications/tools/list_changed', () => void changed++);
      const subscription = await client.listen({ toolsListChanged: true });
      await hub.service.client().invoke('stopServer', { server_name: 'everything' });
      await waitFor(() => changed > 0, 'tools/list_changed through the bridge');
      await hub.service.client().invoke('startServer', { server_name: 'everything' });
      await subscription.close();
    } finally {
      await client.close();
    }
  });
});

/** The bridge as a raw child: JSON-RPC lines in, JSON-RPC lines out, as a client reads them. */
function rawBridge(port: number): { send(message: object): void; next(id: unknown): Promise<Record<string, unknown>>; stderr: () => string; stop(): void } {
  const child = spawn(node, [CLI, 'stdio', '--port', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const received: Record<string, unknown>[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let cut = buffer.indexOf('\n'); cut >= 0; cut = buffer.indexOf('\n')) {
      received.push(JSON.parse(buffer.slice(0, cut)) as Record<string, unknown>);
      buffer = buffer.slice(cut + 1);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    send: (message) => child.stdin.write(`${JSON.stringify(message)}\n`),
    next: (id) => waitFor(() => received.find((message) => message['id'] === id), `the answer to ${String(id)}`),
    stderr: () => stderr,
    stop: () => child.kill(),
  };
}

const INITIALIZE = { jsonrpc: '2.0', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

describe('mcp-hub stdio answers instead of dying', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([config]);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('answers a request the hub refuses with an error of the same id, and keeps relaying', async () => {
    const bridge = rawBridge(hub.port);
    try {
      // A client of protocol 2026-07-28 probes first; an older hub refuses, and the client falls back.
      bridge.send({ jsonrpc: '2.0', id: 'probe', method: 'server/discover', params: {} });
      expect(await bridge.next('probe')).toMatchObject({ id: 'probe', error: { message: expect.stringContaining('The hub refused the request') } });
      bridge.send({ jsonrpc: '2.0', id: 'early', method: 'tools/list', params: {} });
      expect(await bridge.next('early')).toMatchObject({ id: 'early', error: { code: -32600 } });
      bridge.send({ ...INITIALIZE, id: 1 });
      expect(await bridge.next(1)).toMatchObject({ result: { serverInfo: { name: 'mcp-hub' } } });
      bridge.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      bridge.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'everything__echo', arguments: { message: 'after the refusals' } } });
      expect(await bridge.next(2)).toMatchObject({ result: { content: [{ type: 'text', text: 'Echo: after the refusals' }] } });
    } finally {
      bridge.stop();
    }
  });
});

describe('mcp-hub stdio across a hub restart', () => {
  it.each(['legacy', 'modern'] as const)('does not show a %s-era client that the hub restarted', async (era) => {
    const first = await startHub([config]);
    const port = first.port;
    const { client, stderr } =
      era === 'legacy' ? await stdioClient(['--port', String(port)]) : { client: (await modernStdioClient(['--port', String(port)])) as unknown as Client, stderr: () => '' };
    let second: HubApp | undefined;
    try {
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'before' } })).content).toEqual([{ type: 'text', text: 'Echo: before' }]);
      await first.stop();
      second = await startHub([config], { port });
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'after' } })).content).toEqual([{ type: 'text', text: 'Echo: after' }]);
      // A 2025 session is opened again with the client's own initialize; a 2026-07-28 client has none to lose.
      if (era === 'legacy') expect(stderr()).toContain('opened a new session');
    } finally {
      await client.close();
      await second?.stop();
      await first.stop();
    }
  });
});

describe('mcp-hub stdio with no hub running', () => {
  it('starts one with the given config and relays to it', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const { client, stderr } = await stdioClient(['--port', String(port), '--config', config]);
    try {
      expect(stderr()).toContain('starting one');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('everything__echo');
    } finally {
      await client.close();
      // The hub it started keeps running for other clients; stop it the way its supervisor would.
      const stopped = await callApi(`http://127.0.0.1:${port}`, '/hard-restart', {});
      expect(stopped.status).toBe(200);
    }
  });
});

/** Processes whose command line has every one of `words`, with that command line (Linux /proc). */
function processesWith(words: string[]): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (words.every((word) => cmdline.split('\0').includes(word))) found.push({ pid: Number(entry), cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}

describe('mcp-hub stdio with an API token', () => {
  const TOKEN = 'bridge-token-5f2c9a';

  it('starts its hub with the token, by environment: the hub refuses requests without it, and ps does not show it', async () => {
    const port = await freePort();
    const { client, stderr } = await stdioClient(['--port', String(port), '--config', config, '--api-token', TOKEN]);
    const base = `http://127.0.0.1:${port}`;
    try {
      expect(stderr()).toContain('starting one');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('everything__echo');
      expect((await callApi(base, '/health')).status).toBe(401);
      expect((await callApi(base, '/health', undefined, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      const hubs = processesWith([CLI, 'serve', '--port', String(port)]);
      expect(hubs).toHaveLength(1);
      expect(hubs[0]!.cmdline).not.toContain(TOKEN);
    } finally {
      await client.close();
      const stopped = await callApi(base, '/hard-restart', {}, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(stopped.status).toBe(200);
    }
  });

  it('refuses a hub on the port that does not require the token: an error on stderr and to the client', async () => {
    const open = await startHub([config]);
    try {
      await expect(stdioClient(['--port', String(open.port), '--api-token', TOKEN])).rejects.toThrow(/does not require the API token/);
      // The raw bridge shows both sides: the client's request answered with the reason, stderr saying it.
      const child = spawn(node, [CLI, 'stdio', '--port', String(open.port)], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, MCP_HUB_API_TOKEN: TOKEN },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.stdin.write(`${JSON.stringify({ ...INITIALIZE, id: 1 })}\n`);
      await waitFor(() => out.includes('\n'), 'the answer');
      expect(JSON.parse(out)).toMatchObject({ id: 1, error: { message: expect.stringContaining('does not require the API token') } });
      expect(err).toContain('does not require the API token');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin.end();
      expect(await exited).toBe(1);
      // Nothing reached the open hub.
      expect((await health(open)).mcpEndpoint.activeClients).toBe(0);
    } finally {
      await open.stop();
    }
  });

  it('refuses a hub without the token that took the port after a restart', async () => {
    const first = await startHub([config], { apiToken: TOKEN });
    const { client, stderr } = await stdioClient(['--port', String(first.port), '--api-token', TOKEN]);
    let second: HubApp | undefined;
    try {
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'protected' } })).content).toEqual([{ type: 'text', text: 'Echo: protected' }]);
      await first.stop();
      second = await startHub([config], { port: first.port });
      await expect(client.callTool({ name: 'everything__echo', arguments: { message: 'open' } })).rejects.toThrow();
      await waitFor(() => stderr().includes('does not require the API token'), 'the bridge to say why');
      expect((await health(second)).mcpEndpoint.activeClients).toBe(0);
    } finally {
      await client.close();
      await second?.stop();
      await first.stop();
    }
  });
});
