import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ErrorCode,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ToolListChangedNotificationSchema,
  type LoggingMessageNotification,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, node, removeDir, SERVERS, startHub, tempDir, toolServer, waitFor, writeConfig, type TransportKind } from '../helpers.js';

let hub: HubApp;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  const config = await writeConfig(dir, {
    everything: { command: node, args: [SERVERS.everything, 'stdio'] },
    memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: `${dir}/memory.jsonl` } },
    filesystem: { command: node, args: [SERVERS.filesystem, dir] },
  });
  hub = await startHub([config], { pageSize: 7 });
  expect(hub.core.serverInfos().map((s) => [s.name, s.status])).toEqual([
    ['everything', 'connected'],
    ['memory', 'connected'],
    ['filesystem', 'connected'],
  ]);
});

afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

async function allTools(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe.each<TransportKind>(['streamable', 'sse'])('/mcp over %s', (kind) => {
  let client: Client;
  beforeAll(async () => {
    client = await connectClient(`${hub.url}/mcp`, kind);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists the tools of every server, namespaced, across pages', async () => {
    const page = await client.listTools();
    expect(page.tools).toHaveLength(7);
    expect(page.nextCursor).toBeDefined();
    const names = await allTools(client);
    expect(names).toContain('everything__echo');
    expect(names).toContain('memory__create_entities');
    expect(names).toContain('filesystem__read_text_file');
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => name.length <= 64)).toBe(true);
  });

  it('routes a tool call to its server', async () => {
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello hub' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello hub' }]);
  });

  it('keeps state in the right server', async () => {
    await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [{ name: `via-${kind}`, entityType: 'test', observations: ['seen'] }] },
    });
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(JSON.stringify(graph.content)).toContain(`via-${kind}`);
  });

  it('reads a file through the filesystem server', async () => {
    await writeFile(join(dir, `note-${kind}.txt`), `written for ${kind}`);
    const result = await client.callTool({ name: 'filesystem__read_text_file', arguments: { path: join(dir, `note-${kind}.txt`) } });
    expect(result.content).toEqual([{ type: 'text', text: `written for ${kind}` }]);
  });

  it('fails fast with a clear error for an unknown tool', async () => {
    await expect(client.callTool({ name: 'everything__no_such_tool', arguments: {} })).rejects.toThrow(/not found/);
    await expect(client.callTool({ name: 'nobody__echo', arguments: {} })).rejects.toThrow(/not found/);
  });

  it('refuses a malformed tool call as invalid params, saying what is wrong', async () => {
    const malformed = client.request({ method: 'tools/call', params: { name: 5 } } as never, CallToolResultSchema);
    await expect(malformed).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringMatching(/Invalid tools\/call request: .*expected string/s) });
  });

  it('reads resources and template expansions through valid namespaced URIs', async () => {
    const { resources } = await client.listResources();
    const first = resources.find((resource) => resource.uri.includes('everything'));
    expect(first).toBeDefined();
    expect(() => new URL(first!.uri)).not.toThrow();
    const read = await client.readResource({ uri: first!.uri });
    expect(read.contents[0]!.uri).toBe(first!.uri);

    const { resourceTemplates } = await client.listResourceTemplates();
    const template = resourceTemplates.find((t) => t.uriTemplate.includes('{'));
    expect(template).toBeDefined();
    const expanded = template!.uriTemplate.replace(/\{[^}]+\}/, '1');
    const fromTemplate = await client.readResource({ uri: expanded });
    expect(fromTemplate.contents[0]!.uri).toBe(expanded);
  });

  it('gets prompts and completes their arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('everything__simple-prompt');
    const prompt = await client.getPrompt({ name: 'everything__simple-prompt' });
    expect(prompt.messages.length).toBeGreaterThan(0);
    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'everything__completable-prompt' },
      argument: { name: 'department', value: 'Eng' },
    });
    expect(completion.completion.values).toEqual(['Engineering']);
  });

  it('passes server instructions through', () => {
    expect(client.getInstructions()).toMatch(/## everything/);
  });
});

