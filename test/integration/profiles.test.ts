import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../shared/events.js';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, node, removeDir, SERVERS, startHub, tempDir, waitFor, type TransportKind } from '../helpers.js';

const TOOL_SERVER = fileURLToPath(new URL('../fixtures/tool-server.mjs', import.meta.url));

let dir: string;
let config: string;
let hub: HubApp;
const clients: Client[] = [];
const events: HubEvent[] = [];

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'mcp.json');
  await writeFile(
    config,
    JSON.stringify(
      {
        mcpServers: {
          everything: { command: node, args: [SERVERS.everything, 'stdio'] },
          memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } },
          fixture: { command: node, args: [TOOL_SERVER] },
        },
        profiles: {
          coding: { servers: ['fixture'], tools: { deny: ['fixture__wait'] } },
          research: { servers: ['everything', 'memory', 'fixture'], toolMode: 'search', pinned: ['memory__read_graph'] },
          broken: { toolMode: 'some' },
        },
      },
      null,
      2,
    ),
  );
  hub = await startHub([config]);
  hub.service.subscribe((event) => events.push(event));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await hub?.stop();
  await removeDir(dir);
});

async function client(path: string, kind: TransportKind = 'streamable'): Promise<Client> {
  const connected = await connectClient(`${hub.url}${path}`, kind);
  clients.push(connected);
  return connected;
}

const toolNames = async (connected: Client) => (await connected.listTools()).tools.map((tool) => tool.name).sort();

function countListChanges(connected: Client): { count: number } {
  const changes = { count: 0 };
  connected.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes.count++;
  });
  return changes;
}

