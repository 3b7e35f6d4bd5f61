import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../main/hub/hub.js';
import { connectClient, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

let hub: Hub;
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

const sessions = () => hub.health().mcpEndpoint.activeClients;

describe('/mcp sessions', () => {
  it('are closed when their client vanished without ending them', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    await client.listTools();
    expect(sessions()).toBe(1);
    // close() drops the connection but sends no DELETE: the hub is not told.
    await client.close();
    await waitFor(() => sessions() === 0, 'the idle session to be closed', 5_000);
  });

  it('stay open while the client holds its event stream, however quiet', async () => {
    const client = await connectClient(`${hub.url}/mcp`);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(sessions()).toBe(1);
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
    await client.close();
  });
});
