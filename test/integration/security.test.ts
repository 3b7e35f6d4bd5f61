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
/** A 2026-07-28 request: no session to open first, so an attacker's page needs only this one POST. */
const MODERN = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/list',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'x', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
});
const MODERN_HEADERS = { ...MCP_HEADERS, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' };

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

  it("guards profiles' endpoints like /mcp: foreign Host or Origin, and cross-site fetches, are refused", async () => {
    for (const path of ['/profiles/any/mcp', '/profiles/any/messages?sessionId=x']) {
      const origin = await raw(`${hub.url}${path}`, { method: 'POST', headers: { ...MCP_HEADERS, origin: 'https://evil.example' }, body: INIT });
      expect(origin.status, path).toBe(403);
      const host = await raw(`${hub.url}${path}`, { method: 'POST', headers: { ...MCP_HEADERS, host: 'evil.example' }, body: INIT });
      expect(host.status, path).toBe(403);
      const crossSite = await raw(`${hub.url}${path}`, { method: 'POST', headers: { ...MCP_HEADERS, 'sec-fetch-site': 'cross-site' }, body: INIT });
      expect(crossSite.status, path).toBe(403);
    }
  });

  it('answers discovery probes and unknown MCP paths with JSON, never the UI page', async () => {
    const withUi = await startHub([config], { uiDir: new URL('../../out/renderer', import.meta.url).pathname });
    try {
      for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/openid-configuration', '/mcp/a/b', '/messages/x']) {
        const res = await fetch(`${withUi.url}${path}`, { headers: { accept: 'text/html' } });
        expect(res.status, path).toBe(404);
        expect(await res.json(), path).toMatchObject({ code: 'NOT_FOUND' });
      }
      // The UI itself is still there.
      expect(await (await fetch(`${withUi.url}/servers`, { headers: { accept: 'text/html' } })).text()).toContain('<!doctype html>');
    } finally {
      await withUi.stop();
    }
  });

  it('guards the session-free 2026-07-28 requests like the others: foreign Host or Origin, and cross-site fetches, are refused', async () => {
    for (const path of ['/mcp', '/mcp/any', '/profiles/any/mcp']) {
      expect((await raw(`${hub.url}${path}`, { method: 'POST', headers: MODERN_HEADERS, body: MODERN })).status, path).not.toBe(403);
      const attacks: Record<string, string>[] = [{ origin: 'https://evil.example' }, { host: 'evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }];
      for (const attack of attacks) {
        const res = await raw(`${hub.url}${path}`, { method: 'POST', headers: { ...MODERN_HEADERS, ...attack }, body: MODERN });
        expect(res.status, `${path} ${JSON.stringify(attack)}`).toBe(403);
        expect(res.body).not.toContain('"tools"');
      }
    }
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
    // A profile's endpoint too, whether or not the profile exists (its name tells nothing without the token).
    expect((await raw(`${hub.url}/profiles/any/mcp`, { method: 'POST', headers: MCP_HEADERS, body: INIT })).status).toBe(401);
    expect((await raw(`${hub.url}/profiles/any/messages?sessionId=x`, { method: 'POST', headers: MCP_HEADERS, body: '{}' })).status).toBe(401);
    await expect(connectClient(`${hub.url}/mcp`)).rejects.toThrow();
    // A 2026-07-28 request has no session: each one is checked.
    expect((await raw(`${hub.url}/mcp`, { method: 'POST', headers: MODERN_HEADERS, body: MODERN })).status).toBe(401);
    expect((await raw(`${hub.url}/mcp`, { method: 'POST', headers: { ...MODERN_HEADERS, authorization: 'Bearer wrong' }, body: MODERN })).status).toBe(401);
    expect((await raw(`${hub.url}/mcp`, { method: 'POST', headers: { ...MODERN_HEADERS, authorization: 'Bearer s3cret-token' }, body: MODERN })).status).toBe(200);
  });

  it('says in its 401 what a client must send, and offers no OAuth login to discover', async () => {
    const refused = await fetch(`${hub.url}/mcp`, { method: 'POST', headers: MCP_HEADERS, body: INIT });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm="mcp-hub", error="invalid_token", error_description="[^"]*Authorization: Bearer <token>/);
    // Codex and Claude Code look for an OAuth login here: JSON saying there is none, not the UI's page.
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-authorization-server', '/mcp/everything/extra']) {
      const res = await fetch(`${hub.url}${path}`, { headers: { accept: 'text/html,application/json' } });
      expect(res.status, path).toBe(path.startsWith('/mcp') ? 401 : 404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
    }
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