describe('a profile is its own endpoint', () => {
  it('lists exactly its servers and tools, on Streamable HTTP and legacy SSE, and refuses the rest saying why', async () => {
    for (const kind of ['streamable', 'sse'] as const) {
      const coding = await client('/profiles/coding/mcp', kind);
      expect(await toolNames(coding)).toEqual(['fixture__echo', 'fixture__tool_1', 'fixture__tool_2', 'fixture__tool_3']);
      await expect(coding.callTool({ name: 'fixture__wait', arguments: { ms: 1 } })).rejects.toThrow(/not available to this client: not part of this profile/);
      await expect(coding.callTool({ name: 'everything__echo', arguments: { message: 'x' } })).rejects.toThrow(/server 'everything' is not part of this profile/);
      expect(await coding.callTool({ name: 'fixture__echo', arguments: { message: kind } })).toMatchObject({ content: [{ text: kind }] });
    }
  });

  it('tells its clients of changes to its own tools only', async () => {
    const coding = await client('/profiles/coding/mcp');
    const all = await client('/mcp');
    const codingChanges = countListChanges(coding);
    const allChanges = countListChanges(all);
    const api = hub.service.client();

    await api.invoke('setToolEnabled', { server_name: 'everything', tool: 'echo', enabled: false });
    await waitFor(() => allChanges.count > 0, 'list_changed on /mcp');
    // A change elsewhere is one the profile's clients never hear of (the notice would come within the same debounce).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(codingChanges.count).toBe(0);

    await api.invoke('setToolEnabled', { server_name: 'fixture', tool: 'tool_3', enabled: false });
    await waitFor(() => codingChanges.count > 0, 'list_changed on the profile');
    expect(await toolNames(coding)).not.toContain('fixture__tool_3');

    await api.invoke('setToolEnabled', { server_name: 'everything', tool: 'echo', enabled: true });
    await api.invoke('setToolEnabled', { server_name: 'fixture', tool: 'tool_3', enabled: true });
  });

  it('answers for a profile with a problem, with where the problem is, and 404 for an unknown one', async () => {
    const broken = await fetch(`${hub.url}/profiles/broken/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    expect(broken.status).toBe(503);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/mcp\.json:\d+:\d+: profiles\.broken\.toolMode: expected "all" or "search"/);
    const unknown = await fetch(`${hub.url}/profiles/nope/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('is listed with what its clients see, saved and removed through the API, and followed by connected clients', async () => {
    const api = hub.service.client();
    const { profiles } = await api.invoke('listProfiles', {});
    const coding = profiles.find((profile) => profile.name === 'coding')!;
    expect(coding).toMatchObject({ servers: ['fixture'], listedTools: 4, availableTools: 4, problem: null, url: `${hub.url}/profiles/coding/mcp` });
    expect(coding.estimatedTokens).toBeGreaterThan(0);
    const research = profiles.find((profile) => profile.name === 'research')!;
    expect(research.listedTools).toBe(4);
    expect(research.availableTools).toBeGreaterThan(20);
    expect(research.estimatedTokens).toBeLessThan(estimatedOf(await api.invoke('listServers', {})));
    expect(profiles.find((profile) => profile.name === 'broken')?.problem).toMatch(/toolMode/);

    const connected = await client('/profiles/coding/mcp');
    const changes = countListChanges(connected);
    await api.invoke('saveProfile', { name: 'coding', profile: { servers: ['fixture', 'memory'] } });
    await waitFor(() => changes.count > 0, 'list_changed after the profile was edited');
    expect(await toolNames(connected)).toContain('memory__read_graph');
    expect(await toolNames(connected)).toContain('fixture__wait');
    const written = JSON.parse(await readFile(config, 'utf8'));
    expect(written.profiles.coding).toEqual({ servers: ['fixture', 'memory'] });

    // What the form shows while the profile is edited is what its clients then get.
    const preview = await api.invoke('previewProfile', { profile: { servers: ['memory'] } });
    const { profile: scratch } = await api.invoke('saveProfile', { name: 'scratch', profile: { servers: ['memory'] } });
    expect(preview).toEqual({ servers: scratch.servers, listedTools: scratch.listedTools, availableTools: scratch.availableTools, estimatedTokens: scratch.estimatedTokens });
    expect(preview.listedTools).toBeGreaterThan(0);
    expect((await client('/profiles/scratch/mcp')).getServerVersion()).toBeDefined();
    await api.invoke('removeProfile', { name: 'scratch' });
    expect(JSON.parse(await readFile(config, 'utf8')).profiles.scratch).toBeUndefined();
    const gone = await fetch(`${hub.url}/profiles/scratch/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(gone.status).toBe(404);
  });
});

function estimatedOf({ servers }: { servers: { estimatedTokens: number }[] }): number {
  return servers.reduce((sum, server) => sum + server.estimatedTokens, 0);
}

describe('a profile in search mode', () => {
  it('lists its pinned tools and the hub’s three, and finds, describes and calls any tool of the profile', async () => {
    const research = await client('/profiles/research/mcp');
    expect(await toolNames(research)).toEqual(['mcp-hub__call_tool', 'mcp-hub__describe_tool', 'mcp-hub__search_tools', 'memory__read_graph']);
    expect(research.getInstructions()).toMatch(/mcp-hub__search_tools/);

    const found = await research.callTool({ name: 'mcp-hub__search_tools', arguments: { query: 'echo back a message', limit: 3 } });
    const matches = JSON.parse((found.content as { text: string }[])[0]!.text) as { name: string; description: string; inputSchema: unknown }[];
    expect(matches[0]).toMatchObject({ name: expect.stringMatching(/__echo$/), inputSchema: { type: 'object' } });
    expect(matches.length).toBeLessThanOrEqual(3);

    const described = await research.callTool({ name: 'mcp-hub__describe_tool', arguments: { name: 'memory__create_entities' } });
    expect(JSON.parse((described.content as { text: string }[])[0]!.text)).toMatchObject({ name: 'memory__create_entities', inputSchema: { type: 'object' } });

    const echoed = await research.callTool({ name: 'mcp-hub__call_tool', arguments: { name: 'everything__echo', arguments: { message: 'via search' } } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: via search' }]);
    const unknown = await research.callTool({ name: 'mcp-hub__search_tools', arguments: { query: '' } });
    expect(unknown.isError).toBe(true);
  });

  it('passes progress, cancellation and errors through a call by name exactly as a direct call', async () => {
    const research = await client('/profiles/research/mcp');
    const progress: Progress[] = [];
    const result = await research.callTool(
      { name: 'mcp-hub__call_tool', arguments: { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(JSON.stringify(result.content)).toContain('completed');
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);

    const controller = new AbortController();
    const call = research.callTool({ name: 'mcp-hub__call_tool', arguments: { name: 'fixture__wait', arguments: { ms: 60_000 } } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('user cancelled'), 200);
    await expect(call).rejects.toThrow();
    // The upstream call ended (it was cancelled), long before the 60 s the tool would wait.
    await waitFor(() => events.find((event) => event.type === 'tool_call' && event.data.tool === 'wait' && !event.data.ok), 'the cancelled call recorded', 10_000);

    const direct = await research.callTool({ name: 'fixture__echo', arguments: {} }).catch((error: Error) => error.message);
    const viaHub = await research
      .callTool({ name: 'mcp-hub__call_tool', arguments: { name: 'fixture__echo', arguments: {} } })
      .catch((error: Error) => error.message);
    expect(viaHub).toEqual(direct);
    await expect(research.callTool({ name: 'mcp-hub__call_tool', arguments: { name: 'fixture__nope' } })).rejects.toThrow(/Tool 'fixture__nope' not found/);
  });
});
