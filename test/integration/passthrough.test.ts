import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { HubApp } from '../../main/hub/compose.js';
import { connectClient, fixtureServer, removeDir, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

let hub: HubApp;
let dir: string;
let client: Client;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([await writeConfig(dir, { paged: { ...fixtureServer('paged-server.ts'), cwd: process.cwd() } })]);
  client = await connectClient(`${hub.url}/mcp`);
});
afterAll(async () => {
  await client?.close();
  await hub?.stop();
  await removeDir(dir);
});

describe('an upstream server with paged lists, _meta and a changing tool list', () => {
  it('has every page of its tool list fetched', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['paged__echo_meta', 'paged__add_tool', 'paged__three', 'paged__four', 'paged__five']);
  });

  it('receives the client’s _meta and returns its own', async () => {
    const result = await client.callTool({ name: 'paged__echo_meta', arguments: {}, _meta: { 'example.com/trace': 'abc' } });
    expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual({ 'example.com/trace': 'abc' });
    expect(result._meta).toEqual({ 'example.com/served-by': 'paged-server' });
  });

  it('passes its instructions on', () => {
    expect(client.getInstructions()).toContain('Paged server: call echo_meta');
  });

  it('relays its tools/list_changed after refreshing the list', async () => {
    let changed = false;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed = true;
    });
    await client.callTool({ name: 'paged__add_tool', arguments: {} });
    await waitFor(() => changed, 'tools/list_changed');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('paged__added_5');
  });
});
