// The tool-call section: the same echo workload through each path, one client connection each.
import { checkEcho, echoCaller, measureLatency, measureThroughput } from './calls.mjs';
import { connectDirect, connectSse, connectStreamableHttp } from './clients.mjs';
import { describeBinding, startHub } from './hubs.mjs';

const SERVER = 'everything';

export const CALL_PATHS = [
  { key: 'direct', label: 'direct (stdio)' },
  { key: 'ours', label: 'this hub (Streamable HTTP)' },
  { key: 'mcp-hub', label: 'mcp-hub 4.2.1 (legacy SSE)' },
];

/** Starts whatever the path needs; returns the client, the tool name and how to tear it down. */
async function setUp(key) {
  if (key === 'direct') {
    const connection = await connectDirect();
    return { ...connection, tool: 'echo', stop: connection.close };
  }
  const hub = await startHub(key, [SERVER]);
  try {
    const connection = await (key === 'ours' ? connectStreamableHttp(hub.mcpUrl) : connectSse(hub.mcpUrl));
    const binding = await describeBinding(hub.port);
    const stop = async () => {
      await connection.close();
      await hub.stop();
    };
    return { ...connection, tool: `${SERVER}__echo`, binding, stop };
  } catch (error) {
    await hub.stop();
    throw error;
  }
}

async function measurePath(key, settings) {
  const path = await setUp(key);
  try {
    const call = echoCaller(path.client, path.tool);
    await checkEcho(call);
    const latency = await measureLatency(call, { warmup: settings.warmup, calls: settings.calls });
    const throughput = await measureThroughput(call, {
      warmup: settings.warmup,
      calls: settings.concurrentCalls,
      concurrency: settings.concurrency,
    });
    return { latency, throughput, binding: path.binding };
  } finally {
    await path.stop();
  }
}

/** Results per path key; a path that fails gets { error } and the others still run. */
export async function measureCalls(settings, log) {
  const results = {};
  for (const { key, label } of CALL_PATHS) {
    log(`calls: ${label}…`);
    try {
      results[key] = await measurePath(key, settings);
      log(`calls: ${label}: p50 ${results[key].latency.p50.toFixed(2)} ms, ${results[key].throughput.callsPerSecond.toFixed(0)} calls/s`);
    } catch (error) {
      results[key] = { error: error.message };
      log(`calls: ${label} FAILED: ${error.message}`);
    }
  }
  return results;
}
