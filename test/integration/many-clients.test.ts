import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ErrorCode, ListRootsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, health, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

// Several real SDK clients on one hub at once, each with its own roots and capabilities, against
// server-filesystem and server-everything: nothing one client does may change what another sees.

let dir: string;
let projectA: string;
let projectB: string;
const clients: Client[] = [];

beforeAll(async () => {
  dir = await tempDir();
  projectA = join(dir, 'project-a');
  projectB = join(dir, 'project-b');
  await mkdir(projectA);
  await mkdir(projectB);
  await writeFile(join(projectA, 'a.txt'), 'from project A');
  await writeFile(join(projectB, 'b.txt'), 'from project B');
});
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await removeDir(dir);
});

/** A client whose roots are `roots` (none: it does not declare the capability). */
async function clientWith(url: string, options: { roots?: string[]; sampling?: (request: unknown) => void } = {}): Promise<Client> {
  const client = await connectClient(url, 'streamable', {
    capabilities: { ...(options.roots && { roots: { listChanged: true } }), ...(options.sampling && { sampling: {} }) },
    setup: (c) => {
      if (options.roots) c.setRequestHandler(ListRootsRequestSchema, () => ({ roots: options.roots!.map((root) => ({ uri: pathToFileURL(root).href })) }));
      if (options.sampling) {
        const record = options.sampling;
        c.setRequestHandler(CreateMessageRequestSchema, (request) => {
          record(request);
          return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled by its own client' } };
        });
      }
    },
  });
  clients.push(client);
  return client;
}

async function read(client: Client, tool: string, path: string): Promise<string> {
  const result = (await client.callTool({ name: tool, arguments: { path } })) as CallToolResult;
  const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return result.isError ? `error: ${text}` : text;
}

describe('per-client isolation: each client its own server process, with its own roots', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([await writeConfig(dir, { files: { command: node, args: [SERVERS.filesystem, dir], isolation: 'per-client' } }, 'per-client.json')]);
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('lets each client read its own folder and refuses it the other one’s', async () => {
    const a = await clientWith(`${hub.url}/mcp`, { roots: [projectA] });
    const b = await clientWith(`${hub.url}/mcp`, { roots: [projectB] });
    expect(await read(a, 'files__read_text_file', join(projectA, 'a.txt'))).toBe('from project A');
    expect(await read(b, 'files__read_text_file', join(projectB, 'b.txt'))).toBe('from project B');
    expect(await read(a, 'files__read_text_file', join(projectB, 'b.txt'))).toMatch(/^error: .*Access denied/);
    expect(await read(b, 'files__read_text_file', join(projectA, 'a.txt'))).toMatch(/^error: .*Access denied/);
    // One process per client, each with its own pid; the configured server itself sleeps.
    expect(hub.core.serverInfo('files')).toMatchObject({ isolation: 'per-client', instances: 2, status: 'sleeping' });
  });

  it('stops a client’s process when its session ends', async () => {
    const a = await clientWith(`${hub.url}/mcp`, { roots: [projectA] });
    expect(await read(a, 'files__read_text_file', join(projectA, 'a.txt'))).toBe('from project A');
    const before = hub.core.serverInfo('files').instances;
    await (a.transport as StreamableHTTPClientTransport).terminateSession();
    await waitFor(() => hub.core.serverInfo('files').instances < before, 'the client’s process to stop');
  });
});

describe('a shared server sees the roots configured for it, never a client’s', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([await writeConfig(dir, { files: { command: node, args: [SERVERS.filesystem, dir], roots: [projectA] } }, 'shared.json')]);
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('is scoped to its configured root, whatever roots the clients connecting have', async () => {
    const withOtherRoots = await clientWith(`${hub.url}/mcp`, { roots: [projectB] });
    const withoutRoots = await clientWith(`${hub.url}/mcp`);
    for (const client of [withOtherRoots, withoutRoots]) {
      expect(await read(client, 'files__read_text_file', join(projectA, 'a.txt'))).toBe('from project A');
      expect(await read(client, 'files__read_text_file', join(projectB, 'b.txt'))).toMatch(/^error: .*Access denied/);
    }
  });
});

