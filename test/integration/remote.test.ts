import { afterEach, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, removeDir, startHub, startRemoteEverything, tempDir, waitFor, writeConfig, type RemoteServer } from '../helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function remote(mode: 'streamableHttp' | 'sse', port = 0): Promise<RemoteServer> {
  const server = await startRemoteEverything(mode, port);
  cleanups.push(() => server.kill());
  return server;
}

async function hubWith(servers: Record<string, unknown>, options: Parameters<typeof startHub>[1] = {}): Promise<HubApp> {
  const dir = await tempDir();
  const hub = await startHub([await writeConfig(dir, servers)], options);
  cleanups.push(async () => {
    await hub.stop();
    await removeDir(dir);
  });
  return hub;
}

describe('remote servers', () => {
  it('connects over Streamable HTTP when only a url is given', async () => {
    const server = await remote('streamableHttp');
    const hub = await hubWith({ remote: { url: `http://127.0.0.1:${server.port}/mcp` } });
    const info = hub.core.serverInfo('remote');
    expect(info.status).toBe('connected');
    expect(info.transportType).toBe('streamable-http');
    const client = await connectClient(`${hub.url}/mcp`);
    cleanups.push(() => client.close());
    const result = await client.callTool({ name: 'remote__echo', arguments: { message: 'over http' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: over http' }]);
  });

  it('falls back to the SSE transport for an old server', async () => {
    const server = await remote('sse');
    const hub = await hubWith({ legacy: { url: `http://127.0.0.1:${server.port}/sse` } });
    const info = hub.core.serverInfo('legacy');
    expect(info.status).toBe('connected');
    expect(info.transportType).toBe('sse');
    expect(info.capabilities.tools.length).toBeGreaterThan(0);
  });

  it('honours an explicit type', async () => {
    const server = await remote('streamableHttp');
    const hub = await hubWith({ forcedSse: { type: 'sse', url: `http://127.0.0.1:${server.port}/mcp` } });
    // The server speaks only Streamable HTTP at /mcp, so forcing SSE must fail rather than silently switch.
    await waitFor(() => hub.core.serverInfo('forcedSse').status !== 'connecting', 'the first attempt');
    expect(hub.core.serverInfo('forcedSse').status).not.toBe('connected');
    expect(hub.core.serverInfo('forcedSse').transportType).toBe('sse');
  });

  it('notices a remote that went away and reconnects when it is back', async () => {
    const first = await startRemoteEverything('streamableHttp');
    const hub = await hubWith(
      { remote: { url: `http://127.0.0.1:${first.port}/mcp` } },
      { healthCheckIntervalMs: 200, restartPolicy: { initialDelayMs: 100, maxDelayMs: 300, maxAttempts: 50, stableAfterMs: 60_000 } },
    );
    expect(hub.core.serverInfo('remote').status).toBe('connected');
    await first.kill('SIGKILL');
    await waitFor(() => hub.core.serverInfo('remote').status !== 'connected', 'the hub to notice the dead remote');
    expect(hub.core.catalog.aggregateView().tools().some((tool) => tool.name.startsWith('remote__'))).toBe(false);

    await remote('streamableHttp', first.port);
    await waitFor(() => hub.core.serverInfo('remote').status === 'connected', 'the reconnect', 20_000);
    const client = await connectClient(`${hub.url}/mcp`);
    cleanups.push(() => client.close());
    const result = await client.callTool({ name: 'remote__echo', arguments: { message: 'again' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: again' }]);
  });

  it('resolves placeholders in the url and headers before checking them', async () => {
    const server = await remote('streamableHttp');
    const hub = await hubWith(
      { remote: { url: 'http://127.0.0.1:${REMOTE_PORT}/mcp', headers: { 'X-Test': '${env:REMOTE_PORT}' } } },
      { env: { ...process.env, REMOTE_PORT: String(server.port) } },
    );
    expect(hub.core.serverInfo('remote').status).toBe('connected');
  });
});
