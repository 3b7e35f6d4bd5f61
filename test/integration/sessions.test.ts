import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig, health } from '../helpers.js';

let hub: HubApp;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } })], {
    sessionIdleTimeoutMs: 400,
  });
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

const sessions = async () => (await health(hub)).mcpEndpoint.activeClients;

describe('/mcp sessions', () => {
  it('are closed when their client vanished without ending them', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    await client.listTools();
    expect(await sessions()).toBe(1);
    // close() drops the connection but sends no DELETE: the hub is not told.
    await client.close();
    await waitFor(async () => (await sessions()) === 0, 'the idle session to be closed', 5_000);
  });

  it('stay open while a request is in flight, with no event stream, and close once idle after it', async () => {
    const post = (body: unknown, session?: string) =>
      fetch(`${hub.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(session && { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }),
        },
        body: JSON.stringify(body),
      });
    const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).text();

    // Several idle timeouts long, and the client neither sends anything else nor opens a GET stream.
    const call = await post(
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'everything__trigger-long-running-operation', arguments: { duration: 1.6, steps: 1 } } },
      session,
    );
    expect(await call.text()).toContain('Long running operation completed');
    expect(await sessions()).toBe(1);
    const ping = await post({ jsonrpc: '2.0', id: 2, method: 'ping' }, session);
    expect(ping.status).toBe(200);
    await ping.text();

    await waitFor(async () => (await sessions()) === 0, 'the idle session to be closed', 5_000);
  });

  it('stay open while the client holds its event stream, however quiet', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await sessions()).toBe(1);
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
    await client.close();
  });
});
