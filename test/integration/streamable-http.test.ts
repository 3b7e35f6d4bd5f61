import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { SseParser, type SseFrame } from '../../shared/sse.js';
import { node, removeDir, SERVERS, startHub, tempDir, writeConfig } from '../helpers.js';

/**
 * How the hub's own Streamable HTTP transport answers, read off the wire with a raw HTTP client:
 * plain JSON when nothing but the answer comes, an event stream as soon as anything else does,
 * and a resumable stream for a call that takes long.
 */

let hub: HubApp;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } })]);
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

interface Session {
  id: string;
  post(body: unknown, signal?: AbortSignal): Promise<Response>;
  resume(lastEventId: string): Promise<Response>;
  end(): Promise<Response>;
}

async function openSession(version: string): Promise<Session> {
  const headers = (id?: string): Record<string, string> => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(id && { 'mcp-session-id': id, 'mcp-protocol-version': version }),
  });
  const url = `${hub.url}/mcp`;
  const init = await fetch(url, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
  });
  expect(init.headers.get('content-type')).toBe('application/json');
  expect(((await init.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe(version);
  const id = init.headers.get('mcp-session-id')!;
  const session: Session = {
    id,
    post: (body, signal) => fetch(url, { method: 'POST', headers: headers(id), body: JSON.stringify(body), ...(signal && { signal }) }),
    resume: (lastEventId) => fetch(url, { headers: { ...headers(id), accept: 'text/event-stream', 'last-event-id': lastEventId } }),
    end: () => fetch(url, { method: 'DELETE', headers: headers(id) }),
  };
  expect((await session.post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
  return session;
}

const call = (id: number, name: string, args: Record<string, unknown>, meta?: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: `everything__${name}`, arguments: args, ...(meta && { _meta: meta }) },
});
const longCall = (id: number, seconds: number, meta?: Record<string, unknown>) => call(id, 'trigger-long-running-operation', { duration: seconds, steps: 1 }, meta);

/** Reads events off a response with the UI's own SSE parser, until `until` says enough (or the stream ends). */
async function readEvents(res: Response, until: (events: SseFrame[]) => boolean = () => false): Promise<SseFrame[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseFrame[] = [];
  const parser = new SseParser((frame) => events.push(frame));
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    parser.push(value);
    if (until(events)) {
      await reader.cancel();
      return events;
    }
  }
}

const messages = (events: SseFrame[]) => events.filter((event) => event.data !== '').map((event) => JSON.parse(event.data) as Record<string, unknown>);

describe('Streamable HTTP on /mcp: how the hub answers', () => {
  it('answers a call about which nothing else comes with one JSON body', async () => {
    const session = await openSession('2025-11-25');
    const res = await session.post(call(1, 'echo', { message: 'hi' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('mcp-session-id')).toBe(session.id);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'Echo: hi' }] } });
    await session.end();
  });

  it('answers a batch with one JSON array, in the order of its requests', async () => {
    const session = await openSession('2025-06-18');
    const res = await session.post([longCall(1, 0.3), call(2, 'echo', { message: 'second' })]);
    expect(res.headers.get('content-type')).toBe('application/json');
    const answers = (await res.json()) as { id: number; result: { content: { text: string }[] } }[];
    expect(answers.map((answer) => answer.id)).toEqual([1, 2]);
    expect(answers[0]!.result.content[0]!.text).toContain('Long running operation completed');
    expect(answers[1]!.result.content[0]!.text).toBe('Echo: second');
    await session.end();
  });

  it('turns the answer into an event stream once progress comes: the progress first, then the answer, every event with an id', async () => {
    const session = await openSession('2025-06-18');
    const res = await session.post(call(1, 'trigger-long-running-operation', { duration: 0.3, steps: 3 }, { progressToken: 'p1' }));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = await readEvents(res);
    const sent = messages(events);
    expect(sent.map((message) => message['method'] ?? 'answer')).toEqual(['notifications/progress', 'notifications/progress', 'notifications/progress', 'answer']);
    expect(sent.slice(0, 3).map((message) => (message['params'] as { progress: number; progressToken: string }).progress)).toEqual([1, 2, 3]);
    expect((sent[3]!['result'] as { content: { text: string }[] }).content[0]!.text).toContain('Long running operation completed');
    expect(events.every((event) => event.id !== undefined)).toBe(true);
    await session.end();
  });

  it('gives a long call a priming event; a client whose connection broke resumes with Last-Event-ID and still gets the answer', async () => {
    const session = await openSession('2025-11-25');
    const aborted = new AbortController();
    const res = await session.post(longCall(1, 2.5), aborted.signal);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const [priming] = await readEvents(res, (events) => events.length > 0).catch(() => [] as SseFrame[]);
    expect(priming).toMatchObject({ id: expect.any(String), data: '' });
    aborted.abort();

    const resumed = await session.resume(priming!.id!);
    expect(resumed.status).toBe(200);
    const answer = messages(await readEvents(resumed));
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatchObject({ id: 1, result: { content: [{ text: expect.stringContaining('Long running operation completed') }] } });
    await session.end();
  });

  it('answers a client older than priming events (2025-06-18) with JSON however long its call takes', async () => {
    const session = await openSession('2025-06-18');
    const res = await session.post(longCall(1, 1.3));
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ id: 1, result: { content: [{ text: expect.stringContaining('completed') }] } });
    await session.end();
  });

  it('refuses a request whose id is already in flight in the session, and the first one still gets its answer', async () => {
    const session = await openSession('2025-06-18');
    const first = session.post(longCall(7, 0.5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await session.post(call(7, 'echo', { message: 'same id' }));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { message: 'Invalid Request: request id 7 is already in use' } });
    expect(await (await first).json()).toMatchObject({ id: 7, result: { content: [{ text: expect.stringContaining('completed') }] } });
    await session.end();
  });

  it('answers a request still pending when its session ends with an error that says so', async () => {
    const session = await openSession('2025-06-18');
    const pending = session.post(longCall(1, 5));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await session.end()).status).toBe(200);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'The session ended before this request was answered' } });
  });

  it('reads a gzip body, and refuses a broken one with a parse error', async () => {
    const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gzip', version: '1' } } };
    const post = (body: Buffer) =>
      fetch(`${hub.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', accept: 'application/json, text/event-stream' }, body });
    const zipped = gzipSync(JSON.stringify(initialize));
    const good = await post(zipped);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ id: 0, result: { protocolVersion: '2025-06-18' } });
    const broken = await post(zipped.subarray(0, 12));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: -32700, message: 'Parse error: the gzip body cannot be decoded' } });
    await fetch(`${hub.url}/mcp`, { method: 'DELETE', headers: { 'mcp-session-id': good.headers.get('mcp-session-id')! } });
  });
});
