import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdioTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import type { HubEvent } from '../../shared/events.js';
import { node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

/**
 * One hub, clients of every MCP version at once on the same URLs: a 2026-07-28 client (SDK v2,
 * pinned, no session) next to 2025-11-25, 2025-06-18 and 2025-03-26 clients over Streamable
 * HTTP and a 2024-11-05 client over HTTP+SSE, on `/mcp`, `/mcp/<server>` and a profile, and
 * 2026-07-28 and 2025-11-25 clients through the stdio bridge (`mcp-hub stdio`, the built CLI).
 */

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const MODERN = '2026-07-28';
const LEGACY_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

let hub: HubApp;
let dir: string;
const events: HubEvent[] = [];

beforeAll(async () => {
  dir = await tempDir();
  const config = join(dir, 'mcp.json');
  await writeFile(
    config,
    JSON.stringify({
      mcpServers: {
        everything: { command: node, args: [SERVERS.everything, 'stdio'] },
        memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } },
      },
      profiles: { echoes: { servers: ['everything'], tools: { allow: ['everything__echo', 'everything__get-sum'] } } },
    }),
  );
  hub = await startHub([config]);
  hub.service.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

async function modernClient(path: string, name = 'modern-test', setup?: { capabilities: Record<string, unknown>; handlers: (client: ModernClient) => void }): Promise<ModernClient> {
  const client = new ModernClient({ name, version: '1.0.0' }, { capabilities: setup?.capabilities ?? {}, versionNegotiation: { mode: { pin: MODERN } } });
  setup?.handlers(client);
  await client.connect(new ModernTransport(new URL(`${hub.url}${path}`)));
  return client;
}

/** A client that starts `mcp-hub stdio` as its server: SDK v2 pinned to 2026-07-28, or SDK v1 (2025-11-25). */
async function bridgeClient(era: 'modern' | 'legacy', args: string[] = []): Promise<Client> {
  const spawn = { command: node, args: [CLI, 'stdio', '--port', String(hub.port), ...args], env: { ...process.env, HOME: dir } as Record<string, string>, stderr: 'ignore' as const };
  if (era === 'legacy') {
    const client = new Client({ name: 'bridge-legacy', version: '1.0.0' }, { capabilities: {} });
    await client.connect(new StdioClientTransport(spawn));
    return client;
  }
  const client = new ModernClient({ name: 'bridge-modern', version: '1.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(new ModernStdioTransport(spawn));
  return client as unknown as Client;
}

/** The v1 SDK client always offers 2025-11-25; for the older versions its initialize is rewritten on the way out. */
async function legacyClient(path: string, version: (typeof LEGACY_VERSIONS)[number]): Promise<{ client: Client; negotiated: string | undefined }> {
  const client = new Client({ name: `legacy-${version}`, version: '1.0.0' }, { capabilities: {} });
  const url = new URL(`${hub.url}${path}`);
  const streamable = version === '2024-11-05' ? undefined : new StreamableHTTPClientTransport(url);
  const transport: Transport = streamable ?? new SSEClientTransport(url);
  const send = transport.send.bind(transport);
  transport.send = (message, options) =>
    send('method' in message && message.method === 'initialize' ? { ...message, params: { ...message.params, protocolVersion: version } } : message, options);
  await client.connect(transport);
  // The Streamable HTTP transport is told the version the hub answered with; the SSE one has no such field.
  return { client, negotiated: streamable?.protocolVersion };
}

const writeConfigFile = (name: string, servers: Record<string, unknown>) => writeConfig(dir, servers, name);

const raw = (path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
const envelope = (version = MODERN) => ({
  'io.modelcontextprotocol/protocolVersion': version,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-modern', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
});

describe('clients of every MCP version on one hub at once', () => {
  it('serve the same tools, resources, prompts and completions on /mcp, over HTTP and the stdio bridge', async () => {
    const [modern, legacy, bridged] = await Promise.all([
      modernClient('/mcp'),
      Promise.all(LEGACY_VERSIONS.map((version) => legacyClient('/mcp', version))),
      Promise.all([bridgeClient('modern'), bridgeClient('legacy')]),
    ]);
    try {
      expect(modern.getProtocolEra()).toBe('modern');
      expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN);
      for (const [i, version] of LEGACY_VERSIONS.entries()) {
        if (version !== '2024-11-05') expect(legacy[i]!.negotiated).toBe(version);
      }
      const clients = [modern as unknown as Client, ...legacy.map((l) => l.client), ...bridged];
      const toolNames = await Promise.all(clients.map(async (client) => (await client.listTools()).tools.map((tool) => tool.name).sort()));
      expect(toolNames[0]).toContain('everything__echo');
      for (const names of toolNames) expect(names).toEqual(toolNames[0]);

      for (const client of clients) {
        const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'every era' } });
        expect(echo.content).toEqual([{ type: 'text', text: 'Echo: every era' }]);
        const { resources } = await client.listResources();
        const first = resources.find((resource) => resource.uri.includes('everything'))!;
        expect((await client.readResource({ uri: first.uri })).contents[0]!.uri).toBe(first.uri);
        const prompt = await client.getPrompt({ name: 'everything__simple-prompt' });
        expect(prompt.messages.length).toBeGreaterThan(0);
        const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'everything__completable-prompt' }, argument: { name: 'department', value: 'Eng' } });
        expect(completion.completion.values).toEqual(['Engineering']);
      }
      expect(modern.getInstructions()).toMatch(/## everything/);
    } finally {
      await Promise.all([modern.close(), ...legacy.map((l) => l.client.close()), ...bridged.map((client) => client.close())]);
    }
  });

  it('serve /mcp/<server> under the server’s own names and a profile with its own tools, over HTTP and the stdio bridge', async () => {
    const [single, legacySingle, profile, legacyProfile, bridgedProfile] = await Promise.all([
      modernClient('/mcp/everything'),
      legacyClient('/mcp/everything', '2025-11-25'),
      modernClient('/profiles/echoes/mcp'),
      legacyClient('/profiles/echoes/mcp', '2025-11-25'),
      bridgeClient('modern', ['--profile', 'echoes']),
    ]);
    try {
      expect((await single.listTools()).tools.map((tool) => tool.name)).toContain('echo');
      expect((await single.callTool({ name: 'echo', arguments: { message: 'one server' } })).content).toEqual([{ type: 'text', text: 'Echo: one server' }]);
      expect((await legacySingle.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual((await single.listTools()).tools.map((tool) => tool.name).sort());
      const profileTools = (await profile.listTools()).tools.map((tool) => tool.name).sort();
      expect(profileTools).toEqual(['everything__echo', 'everything__get-sum']);
      expect((await legacyProfile.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(profileTools);
      expect((await bridgedProfile.listTools()).tools.map((tool) => tool.name).sort()).toEqual(profileTools);
      await expect(profile.callTool({ name: 'everything__get-env', arguments: {} })).rejects.toThrow(/not available to this client|not found/);
    } finally {
      await Promise.all([single.close(), legacySingle.client.close(), profile.close(), legacyProfile.client.close(), bridgedProfile.close()]);
    }
  });

  it('sends a modern client progress on its request’s stream, and cancels the upstream call when it gives up', async () => {
    const client = await modernClient('/mcp');
    try {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }, { onprogress: (p) => progress.push(p.progress) });
      expect(JSON.stringify(result.content)).toContain('completed');
      expect(progress).toEqual([1, 2, 3]);

      const controller = new AbortController();
      const before = events.length;
      const long = client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, { signal: controller.signal });
      setTimeout(() => controller.abort('user cancelled'), 300);
      await expect(long).rejects.toThrow();
      // Closing the request's stream is a 2026-07-28 client's cancel: the hub's call upstream ends long before its 30 s.
      const record = await waitFor(
        () => events.slice(before).find((event) => event.type === 'tool_call' && event.data.tool === 'trigger-long-running-operation'),
        'the cancelled call recorded',
        10_000,
      );
      expect(record).toMatchObject({ data: { ok: false } });
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'after cancel' } })).content).toEqual([{ type: 'text', text: 'Echo: after cancel' }]);
    } finally {
      await client.close();
    }
  });

  it('tells a modern client’s listen stream of the list changes it asked for, and only those', async () => {
    const client = await modernClient('/mcp');
    const heard: string[] = [];
    for (const method of ['notifications/tools/list_changed', 'notifications/prompts/list_changed'] as const) client.setNotificationHandler(method, () => void heard.push(method));
    try {
      const subscription = await client.listen({ toolsListChanged: true });
      expect(subscription.honoredFilter).toEqual({ toolsListChanged: true });
      const api = hub.service.client();
      await api.invoke('stopServer', { server_name: 'memory' });
      await waitFor(() => heard.includes('notifications/tools/list_changed'), 'tools/list_changed on the listen stream');
      await api.invoke('startServer', { server_name: 'memory' });
      await waitFor(async () => (await client.listTools()).tools.some((tool) => tool.name.startsWith('memory__')), 'memory’s tools back');
      expect(heard).not.toContain('notifications/prompts/list_changed');
      await subscription.close();
      expect(await subscription.closed).toBe('local');
      // Nothing of these requests stays behind in the hub (the SDK builds a server for a listen request it never serves).
      expect(hub.core.endpoint.exchanges.size).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('turns a 2025-era server’s sampling and elicitation into input requests for a modern client, and resumes the call with its answers', async () => {
    const asked: string[] = [];
    const client = await modernClient('/mcp', 'modern-asked', {
      capabilities: { sampling: {}, elicitation: { form: {} } },
      handlers: (c) => {
        c.setRequestHandler('sampling/createMessage', (request) => {
          asked.push('sampling');
          return { role: 'assistant', model: 'test-model', content: { type: 'text', text: `sampled: ${JSON.stringify(request.params.messages[0]!.content)}` } };
        });
        c.setRequestHandler('elicitation/create', (request) => {
          asked.push(`elicitation: ${request.params.message}`);
          return { action: 'accept', content: { name: 'Ada', check: true, color: 'blue', email: 'ada@example.com', homepage: 'https://example.com', birthdate: '1815-12-10', integer: 7, number: 1.5, untitledSingleSelectEnum: 'option1', untitledMultipleSelectEnum: ['option1'], titledSingleSelectEnum: 'option1', titledMultipleSelectEnum: ['option1'], legacyTitledEnum: 'option1' } };
        });
      },
    });
    try {
      const sampled = await client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
      expect(JSON.stringify(sampled.content)).toContain('test-model');
      const elicited = await client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} });
      expect(JSON.stringify(elicited.content)).toContain('Ada');
      expect(asked[0]).toBe('sampling');
      expect(asked[1]).toMatch(/^elicitation: /);
    } finally {
      await client.close();
    }
  });

  it('refuses a forged requestState, and one whose call is gone, and tells a client without sampling why (-32021)', async () => {
    const call = (id: number, extra: Record<string, unknown>, capabilities: Record<string, unknown> = { sampling: {} }) =>
      raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'everything__trigger-sampling-request' }, {
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 }, ...extra, _meta: { ...envelope(), 'io.modelcontextprotocol/clientCapabilities': capabilities } },
      });
    const first = (await (await call(30, {})).json()) as { result: { resultType: string; inputRequests: Record<string, { method: string }>; requestState: string } };
    expect(first.result.resultType).toBe('input_required');
    const [key, question] = Object.entries(first.result.inputRequests)[0]!;
    expect(question.method).toBe('sampling/createMessage');
    const answer = { [key]: { role: 'assistant', model: 'raw-model', content: { type: 'text', text: 'raw answer' } } };

    const forged = await call(31, { requestState: `${first.result.requestState.slice(0, -4)}AAAA`, inputResponses: answer });
    expect(((await forged.json()) as { error: { code: number; message: string } }).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/^Invalid or expired requestState: .*hub restarted.*call 'everything__trigger-sampling-request' again/),
    });

    const resumed = (await (await call(32, { requestState: first.result.requestState, inputResponses: answer })).json()) as { result: { content: unknown } };
    expect(JSON.stringify(resumed.result.content)).toContain('raw-model');

    const again = (await (await call(33, { requestState: first.result.requestState, inputResponses: answer })).json()) as { error: { code: number; message: string } };
    expect(again.error.code).toBe(-32602);
    expect(again.error.message).toMatch(/no longer waiting.*call 'everything__trigger-sampling-request' again/);

    // A client that did not declare sampling is told so, as the era says (-32021 on HTTP 400), and the upstream's call ends.
    const refused = await call(34, {}, {});
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } }, message: expect.stringMatching(/did not declare sampling/) });
  });

  it('tells a modern client’s listen stream of updates to the resources it names, and honours only those the hub can subscribe to', async () => {
    const client = await modernClient('/mcp');
    const updated: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (notification) => void updated.push(notification.params.uri));
    try {
      const { resources } = await client.listResources();
      const watched = resources.find((resource) => resource.uri.includes('everything'))!.uri;
      const subscription = await client.listen({ resourceSubscriptions: [watched, 'mcp-hub://nowhere/nothing'] });
      expect(subscription.honoredFilter).toEqual({ resourceSubscriptions: [watched] });
      // server-everything sends an update for every subscribed resource when its updates are switched on.
      await client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
      await waitFor(() => updated.includes(watched), 'resources/updated on the listen stream');
      await client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
      await subscription.close();
    } finally {
      await client.close();
    }
  });

  it('gives up a call its modern client does not continue within the server’s timeout, and records a call when it ends, not the rounds that ask', async () => {
    const quick = await startHub([await writeConfigFile('quick.json', { everything: { command: node, args: [SERVERS.everything, 'stdio'], timeout: 1_500 } })]);
    const seen: HubEvent[] = [];
    quick.service.subscribe((event) => seen.push(event));
    try {
      const call = (id: number, extra: Record<string, unknown> = {}) =>
        fetch(`${quick.url}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'everything__trigger-sampling-request' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id,
            method: 'tools/call',
            params: { name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 }, ...extra, _meta: { ...envelope(), 'io.modelcontextprotocol/clientCapabilities': { sampling: {} } } },
          }),
        }).then(async (response) => (await response.json()) as { result?: { resultType: string; requestState: string; inputRequests: Record<string, unknown> }; error?: { code: number; message: string } });
      const first = await call(1);
      expect(first.result?.resultType).toBe('input_required');
      // The client asked nothing more for longer than the server's timeout: the call is gone.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const [key] = Object.keys(first.result!.inputRequests);
      const late = await call(2, { requestState: first.result!.requestState, inputResponses: { [key!]: { role: 'assistant', model: 'late', content: { type: 'text', text: 'late' } } } });
      expect(late.error).toMatchObject({ code: -32602, message: expect.stringMatching(/no longer waiting/) });
      // The round that asked is not a finished call; the late one is a failed one.
      expect(seen.filter((event) => event.type === 'tool_call')).toEqual([expect.objectContaining({ data: expect.objectContaining({ ok: false, error: expect.stringMatching(/no longer waiting/) }) })]);
      // A call that finishes is recorded once, when it does.
      const again = await call(3);
      const [next] = Object.keys(again.result!.inputRequests);
      const done = await call(4, { requestState: again.result!.requestState, inputResponses: { [next!]: { role: 'assistant', model: 'on-time', content: { type: 'text', text: 'ok' } } } });
      expect(JSON.stringify(done)).toContain('on-time');
      const records = seen.filter((event) => event.type === 'tool_call');
      expect(records).toHaveLength(2);
      expect(records[1]).toMatchObject({ data: { tool: 'trigger-sampling-request', ok: true } });
    } finally {
      await quick.stop();
    }
  });

  it('lists a modern client among the connected clients, with the version it speaks', async () => {
    const client = await modernClient('/mcp', 'listed-modern');
    try {
      await client.listTools();
      const { sessions } = await hub.service.client().invoke('listSessions', {});
      expect(sessions.find((session) => session.client?.name === 'listed-modern')).toMatchObject({ protocolVersion: MODERN, path: '/mcp', transport: 'streamable-http' });
      const old = await legacyClient('/mcp', '2024-11-05');
      const listed = (await hub.service.client().invoke('listSessions', {})).sessions.find((session) => session.client?.name === 'legacy-2024-11-05');
      await old.client.close();
      expect(listed).toMatchObject({ protocolVersion: '2024-11-05', transport: 'sse' });
    } finally {
      await client.close();
    }
  });
});

describe('the 2026-07-28 wire, raw', () => {
  it('answers server/discover without a session', async () => {
    const response = await raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'server/discover' }, { jsonrpc: '2.0', id: 'd', method: 'server/discover', params: { _meta: envelope() } });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const body = (await response.json()) as { result: { supportedVersions: string[]; capabilities: Record<string, unknown> } };
    expect(body.result.supportedVersions).toEqual([MODERN]);
    expect(body.result.capabilities).toHaveProperty('tools');
  });

  it('refuses headers that disagree with the body, an unknown version, and methods the era removed', async () => {
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: envelope() } };
    const noMethod = await raw('/mcp', { 'mcp-protocol-version': MODERN }, list);
    expect(noMethod.status).toBe(400);
    expect(((await noMethod.json()) as { error: { code: number } }).error.code).toBe(-32020);

    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'everything__echo', arguments: { message: 'x' }, _meta: envelope() } };
    const wrongName = await raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'everything__other' }, call);
    expect(wrongName.status).toBe(400);
    expect(((await wrongName.json()) as { error: { code: number } }).error.code).toBe(-32020);

    const future = await raw('/mcp', { 'mcp-protocol-version': '2099-01-01', 'mcp-method': 'tools/list' }, { ...list, params: { _meta: envelope('2099-01-01') } });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { code: number; data: { supported: string[] } } }).error).toMatchObject({ code: -32022, data: { supported: [MODERN] } });

    const ping = await raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'ping' }, { jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: envelope() } });
    expect(ping.status).toBe(404);
    expect(((await ping.json()) as { error: { code: number } }).error.code).toBe(-32601);
  });

  it('sends an upstream’s log messages on the request’s stream only when the request names a log level', async () => {
    const toggle = (id: number, logLevel?: string) =>
      raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'everything__toggle-simulated-logging' }, {
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'everything__toggle-simulated-logging', arguments: {}, _meta: { ...envelope(), ...(logLevel && { 'io.modelcontextprotocol/logLevel': logLevel }) } },
      });
    // server-everything logs once at once when simulated logging is switched on, during the call.
    const silent = await toggle(10);
    expect(silent.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await silent.text()).not.toContain('notifications/message');
    await (await toggle(11)).text();
    const heard = await toggle(12, 'debug');
    expect(heard.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = await heard.text();
    expect(frames).toMatch(/"method":"notifications\/message".*"logger":"everything/);
    expect(frames).toMatch(/"id":12,"result"|"result".*"id":12/);
    await (await toggle(13)).text();
  });

  it('gives modern list results the cache hints the era requires, and legacy ones none', async () => {
    const list = await raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' }, { jsonrpc: '2.0', id: 20, method: 'tools/list', params: { _meta: envelope() } });
    const modern = ((await list.json()) as { result: Record<string, unknown> }).result;
    // Every tool comes from a 2025-era server, which says nothing of caching: not cacheable, not shared.
    expect(modern).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    const legacy = await legacyClient('/mcp', '2025-11-25');
    try {
      const result = (await legacy.client.listTools()) as Record<string, unknown>;
      expect(result).not.toHaveProperty('ttlMs');
      expect(result).not.toHaveProperty('cacheScope');
    } finally {
      await legacy.client.close();
    }
  });

  it('answers a tool call with plain JSON when nothing else comes, and names an unknown server', async () => {
    const call = { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'everything__echo', arguments: { message: 'json' }, _meta: envelope() } };
    const response = await raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'everything__echo' }, call);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { result: { content: unknown } }).result.content).toEqual([{ type: 'text', text: 'Echo: json' }]);

    const missing = 'mcp-hub://nobody/nothing-here';
    const read = await raw('/mcp', { 'mcp-protocol-version': MODERN, 'mcp-method': 'resources/read', 'mcp-name': missing }, { jsonrpc: '2.0', id: 6, method: 'resources/read', params: { uri: missing, _meta: envelope() } });
    // SEP-2164: the resource that does not exist is named in the error's data.
    expect(((await read.json()) as { error: unknown }).error).toMatchObject({ code: -32602, data: { uri: missing } });

    const unknown = await raw('/mcp/nope', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' }, { jsonrpc: '2.0', id: 5, method: 'tools/list', params: { _meta: envelope() } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/Unknown server 'nope'/);
  });
});
