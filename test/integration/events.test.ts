import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, node, openEventStream, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig, type SseFrame } from '../helpers.js';

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

const subscription = (frames: SseFrame[], type: string) => frames.filter((f) => f.event === 'subscription_event' && f.data['type'] === type);
const post = (path: string, body: unknown) =>
  fetch(`${hub.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('/api/events', () => {
  it('starts with the hub state, in mcp-hub v4 form', async () => {
    const stream = await openEventStream(`${hub.url}/api/events`);
    await waitFor(() => stream.frames.length > 0, 'the first frame');
    expect(stream.frames[0]).toMatchObject({ event: 'hub_state', data: { state: 'ready', server_id: 'mcp-hub', pid: process.pid, port: hub.port } });
    expect(typeof stream.frames[0]!.data['timestamp']).toBe('string');
    const health = (await (await fetch(`${hub.url}/api/health`)).json()) as { activeClients: number };
    expect(health.activeClients).toBe(1);
    stream.close();
  });

  it('reports a stop as status change, list changes and servers_updated', async () => {
    const stream = await openEventStream(`${hub.url}/api/events`);
    await waitFor(() => stream.frames.length > 0, 'the first frame');
    await post('/servers/stop', { server_name: 'memory' });
    await waitFor(() => subscription(stream.frames, 'servers_updated').length > 0, 'servers_updated');
    expect(subscription(stream.frames, 'server_status')[0]!.data).toMatchObject({ server: 'memory', status: 'disconnected', previous: 'connected' });
    expect(subscription(stream.frames, 'tool_list_changed')[0]!.data).toMatchObject({ server: 'memory', tools: [] });
    expect(subscription(stream.frames, 'servers_updated')[0]!.data).toMatchObject({ changes: { modified: ['memory'] } });
    await post('/servers/start', { server_name: 'memory' });
    await waitFor(() => subscription(stream.frames, 'tool_list_changed').some((f) => (f.data['tools'] as unknown[]).length > 0), 'the tools again');
    stream.close();
  });

  it('replays exactly the missed events to a client that reconnects with Last-Event-ID', async () => {
    const witness = await openEventStream(`${hub.url}/api/events`);
    const client = await openEventStream(`${hub.url}/api/events`);
    await post('/servers/stop', { server_name: 'memory' });
    await waitFor(() => subscription(client.frames, 'servers_updated').length > 0, 'the stop events');
    const lastSeen = client.numbered().at(-1)!.id!;
    client.close();

    await post('/servers/start', { server_name: 'memory' });
    await waitFor(() => subscription(witness.frames, 'servers_updated').length > 1, 'the start events');
    const missed = witness.numbered().filter((frame) => Number(frame.id) > Number(lastSeen));
    expect(missed.length).toBeGreaterThan(2);

    const resumed = await openEventStream(`${hub.url}/api/events`, { lastEventId: lastSeen });
    await waitFor(() => resumed.numbered().length >= missed.length, 'the replay');
    const strip = (frames: SseFrame[]) => frames.map(({ id, event, data }) => ({ id, event, data: { ...data, timestamp: undefined } }));
    expect(strip(resumed.numbered().slice(0, missed.length))).toEqual(strip(missed));
    // A resumed stream does not repeat the hub_state snapshot.
    expect(resumed.frames[0]!.id).toBe(missed[0]!.id);
    witness.close();
    resumed.close();
  });

  it('records tool calls from /mcp and from the REST API, without their arguments', async () => {
    const stream = await openEventStream(`${hub.url}/api/events`);
    const client = await connectClient(`${hub.url}/mcp`);
    await client.callTool({ name: 'everything__echo', arguments: { message: 'private words' } });
    await client.close();
    await post('/servers/tools', { server_name: 'everything', tool: 'echo', arguments: { message: 'more private words' } });
    await waitFor(() => subscription(stream.frames, 'tool_call').length >= 2, 'two tool_call records');
    const records = subscription(stream.frames, 'tool_call').map((f) => f.data);
    expect(records.map((r) => [r['server'], r['tool'], r['via'], r['ok']])).toEqual([
      ['everything', 'echo', 'mcp', true],
      ['everything', 'echo', 'api', true],
    ]);
    expect(records.every((r) => typeof r['durationMs'] === 'number')).toBe(true);
    expect(JSON.stringify(records)).not.toContain('private words');
    stream.close();
  });

  it("streams a server's log lines as log events", async () => {
    const stream = await openEventStream(`${hub.url}/api/events`);
    await post('/servers/stop', { server_name: 'everything' });
    await post('/servers/start', { server_name: 'everything' });
    await waitFor(() => stream.frames.some((f) => f.event === 'log' && (f.data['data'] as { server?: string }).server === 'everything'), 'a log event');
    const logs = (await (await post('/servers/logs', { server_name: 'everything' })).json()) as { logs: { seq: number; source: string; text: string }[] };
    expect(logs.logs.some((entry) => entry.source === 'stderr')).toBe(true);
    const last = logs.logs.at(-1)!.seq;
    const after = (await (await post('/servers/logs', { server_name: 'everything', after: last })).json()) as { logs: unknown[] };
    expect(after.logs).toEqual([]);
    stream.close();
  });
});
