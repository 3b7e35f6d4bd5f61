import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, connectClient, node, removeDir, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

const FLOOD_SERVER = new URL('../fixtures/flood-server.mjs', import.meta.url).pathname;

describe('a stdio server that writes a 60 MB line', () => {
  let dir: string;
  let hub: HubApp;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    dir = await tempDir();
    const config = await writeConfig(dir, { flood: { command: node, args: [FLOOD_SERVER] } });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    hub = await startHub([config], { logger: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => {
    await hub?.stop();
    await removeDir(dir);
  });

  it('drops the line with one log line naming the server, answers meanwhile, and reads the server’s next messages', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    try {
      const flooding = client.callTool({ name: 'flood__flood', arguments: { mb: 60 } });
      const dropped = await waitFor(() => logLines.find((line) => String(line['msg']).startsWith('stdout line over 16 MB')), 'the log line');
      expect(dropped).toMatchObject({ server: 'flood', limit: 16 * 1024 * 1024 });
      // The hub still answers while the rest of the line streams in.
      expect((await callApi(hub.url, '/health')).json).toMatchObject({ status: 'ok' });
      // The line ends; the answer the server writes after it arrives as usual.
      expect((await flooding).content).toEqual([{ type: 'text', text: 'after the flood' }]);
      expect((await client.callTool({ name: 'flood__echo', arguments: { message: 'still here' } })).content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
      expect(logLines.filter((line) => String(line['msg']).startsWith('stdout line over'))).toHaveLength(1);
      const { json } = await callApi(hub.url, '/servers/logs', { server_name: 'flood' });
      expect(JSON.stringify(json)).toContain('stdout line over 16 MB (MCP_HUB_MAX_MESSAGE_MB)');
    } finally {
      await client.close();
    }
  });
});

describe('a stdio server whose answer is over the limit', () => {
  it('answers the call at once with an error that says so, and keeps the server', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, { flood: { command: node, args: [FLOOD_SERVER] } });
    // A long request timeout: the answer must not come from it.
    const hub = await startHub([config], { requestTimeoutMs: 600_000 });
    const client = await connectClient(`${hub.url}/mcp`);
    try {
      const big = await client.callTool({ name: 'flood__big', arguments: { mb: 20 } }).then(
        (result) => JSON.stringify(result),
        (error: Error) => error.message,
      );
      expect(big).toMatch(/The server's answer is 20 MB, over the hub's limit of 16 MB for one message \(MCP_HUB_MAX_MESSAGE_MB\)/);
      expect((await client.callTool({ name: 'flood__echo', arguments: { message: 'next' } })).content).toEqual([{ type: 'text', text: 'Echo: next' }]);
    } finally {
      await client.close();
      await hub.stop();
      await removeDir(dir);
    }
  });
});

describe('MCP_HUB_MAX_MESSAGE_MB', () => {
  it('sets the limit', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, { flood: { command: node, args: [FLOOD_SERVER] } });
    const hub = await startHub([config], { env: { ...process.env, MCP_HUB_MAX_MESSAGE_MB: '1' } });
    const client = await connectClient(`${hub.url}/mcp`);
    try {
      await client.callTool({ name: 'flood__flood', arguments: { mb: 2 } });
      const { json } = await callApi(hub.url, '/servers/logs', { server_name: 'flood' });
      expect(JSON.stringify(json)).toContain('stdout line over 1 MB');
    } finally {
      await client.close();
      await hub.stop();
      await removeDir(dir);
    }
  });
});
