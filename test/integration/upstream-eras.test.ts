import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { HubApp, HubAppOptions } from '../../main/hub/compose.js';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { connectClient, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

const MODERN = new URL('../fixtures/modern-server.mjs', import.meta.url).pathname;
const SILENT_LEGACY = new URL('../fixtures/silent-legacy-server.mjs', import.meta.url).pathname;

/** The lines the fixtures wrote to their ERA_LOG (server/discover probes, Mcp-Name headers, cancellations). */
function eraLog(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
const count = (file: string, line: string) => eraLog(file).filter((entry) => entry === line).length;

const text = (result: unknown) => (result as { content: Array<{ text: string }> }).content.map((item) => item.text).join('');

let dir: string;
const hubs: HubApp[] = [];
const clients: Client[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await tempDir('mcp-hub-eras-');
});
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await Promise.allSettled(hubs.splice(0).map((hub) => hub.stop()));
  for (const child of children.splice(0)) child.kill();
});
afterAll(async () => {
  await removeDir(dir);
});

async function hubWith(servers: Record<string, unknown>, name: string, options: Partial<HubAppOptions> = {}): Promise<HubApp> {
  await mkdir(join(dir, name), { recursive: true });
  const config = await writeConfig(join(dir, name), servers);
  const hub = await startHub([config], { catalogDir: join(dir, name, 'catalogs'), ...options });
  hubs.push(hub);
  return hub;
}

async function client(hub: HubApp): Promise<Client> {
  const connected = await connectClient(`${hub.url}/mcp`);
  clients.push(connected);
  return connected;
}

/** The fixture over Streamable HTTP, refusing `initialize`; its port. */
async function modernHttp(log: string, port = 0): Promise<number> {
  const child = spawn(node, [MODERN, '--http'], { env: { ...process.env, MODERN_ONLY: '1', ERA_LOG: log, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`modern-server --http exited with ${code}`)));
  });
}

/**
 * What a 2025-era client sees of a server that speaks only 2026-07-28, behind the hub: everything,
 * with the hub translating (tools, prompts, resources, progress, cancellation, list changes and
 * resource updates through the hub's listen stream to the server).
 */
