import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../shared/events.js';
import { HubClientError, type ConnectionState } from '../../shared/hub-client.js';
import type { HubApp } from '../../main/hub/compose.js';
import { createHttpHubClient } from '../../renderer/src/hub/http-client.js';
import { node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

/** The browser UI's client, in Node against a real hub: what it sends is what a browser sends. */
describe('HTTP HubClient', () => {
  let dir: string;
  let hub: HubApp;

  beforeAll(async () => {
    dir = await tempDir();
    const config = await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory] } });
    hub = await startHub([config], { apiToken: 'tok-123' });
  });
  afterAll(async () => {
    await hub.stop();
    await removeDir(dir);
  });

  it('invokes GET and POST operations through their REST routes', async () => {
    const client = createHttpHubClient({ baseUrl: hub.url, token: 'tok-123' });
    const { servers } = await client.invoke('listServers', {});
    expect(servers.map((s) => s.name)).toEqual(['memory']);
    const result = await client.invoke('callTool', { server_name: 'memory', tool: 'read_graph', arguments: {} });
    expect(result.result['content']).toBeInstanceOf(Array);
    // A query-bound field of a POST route (stop?disable=) arrives as such.
    const stopped = await client.invoke('stopServer', { server_name: 'memory', disable: false });
    expect(stopped.server.status).toBe('disconnected');
    await client.invoke('startServer', { server_name: 'memory' });
  });

  it("rethrows the hub's error envelope with its code and status", async () => {
    const client = createHttpHubClient({ baseUrl: hub.url, token: 'tok-123' });
    const error = await client.invoke('getServer', { server_name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubClientError);
    expect(error).toMatchObject({ code: 'SERVER_NOT_FOUND', status: 404 });
    const unauthorized = createHttpHubClient({ baseUrl: hub.url, token: 'wrong' });
    await expect(unauthorized.invoke('listServers', {})).rejects.toMatchObject({ status: 401 });
  });

  it('delivers hub events as the hub emitted them, and reports the stream state', async () => {
    const client = createHttpHubClient({ baseUrl: hub.url, token: 'tok-123' });
    const events: HubEvent[] = [];
    const states: ConnectionState[] = [];
    client.onConnection((state) => states.push(state));
    const off = client.subscribe((event) => events.push(event));
    await waitFor(() => states.includes('open'), 'the event stream to open');
    await client.invoke('stopServer', { server_name: 'memory' });
    const status = await waitFor(
      () => events.find((e) => e.type === 'server_status' && e.data.server === 'memory' && e.data.status === 'disconnected'),
      'a server_status event',
    );
    expect(status.data).toMatchObject({ previous: 'connected', error: null });
    await client.invoke('startServer', { server_name: 'memory' });
    await waitFor(() => events.find((e) => e.type === 'server_status' && e.data.server === 'memory' && e.data.status === 'connected'), 'the restart event');
    off();
    expect(states.at(-1)).toBe('closed');
  });

  it('says why the event stream cannot open, and keeps trying', async () => {
    const client = createHttpHubClient({ baseUrl: hub.url, token: 'wrong', maxReconnectDelayMs: 50 });
    const errors: string[] = [];
    client.onConnection((state, error) => {
      if (state === 'reconnecting' && error) errors.push(error);
    });
    const off = client.subscribe(() => {});
    await waitFor(() => errors.length >= 2, 'two failed attempts');
    off();
    expect(errors[0]).toMatch(/^401 Missing or invalid API token/);
  });
});
