// Per-client instances: what one server costs when every client session gets its own process
// (`"isolation": "per-client"`) against one process for all (`shared`), with 1, 4 and 8 clients.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connectStreamableHttp } from './clients.mjs';
import { removeDir } from './children.mjs';
import { isolatedHome, readHealth, startHub, waitForStatus } from './hubs.mjs';
import { settledTreeRss } from './scale.mjs';
import { median } from './stats.mjs';

const MEMORY = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-memory/dist/index.js', import.meta.url));
export const ISOLATION_MODES = ['shared', 'per-client'];

/**
 * One hub with server-memory in `mode`; `clients` SDK clients connect over Streamable HTTP, then
 * all make their first tools/call at once (for per-client, that call starts the client's own
 * process). Timed per client from sending the call to its answer; the whole tree's RSS is read
 * before any client and once all have called and the tree has settled.
 */
async function measureOne(mode, clients, log) {
  const isolated = isolatedHome(`bench-instances-${mode}-`);
  const entry = () => ({
    command: process.execPath,
    args: [MEMORY],
    env: { MEMORY_FILE_PATH: join(isolated.home, 'memory.jsonl') },
    isolation: mode,
    maxInstances: Math.max(8, clients),
  });
  let hub;
  const connections = [];
  try {
    // The configured server of a per-client entry runs once to learn its catalog, then sleeps.
    hub = await startHub('ours', ['memory'], { isolated, entry, readyStatuses: mode === 'per-client' ? ['connected', 'sleeping'] : ['connected'] });
    if (mode === 'per-client') await waitForStatus(hub, 'sleeping');
    const before = await settledTreeRss(hub.handle.child.pid);
    for (let i = 0; i < clients; i++) connections.push(await connectStreamableHttp(hub.mcpUrl));
    const firstCalls = await Promise.all(
      connections.map(async ({ client }) => {
        const start = performance.now();
        const result = await client.callTool({ name: 'memory__read_graph', arguments: {} });
        if (result.isError) throw new Error(`memory__read_graph failed: ${JSON.stringify(result.content)}`);
        return performance.now() - start;
      }),
    );
    const after = await settledTreeRss(hub.handle.child.pid);
    const health = await readHealth(hub.baseUrl);
    const instances = health?.servers?.find((server) => server.name === 'memory')?.instances ?? 0;
    log(`instances: ${mode}, ${clients} client(s): ${after.processes} processes, ${after.mb.toFixed(0)} MB`);
    return { before, after, instances, firstCall: { median: median(firstCalls), max: Math.max(...firstCalls) } };
  } catch (error) {
    log(`instances: ${mode}, ${clients} client(s) FAILED: ${error.message}`);
    return { error: error.message };
  } finally {
    await Promise.allSettled(connections.map((connection) => connection.close()));
    await hub?.stop();
    removeDir(isolated.home);
  }
}

/** For each client count, shared and per-client side by side, each on a fresh hub. */
export async function measureInstances({ clientCounts, log }) {
  const rows = [];
  for (const clients of clientCounts) {
    for (const mode of ISOLATION_MODES) {
      log(`instances: ${mode}, ${clients} client(s)`);
      rows.push({ mode, clients, ...(await measureOne(mode, clients, log)) });
    }
  }
  return { rows };
}
