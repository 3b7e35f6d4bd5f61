import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../shared/contract.js';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

/**
 * mcp-hub v4's documented requests (reference/mcp-hub-v4.md §1), sent as its integrations send
 * them, checked for v4's response shapes and for the status codes v4 should have used.
 */
let hub: HubApp;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([
    await writeConfig(dir, {
      everything: { command: node, args: [SERVERS.everything, 'stdio'] },
      memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: `${dir}/m.jsonl` } },
    }),
  ]);
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

const call = (method: 'GET' | 'POST', path: string, body?: unknown, raw?: string) =>
  callApi(hub.url, path.replace(/^\/api/, ''), body, { method, ...(raw !== undefined && { raw }) });

const envelope = { error: expect.any(String), code: expect.any(String), data: expect.any(Object), timestamp: expect.any(String) };

describe('mcp-hub v4 routes', () => {
  it('POST /api/servers/refresh re-reads the lists', async () => {
    const { status, json } = await call('POST', '/api/servers/refresh', { server_name: 'everything' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', server: { name: 'everything', status: 'connected' }, timestamp: expect.any(String) });
  });

  it('GET /api/refresh refreshes every server (POST is not a route, as in v4)', async () => {
    const { json } = await call('GET', '/api/refresh');
    expect(json).toMatchObject({ status: 'ok', timestamp: expect.any(String) });
    expect((json['servers'] as { name: string }[]).map((s) => s.name)).toEqual(['everything', 'memory']);
    const post = await call('POST', '/api/refresh', {});
    expect(post.status).toBe(404);
    expect(post.json).toMatchObject(envelope);
  });

  it('POST /api/servers/tools calls a tool', async () => {
    const { status, json } = await call('POST', '/api/servers/tools', { server_name: 'everything', tool: 'echo', arguments: { message: 'v4' } });
    expect(status).toBe(200);
    expect(json).toMatchObject({ result: { content: [{ type: 'text', text: 'Echo: v4' }] }, timestamp: expect.any(String) });
  });

  it('honours request_options.timeout', async () => {
    const { status, json } = await call('POST', '/api/servers/tools', {
      server_name: 'everything',
      tool: 'trigger-long-running-operation',
      arguments: { duration: 3, steps: 1 },
      request_options: { timeout: 200 },
    });
    expect(status).toBe(504);
    expect(json).toMatchObject({ ...envelope, code: 'REQUEST_TIMEOUT' });
  });

  it('POST /api/servers/resources reads a resource', async () => {
    const uri = (hub.core.serverInfo('everything').capabilities.resources[0] as { uri: string }).uri;
    const { status, json } = await call('POST', '/api/servers/resources', { server_name: 'everything', uri });
    expect(status).toBe(200);
    expect((json['result'] as { contents: { uri: string }[] }).contents[0]!.uri).toBe(uri);
  });

  it('POST /api/servers/prompts gets a prompt with arguments', async () => {
    const { status, json } = await call('POST', '/api/servers/prompts', {
      server_name: 'everything',
      prompt: 'args-prompt',
      arguments: { city: 'Paris' },
    });
    expect(status).toBe(200);
    expect(JSON.stringify(json['result'])).toContain('Paris');
  });

  it('POST /api/restart re-reads the config and restarts the servers', async () => {
    const before = hub.core.serverInfo('memory').pid;
    const { json } = await call('POST', '/api/restart', {});
    expect(json).toMatchObject({ status: 'ok' });
    await waitFor(() => hub.core.serverInfo('memory').status === 'connected', 'memory back');
    expect(hub.core.serverInfo('memory').pid).not.toBe(before);
    expect(hub.core.state).toBe('restarted');
  });

  it('GET /api/openapi.json describes every operation of the contract', async () => {
    const { json } = await call('GET', '/api/openapi.json');
    const paths = json['paths'] as Record<string, Record<string, { operationId: string }>>;
    for (const [name, spec] of Object.entries(operations)) {
      expect(paths[`/api${spec.http.path}`]?.[spec.http.method.toLowerCase()]?.operationId).toBe(name);
    }
  });
});

describe('status codes', () => {
  it('400 for a missing or ill-typed field, naming it', async () => {
    const missing = await call('POST', '/api/servers/tools', { server_name: 'everything' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ ...envelope, code: 'VALIDATION_ERROR' });
    expect(missing.json['error']).toMatch(/tool/);
    const badArgs = await call('POST', '/api/servers/tools', { server_name: 'everything', tool: 'echo', arguments: 'nope' });
    expect(badArgs.status).toBe(400);
    expect(badArgs.json['error']).toMatch(/arguments must be an object/);
  });

  it('400 for a body that is not JSON', async () => {
    const { status, json } = await call('POST', '/api/servers/info', undefined, '{"server_name": ');
    expect(status).toBe(400);
    expect(json).toMatchObject({ ...envelope, code: 'VALIDATION_ERROR' });
  });

  it("passes a tool's own input error on as its result, as MCP defines it", async () => {
    const { status, json } = await call('POST', '/api/servers/tools', { server_name: 'everything', tool: 'get-sum', arguments: { a: 'x' } });
    expect(status).toBe(200);
    expect(json['result']).toMatchObject({ isError: true });
  });

  it('404 for an unknown server, tool, prompt or route', async () => {
    expect((await call('POST', '/api/servers/info', { server_name: 'nope' })).json).toMatchObject({ code: 'SERVER_NOT_FOUND' });
    const tool = await call('POST', '/api/servers/tools', { server_name: 'everything', tool: 'nope' });
    expect(tool.status).toBe(404);
    expect(tool.json).toMatchObject({ code: 'TOOL_NOT_FOUND', data: { availableTools: expect.arrayContaining(['echo']) } });
    const prompt = await call('POST', '/api/servers/prompts', { server_name: 'everything', prompt: 'nope' });
    expect(prompt.status).toBe(404);
    expect(prompt.json).toMatchObject({ code: 'PROMPT_NOT_FOUND' });
    const route = await call('GET', '/api/nowhere');
    expect(route.status).toBe(404);
    expect(route.json).toMatchObject(envelope);
  });

  it('503 for a server that is not connected', async () => {
    await call('POST', '/api/servers/stop', { server_name: 'memory' });
    const { status, json } = await call('POST', '/api/servers/tools', { server_name: 'memory', tool: 'read_graph' });
    expect(status).toBe(503);
    expect(json).toMatchObject({ code: 'SERVER_NOT_CONNECTED', data: { server: 'memory', status: 'disconnected' } });
    await call('POST', '/api/servers/start', { server_name: 'memory' });
  });

  it('501 for a hard restart when nothing can restart this process', async () => {
    const { status, json } = await call('POST', '/api/hard-restart', {});
    expect(status).toBe(501);
    expect(json).toMatchObject({ code: 'HARD_RESTART_UNAVAILABLE' });
  });
});