describe('pass-through of the protocol', () => {
  it('forwards progress notifications with the client’s own token', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(JSON.stringify(result.content)).toContain('completed');
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);
    await client.close();
  });

  it('cancels the upstream request when the client cancels', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } },
      undefined,
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort('user cancelled'), 200);
    await expect(call).rejects.toThrow();
    // The hub stays usable for the next call.
    const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'after cancel' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: after cancel' }]);
    await client.close();
  });

  it('forwards sampling requests to the client that caused them', async () => {
    const bystander = await connectClient(`${hub.url}/mcp`, 'streamable', { capabilities: { sampling: {} } });
    let bystanderAsked = false;
    bystander.setRequestHandler(CreateMessageRequestSchema, () => {
      bystanderAsked = true;
      return { role: 'assistant', model: 'wrong', content: { type: 'text', text: 'wrong client' } };
    });
    const client = await connectClient(`${hub.url}/mcp`, 'streamable', { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, (request) => ({
      role: 'assistant',
      model: 'test-model',
      content: { type: 'text', text: `sampled: ${JSON.stringify(request.params.messages[0]!.content)}` },
    }));
    const result = await client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
    expect(JSON.stringify(result.content)).toContain('test-model');
    expect(bystanderAsked).toBe(false);
    await client.close();
    await bystander.close();
  });

  it('forwards elicitation requests and their answers', async () => {
    const client = await connectClient(`${hub.url}/mcp`, 'streamable', { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' }));
    const result = await client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} });
    expect(JSON.stringify(result.content)).toMatch(/declin/i);
    await client.close();
  });

  it("answers a shared server's roots/list with the roots configured for it, not the client's", async () => {
    const rooted = await startHub([await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'], roots: ['/srv/configured-root'] } }, 'rooted.json')]);
    try {
      const client = await connectClient(`${rooted.url}/mcp`, 'streamable', {
        capabilities: { roots: { listChanged: true } },
        setup: (c) => c.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///tmp/project-x', name: 'project-x' }] })),
      });
      const result = await client.callTool({ name: 'everything__get-roots-list', arguments: {} });
      expect(JSON.stringify(result.content)).toContain('file:///srv/configured-root');
      expect(JSON.stringify(result.content)).not.toContain('project-x');
      await client.close();
    } finally {
      await rooted.stop();
    }
  });

  it('forwards upstream log messages at the level the client asked for', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    const messages: LoggingMessageNotification['params'][] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      messages.push(n.params);
    });
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'everything__toggle-simulated-logging', arguments: {} });
    await waitFor(() => messages.length > 0, 'a log message', 20_000);
    expect(messages[0]!.logger ?? '').toMatch(/^everything/);
    await client.callTool({ name: 'everything__toggle-simulated-logging', arguments: {} });
    await client.close();
  });

  it('rewrites resource links in tool results so they can be read back', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    const result = await client.callTool({ name: 'everything__get-resource-links', arguments: { count: 1 } });
    const link = (result.content as { type: string; uri?: string }[]).find((block) => block.type === 'resource_link');
    expect(link?.uri).toMatch(/^mcp-hub:\/\/everything\//);
    const read = await client.readResource({ uri: link!.uri! });
    expect(read.contents.length).toBe(1);
    await client.close();
  });
});

describe('/mcp/<server>', () => {
  it('offers one server under its own names', async () => {
    const client = await connectClient(`${hub.url}/mcp/memory`);
    const names = await allTools(client);
    expect(names).toContain('create_entities');
    expect(names.some((name) => name.includes('__'))).toBe(false);
    expect(client.getServerVersion()?.name).toBe('memory-server');
    const graph = await client.callTool({ name: 'read_graph', arguments: {} });
    expect(graph.isError).toBeFalsy();
    await client.close();
  });

  it('answers 404 for an unknown server', async () => {
    await expect(connectClient(`${hub.url}/mcp/nope`)).rejects.toThrow(/404|Unknown server/);
  });
});

describe('list_changed', () => {
  it('tells every client when a server stops and starts', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    await hub.core.stopServer('memory');
    await waitFor(() => changes >= 1, 'tools/list_changed after stop');
    expect((await allTools(client)).some((name) => name.startsWith('memory__'))).toBe(false);
    await expect(client.callTool({ name: 'memory__read_graph', arguments: {} })).rejects.toThrow(/server 'memory' is disconnected/);

    await hub.core.startServer('memory');
    await waitFor(() => changes >= 2, 'tools/list_changed after start');
    expect(await allTools(client)).toContain('memory__read_graph');
    await client.close();
  });
});

describe('a hub with the default page size', () => {
  it('answers tools/list with every tool at once, for clients that never follow nextCursor', async () => {
    const own = await tempDir();
    // More tools than one page held when the hub paged by 1,000.
    const config = await writeConfig(own, { many: toolServer({ TOOL_COUNT: '1200' }), few: toolServer() });
    const defaults = await startHub([config]);
    try {
      for (const kind of ['streamable', 'sse'] as const) {
        const client = await connectClient(`${defaults.url}/mcp`, kind);
        const page = await client.listTools();
        expect(page.nextCursor).toBeUndefined();
        expect(page.tools).toHaveLength(1202 + 5);
        expect(page.tools.map((tool) => tool.name)).toContain('many__tool_1200');
        await client.close();
      }
    } finally {
      await defaults.stop();
      await removeDir(own);
    }
  });
});
