import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig, health } from '../helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');

let dir: string;
let config: string;

beforeAll(async () => {
  const { execFileSync } = await import('node:child_process');
  execFileSync(node, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
  dir = await tempDir();
  config = await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } });
});
afterAll(async () => {
  await removeDir(dir);
});

/** A stdio-only MCP client, the way Claude Desktop starts a server: `mcp-hub stdio`. */
async function stdioClient(args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: node,
    args: [CLI, 'stdio', ...args],
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') } as Record<string, string>,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'stdio-only-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe('mcp-hub stdio', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([config]);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('relays a stdio client to the running hub, progress included', async () => {
    const { client } = await stdioClient(['--port', String(hub.port)]);
    expect(client.getServerVersion()?.name).toBe('mcp-hub');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('everything__echo');
    const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'through the bridge' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: through the bridge' }]);
    const progress: Progress[] = [];
    await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 0.2, steps: 2 } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    // The SDK client itself may drop the last notification when it reads it together with the
    // result (a race in its Protocol class), so only the relaying is asserted, not the last one.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((p) => p.progress)).toEqual([1, 2].slice(0, progress.length));
    expect((await health(hub)).mcpEndpoint.activeClients).toBe(1);
    await client.close();
    // Closing the client ends its hub session too.
    await waitFor(async () => (await health(hub)).mcpEndpoint.activeClients === 0, 'the session to end');
  });
});

describe('mcp-hub stdio with no hub running', () => {
  it('starts one with the given config and relays to it', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const { client, stderr } = await stdioClient(['--port', String(port), '--config', config]);
    try {
      expect(stderr()).toContain('starting one');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('everything__echo');
    } finally {
      await client.close();
      // The hub it started keeps running for other clients; stop it the way its supervisor would.
      const stopped = await callApi(`http://127.0.0.1:${port}`, '/hard-restart', {});
      expect(stopped.status).toBe(200);
    }
  });
});