async function behavesBehindTheHub(hub: HubApp, log: string): Promise<void> {
  expect(hub.core.serverInfo('modern')).toMatchObject({ status: 'connected', protocolVersion: '2026-07-28' });
  const legacy = await client(hub);

  const tools = (await legacy.listTools()).tools.map((tool) => tool.name);
  expect(tools).toEqual(expect.arrayContaining(['modern__echo', 'modern__progress', 'modern__long', 'modern__touch']));
  expect(text(await legacy.callTool({ name: 'modern__echo', arguments: { text: 'hi' } }))).toBe('echo:hi (2026-07-28)');

  const prompt = await legacy.getPrompt({ name: 'modern__greet', arguments: { name: 'Ada' } });
  expect(prompt.messages[0]!.content).toMatchObject({ text: 'Hello, Ada!' });

  const resource = (await legacy.listResources()).resources.find((item) => item.name.endsWith('note'));
  expect(resource).toBeDefined();
  const before = await legacy.readResource({ uri: resource!.uri });
  expect(before.contents[0]).toMatchObject({ text: expect.stringMatching(/^note v\d+$/) });

  const progress: number[] = [];
  const done = await legacy.callTool({ name: 'modern__progress', arguments: { steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
  expect(text(done)).toBe('done 3');
  expect(progress).toEqual([1, 2, 3]);

  // The era has no logging/setLevel: the client's level goes with each request the hub sends.
  const logged: unknown[] = [];
  legacy.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push(n.params.data));
  await legacy.callTool({ name: 'modern__log', arguments: {} });
  await legacy.setLoggingLevel('info');
  await legacy.callTool({ name: 'modern__log', arguments: {} });
  await waitFor(() => logged.length > 0, 'the log line');
  expect(logged).toEqual(['a line from the modern server']);

  // Cancelling the client's call cancels the hub's call to the server.
  const abort = new AbortController();
  const long = legacy.callTool({ name: 'modern__long', arguments: { ms: 20_000 } }, undefined, { signal: abort.signal });
  await new Promise((resolve) => setTimeout(resolve, 300));
  abort.abort('changed my mind');
  await expect(long).rejects.toThrow();
  await waitFor(() => count(log, 'cancelled') === 1, 'the server to see the cancellation');

  // The server's list change and resource update come to the hub on its listen stream, and on to the client.
  const listChanged = new Promise<void>((resolve) => legacy.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
  const updated: string[] = [];
  legacy.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
  await legacy.subscribeResource({ uri: resource!.uri });
  expect(text(await legacy.callTool({ name: 'modern__touch', arguments: {} }))).toMatch(/^note v\d+$/);
  await listChanged;
  await waitFor(async () => (await legacy.listTools()).tools.some((tool) => tool.name === 'modern__added'), 'the added tool on /mcp');
  await waitFor(() => updated.includes(resource!.uri), 'the resource update');
  const after = await legacy.readResource({ uri: resource!.uri });
  expect(after.contents[0]).not.toEqual(before.contents[0]);

  // The server asks for input the 2026-07-28 way (an `input_required` result); the client is asked
  // the 2025 way (elicitation/create during its call), and its answer completes the call.
  const asked: string[] = [];
  const answering = await connectClient(`${hub.url}/mcp`, 'streamable', {
    capabilities: { elicitation: {} },
    setup: (c) =>
      c.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked.push(request.params.message);
        return { action: 'accept', content: { name: 'Ada' } };
      }),
  });
  clients.push(answering);
  expect(text(await answering.callTool({ name: 'modern__ask', arguments: {} }))).toBe('hello Ada');
  expect(asked).toEqual(['Your name?']);

  // A 2026-07-28 client is asked the 2026 way: input_required from the hub, and its retry completes the call.
  const modern = new ModernClient({ name: 'modern-client', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  modern.setRequestHandler('elicitation/create', (request) => {
    asked.push(`modern: ${request.params.message}`);
    return { action: 'accept', content: { name: 'Grace' } };
  });
  await modern.connect(new ModernTransport(new URL(`${hub.url}/mcp`)));
  try {
    expect(text(await modern.callTool({ name: 'modern__ask', arguments: {} }))).toBe('hello Grace');
    expect(asked).toEqual(['Your name?', 'modern: Your name?']);
  } finally {
    await modern.close();
  }
}

describe('upstream servers in the 2026-07-28 era', () => {
  it('serves a modern-only stdio server to 2025-era clients, and probes it once: the next hub start reuses the verdict', async () => {
    const log = join(dir, 'stdio.log');
    const servers = { modern: { command: node, args: [MODERN], env: { MODERN_ONLY: '1', ERA_LOG: log } } };
    const catalogDir = join(dir, 'stdio-catalogs');
    const hub = await hubWith(servers, 'stdio', { catalogDir });
    expect(count(log, 'discover')).toBe(1);
    await behavesBehindTheHub(hub, log);
    await hub.stop();

    const again = await hubWith(servers, 'stdio', { catalogDir });
    expect(again.core.serverInfo('modern')).toMatchObject({ status: 'connected', protocolVersion: '2026-07-28' });
    const legacy = await client(again);
    expect(text(await legacy.callTool({ name: 'modern__echo', arguments: { text: 'again' } }))).toBe('echo:again (2026-07-28)');
    // Connected straight in the era found last time: no second probe.
    expect(count(log, 'discover')).toBe(1);
    await again.stop();

    // Another entry (here another environment) is another server, as far as anyone knows: probed afresh.
    const changed = await hubWith({ modern: { ...servers.modern, env: { ...servers.modern.env, SOMETHING: 'else' } } }, 'stdio', { catalogDir });
    expect(changed.core.serverInfo('modern')).toMatchObject({ status: 'connected', protocolVersion: '2026-07-28' });
    expect(count(log, 'discover')).toBe(2);
  });

  it('serves a modern-only Streamable HTTP server, sending the server its own names in Mcp-Name and the parameters it wants in Mcp-Param headers', async () => {
    const log = join(dir, 'http.log');
    const port = await modernHttp(log);
    const hub = await hubWith({ modern: { type: 'http', url: `http://127.0.0.1:${port}/mcp` } }, 'http');
    expect(hub.core.serverInfo('modern').transportType).toBe('streamable-http');
    await behavesBehindTheHub(hub, log);
    // The server refuses a call of this tool whose `region` is not mirrored in `Mcp-Param-Region` (also base64, for non-ASCII).
    const legacy = await client(hub);
    expect(text(await legacy.callTool({ name: 'modern__region', arguments: { region: 'eu-west' } }))).toBe('region eu-west');
    expect(text(await legacy.callTool({ name: 'modern__region', arguments: { region: 'Zürich' } }))).toBe('region Zürich');
    const names = eraLog(log).filter((line) => line.startsWith('mcp-name '));
    expect(names).toEqual(expect.arrayContaining(['mcp-name echo', 'mcp-name greet', 'mcp-name touch']));
    expect(names.filter((line) => line.includes('modern__'))).toEqual([]);
  });

  it('passes a modern server’s cache hints on to modern clients: its own on /mcp/<server>, the least cacheable of all on /mcp', async () => {
    const servers = {
      modern: { command: node, args: [MODERN], env: { MODERN_ONLY: '1', CACHE_HINTS: '1' } },
      everything: { command: node, args: [SERVERS.everything, 'stdio'] },
    };
    const hub = await hubWith(servers, 'hints');
    const envelope = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
    const hints = async (path: string, method: string) => {
      const response = await fetch(`${hub.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: envelope } }),
      });
      const { result } = (await response.json()) as { result: { ttlMs: number; cacheScope: string } };
      return { ttlMs: result.ttlMs, cacheScope: result.cacheScope };
    };
    expect(await hints('/mcp/modern', 'tools/list')).toEqual({ ttlMs: 60_000, cacheScope: 'public' });
    expect(await hints('/mcp/modern', 'prompts/list')).toEqual({ ttlMs: 30_000, cacheScope: 'private' });
    // server-everything (2025 era) says nothing of caching: the list it is part of is not cacheable.
    expect(await hints('/mcp', 'tools/list')).toEqual({ ttlMs: 0, cacheScope: 'private' });
  });

  it('checks a modern remote with server/discover (it has no ping), notices it is gone and reconnects when it is back', async () => {
    const log = join(dir, 'health.log');
    const port = await modernHttp(log);
    const hub = await hubWith({ modern: { type: 'http', url: `http://127.0.0.1:${port}/mcp` } }, 'health', {
      healthCheckIntervalMs: 200,
      restartPolicy: { initialDelayMs: 100, maxDelayMs: 300, maxAttempts: 50, stableAfterMs: 60_000 },
    });
    await waitFor(() => count(log, 'discover') >= 4, 'health checks');
    expect(hub.core.serverInfo('modern').status).toBe('connected');

    children.pop()!.kill('SIGKILL');
    await waitFor(() => hub.core.serverInfo('modern').status !== 'connected', 'the hub to notice the dead remote');
    await modernHttp(log, port);
    await waitFor(() => hub.core.serverInfo('modern').status === 'connected', 'the reconnect', 20_000);
    const legacy = await client(hub);
    expect(text(await legacy.callTool({ name: 'modern__echo', arguments: { text: 'back' } }))).toBe('echo:back (2026-07-28)');
  });

  it('falls back to initialize for a stdio server that ignores the probe, after the probe timeout', async () => {
    const log = join(dir, 'silent.log');
    const started = Date.now();
    const hub = await hubWith({ silent: { command: node, args: [SILENT_LEGACY], env: { ERA_LOG: log } } }, 'silent', { probeTimeoutMs: 1_500 });
    expect(hub.core.serverInfo('silent')).toMatchObject({ status: 'connected', protocolVersion: '2025-11-25' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(count(log, 'discover')).toBe(1);
    const legacy = await client(hub);
    expect(text(await legacy.callTool({ name: 'silent__echo', arguments: { text: 'x' } }))).toBe('legacy:x');
  });

  it('starts a stdio server that exits on the probe again without it, and keeps that verdict', async () => {
    const log = join(dir, 'exiting.log');
    const servers = { exiting: { command: node, args: [SILENT_LEGACY], env: { ERA_LOG: log, ON_DISCOVER: 'exit' } } };
    const catalogDir = join(dir, 'exiting-catalogs');
    const hub = await hubWith(servers, 'exiting', { catalogDir });
    await waitFor(() => hub.core.serverInfo('exiting').status === 'connected', 'the restart without the probe');
    expect(hub.core.serverInfo('exiting').protocolVersion).toBe('2025-11-25');
    expect(count(log, 'discover')).toBe(1);
    const legacy = await client(hub);
    expect(text(await legacy.callTool({ name: 'exiting__echo', arguments: { text: 'y' } }))).toBe('legacy:y');
    await hub.stop();

    const again = await hubWith(servers, 'exiting', { catalogDir });
    expect(again.core.serverInfo('exiting')).toMatchObject({ status: 'connected', protocolVersion: '2025-11-25', restart: null });
    expect(count(log, 'discover')).toBe(1);
  });

  it('connects a 2025-era SDK server (server-everything) at once: it refuses the probe and shakes hands as before', async () => {
    const started = Date.now();
    const hub = await hubWith({ everything: { command: node, args: [SERVERS.everything] } }, 'everything', { probeTimeoutMs: 20_000 });
    expect(hub.core.serverInfo('everything')).toMatchObject({ status: 'connected', protocolVersion: '2025-11-25' });
    expect(Date.now() - started).toBeLessThan(15_000);
    const legacy = await client(hub);
    expect(text(await legacy.callTool({ name: 'everything__echo', arguments: { message: 'old' } }))).toContain('old');
  });
});
