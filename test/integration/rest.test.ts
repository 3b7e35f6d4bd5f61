import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, node, removeDir, SERVERS, startHub, tempDir, writeConfig } from '../helpers.js';

let hub: HubApp;
let dir: string;
let config: string;

beforeAll(async () => {
  dir = await tempDir();
  config = await writeConfig(dir, {
    everything: { command: node, args: [SERVERS.everything, 'stdio'], description: 'the reference server' },
    off: { command: node, args: [SERVERS.memory], disabled: true },
  });
  hub = await startHub([config]);
});
afterAll(async () => {
  await hub.stop();
  await removeDir(dir);
});

const api = (path: string, body?: unknown) => callApi(hub.url, path, body);

describe('REST API (mcp-hub v4 shapes)', () => {
  it('GET /api/health reports the hub and its servers', async () => {
    const { status, json } = await api('/health');
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', state: 'ready', server_id: 'mcp-hub' });
    const mcpEndpoint = json['mcpEndpoint'] as { registeredCapabilities: { tools: number } };
    expect(mcpEndpoint.registeredCapabilities.tools).toBeGreaterThan(5);
    expect(typeof json['timestamp']).toBe('string');
  });

  it('GET /api/servers lists every server with the v4 server-info fields', async () => {
    const { json } = await api('/servers');
    const servers = json['servers'] as Record<string, unknown>[];
    expect(servers.map((s) => [s['name'], s['status']])).toEqual([
      ['everything', 'connected'],
      ['off', 'disabled'],
    ]);
    const everything = servers[0]!;
    expect(everything).toMatchObject({
      displayName: 'everything',
      description: 'the reference server',
      transportType: 'stdio',
      error: null,
      config_source: config,
      serverInfo: { name: 'mcp-servers/everything' },
    });
    expect((everything['capabilities'] as { tools: unknown[] }).tools.length).toBeGreaterThan(5);
  });

  it('stops and starts a server', async () => {
    const stopped = await api('/servers/stop', { server_name: 'everything' });
    expect(stopped.status).toBe(200);
    expect((stopped.json['server'] as { status: string }).status).toBe('disconnected');
    const started = await api('/servers/start', { server_name: 'everything' });
    expect((started.json['server'] as { status: string }).status).toBe('connected');
  });

  it('starts a disabled server on request and disables one with ?disable=true', async () => {
    const started = await api('/servers/start', { server_name: 'off' });
    expect((started.json['server'] as { status: string }).status).toBe('connected');
    const stopped = await api('/servers/stop?disable=true', { server_name: 'off' });
    expect((stopped.json['server'] as { status: string }).status).toBe('disabled');
  });

  it('answers 404 for an unknown server and 400 for a missing name, in the v4 error envelope', async () => {
    const unknown = await api('/servers/start', { server_name: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'SERVER_NOT_FOUND', error: "Server 'nope' not found" });
    const missing = await api('/servers/info', {});
    expect(missing.status).toBe(400);
    expect(missing.json['code']).toBe('VALIDATION_ERROR');
  });
});