describe('sampling goes to the client whose request asked for it, or fails at once', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } }, 'everything.json')]);
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('fails the call of a client without sampling with a reason, and asks no bystander', async () => {
    const asked: unknown[] = [];
    await clientWith(`${hub.url}/mcp`, { sampling: (request) => asked.push(request) });
    const plain = await clientWith(`${hub.url}/mcp`);
    const result = (await plain.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } })) as CallToolResult;
    expect(JSON.stringify(result)).toMatch(/does not support sampling/);
    expect(asked).toEqual([]);
  });

  it('asks the calling client, when it can sample, and returns its answer', async () => {
    const bystanderAsked: unknown[] = [];
    const callerAsked: unknown[] = [];
    await clientWith(`${hub.url}/mcp`, { sampling: (request) => bystanderAsked.push(request) });
    const caller = await clientWith(`${hub.url}/mcp`, { sampling: (request) => callerAsked.push(request) });
    const result = (await caller.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } })) as CallToolResult;
    expect(JSON.stringify(result.content)).toContain('sampled by its own client');
    expect(callerAsked).toHaveLength(1);
    expect(bystanderAsked).toEqual([]);
  });

  it("passes the calling client's refusal on to the server as the client sent it: the server says what it would say without the hub", async () => {
    const refuse = (client: Client) =>
      client.setRequestHandler(CreateMessageRequestSchema, () => {
        throw new McpError(ErrorCode.InvalidRequest, 'the user declined');
      });
    const sample = { prompt: 'hello', maxTokens: 10 };
    const caller = await connectClient(`${hub.url}/mcp`, 'streamable', { capabilities: { sampling: {} }, setup: refuse });
    clients.push(caller);
    const viaHub = (await caller.callTool({ name: 'everything__trigger-sampling-request', arguments: sample })) as CallToolResult;
    const direct = new Client({ name: 'direct', version: '1' }, { capabilities: { sampling: {} } });
    refuse(direct);
    await direct.connect(new StdioClientTransport({ command: node, args: [SERVERS.everything, 'stdio'], stderr: 'ignore' }));
    try {
      const withoutHub = (await direct.callTool({ name: 'trigger-sampling-request', arguments: sample })) as CallToolResult;
      expect(viaHub.isError).toBe(true);
      expect(JSON.stringify(viaHub.content)).toMatch(/-32600: the user declined/);
      expect(viaHub.content).toEqual(withoutHub.content);
    } finally {
      await direct.close();
    }
  });

  it('tells the server only what it can honour: sampling and elicitation, no roots when none are configured', async () => {
    // server-everything offers a tool for each capability its client declared.
    const client = await clientWith(`${hub.url}/mcp`, { roots: [projectA] });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['everything__trigger-sampling-request', 'everything__trigger-elicitation-request']));
    expect(names).not.toContain('everything__get-roots-list');
  });
});

describe('the clients connected now', () => {
  it('are listed with their name, transport and capabilities, and counted in health', async () => {
    const hub = await startHub([await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } } }, 'sessions.json')]);
    try {
      await clientWith(`${hub.url}/mcp`, { sampling: () => {} });
      await clientWith(`${hub.url}/mcp/memory`);
      const { sessions, activeClients } = (await health(hub)).mcpEndpoint;
      expect(activeClients).toBe(2);
      expect(sessions.map((session) => [session.client?.name, session.transport, session.path, session.capabilities.sampling]).sort()).toEqual([
        ['test-client', 'streamable-http', '/mcp', true],
        ['test-client', 'streamable-http', '/mcp/memory', false],
      ]);
    } finally {
      await hub.stop();
    }
  });
});
