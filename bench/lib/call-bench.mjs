// The tool-call section: the same echo workload through each path, one client connection each.
// All paths are set up first and then measured in alternating rounds, so that load from other
// processes that comes and goes during the run is spread over all of them instead of landing on
// whichever path happened to be measured at that moment.
import { checkEcho, echoCaller, latencySamples, split, summariseLatency, timedBurst } from './calls.mjs';
import { connectDirect, connectSse, connectStreamableHttp } from './clients.mjs';
import { describeBinding, startEverythingHttp, startHub } from './hubs.mjs';

const SERVER = 'everything';
export const ROUNDS = 5;

export const CALL_PATHS = [
  { key: 'direct', label: 'direct (stdio)' },
  // The transport cost every Streamable HTTP client pays, hub or not: the fair baseline for ours.
  { key: 'direct-http', label: 'direct (Streamable HTTP, no hub)' },
  { key: 'ours', label: 'this hub (Streamable HTTP)' },
  { key: 'mcp-hub', label: 'mcp-hub 4.2.1 (legacy SSE)' },
];

/** Starts whatever the path needs; returns its echo call, and how to tear it down. */
async function setUp(key) {
  if (key === 'direct') {
    const connection = await connectDirect();
    return { call: echoCaller(connection.client, 'echo'), stop: connection.close };
  }
  if (key === 'direct-http') {
    const server = await startEverythingHttp();
    try {
      const connection = await connectStreamableHttp(server.url);
      const stop = async () => {
        await connection.close();
        await server.stop();
      };
      return { call: echoCaller(connection.client, 'echo'), binding: await describeBinding(server.port), stop };
    } catch (error) {
      await server.stop();
      throw error;
    }
  }
  const hub = await startHub(key, [SERVER]);
  try {
    const connection = await (key === 'ours' ? connectStreamableHttp(hub.mcpUrl) : connectSse(hub.mcpUrl));
    const stop = async () => {
      await connection.close();
      await hub.stop();
    };
    return { call: echoCaller(connection.client, `${SERVER}__echo`), binding: await describeBinding(hub.port), stop };
  } catch (error) {
    await hub.stop();
    throw error;
  }
}

/** One entry per path: { label, call, stop, binding, samples, seconds } or { label, error }. */
async function setUpAll(settings, log) {
  const paths = {};
  for (const { key, label } of CALL_PATHS) {
    log(`calls: starting ${label}`);
    try {
      const path = { label, ...(await setUp(key)), samples: [], seconds: 0 };
      paths[key] = path;
      await checkEcho(path.call);
      await latencySamples(path.call, settings.warmup);
      // Lets the HTTP clients open their pooled connections before anything is timed.
      await timedBurst(path.call, settings.warmup, settings.concurrency);
    } catch (error) {
      await paths[key]?.stop().catch(() => {});
      paths[key] = { label, error: error.message };
      log(`calls: ${label} FAILED: ${error.message}`);
    }
  }
  return paths;
}

/** Runs `step` on every path that has not failed yet; a failure takes that path out. */
async function forEachLive(paths, log, step) {
  for (const path of Object.values(paths)) {
    if (path.error) continue;
    try {
      await step(path);
    } catch (error) {
      path.error = error.message;
      log(`calls: ${path.label} FAILED: ${error.message}`);
    }
  }
}

async function measureRounds(paths, settings, log) {
  const latencyChunks = split(settings.calls, ROUNDS);
  const burstChunks = split(settings.concurrentCalls, ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    log(`calls: round ${round + 1}/${ROUNDS}`);
    await forEachLive(paths, log, async (path) => path.samples.push(...(await latencySamples(path.call, latencyChunks[round]))));
    await forEachLive(paths, log, async (path) => {
      path.seconds += await timedBurst(path.call, burstChunks[round], settings.concurrency);
    });
  }
}

/** Results per path key: { latency, throughput, binding } or { error }; other paths still run. */
export async function measureCalls(settings, log) {
  const paths = await setUpAll(settings, log);
  try {
    await measureRounds(paths, settings, log);
  } finally {
    for (const path of Object.values(paths)) await path.stop?.().catch(() => {});
  }
  return Object.fromEntries(
    Object.entries(paths).map(([key, path]) => [
      key,
      path.error
        ? { error: path.error }
        : {
            latency: summariseLatency(path.samples),
            throughput: { callsPerSecond: settings.concurrentCalls / path.seconds },
            binding: path.binding,
          },
    ]),
  );
}
