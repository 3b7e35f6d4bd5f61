import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApp } from '../../main/hub/compose.js';
import { connectClient, removeDir, startHub, tempDir, writeConfig } from '../helpers.js';

interface RawResponse {
  status: number;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be set as an attacker's page would make them. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let dir: string;
let config: string;
beforeAll(async () => {
  dir = await tempDir();
  config = await writeConfig(dir, {});
});
afterAll(async () => {
  await removeDir(dir);
});

describe('DNS rebinding protection', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([config]);
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects a foreign Host header on /mcp and /api', async () => {
    const mcp = await raw(`${hub.url}/mcp`, { method: 'POST', headers: { ...MCP_HEADERS, host: 'evil.example:80' }, body: INIT });
    expect(mcp.status).toBe(403);
    expect(mcp.body).toContain('Invalid Host');
    const api = await raw(`${hub.url}/api/health`, { headers: { host: 'evil.example' } });
    expect(api.status).toBe(403);
  });

  it('rejects a foreign Origin', async () => {
    const res = await raw(`${hub.url}/mcp`, { method: 'POST', headers: { ...MCP_HEADERS, origin: 'https://evil.example' }, body: INIT });
    expect(res.status).toBe(403);
    expect(res.body).toContain('Invalid Origin');
  });

  it('accepts localhost names and origins', async () => {
    const port = new URL(hub.url).port;
    const res = await raw(`${hub.url}/api/health`, { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` } });
    expect(res.status).toBe(200);
  });
});

describe('API token', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([config], { apiToken: 's3cret-token' });
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('is required on /api and /mcp', async () => {
    expect((await raw(`${hub.url}/api/servers`, {})).status).toBe(401);
    expect((await raw(`${hub.url}/api/servers`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await raw(`${hub.url}/mcp`, { method: 'POST', headers: MCP_HEADERS, body: INIT })).status).toBe(401);
    await expect(connectClient(`${hub.url}/mcp`)).rejects.toThrow();
  });

  it('lets a client with the token in', async () => {
    expect((await raw(`${hub.url}/api/servers`, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    const client = await connectClient(`${hub.url}/mcp`, 'streamable', { headers: { authorization: 'Bearer s3cret-token' } });
    expect(client.getServerVersion()?.name).toBe('mcp-hub');
    await client.close();
  });
});

describe('listening beyond loopback', () => {
  it('is refused without an API token', async () => {
    const hub = new HubApp({ configFiles: [config], port: 0, host: '0.0.0.0' });
    await expect(hub.start()).rejects.toThrow(/without an API token/);
    await hub.stop();
  });
});
