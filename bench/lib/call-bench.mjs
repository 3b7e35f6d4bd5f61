// The tool-call section: the same echo workload through each path, one client connection each.
// All paths are set up first and then measured in alternating rounds, so that load from other
// processes that comes and goes during the run is spread over all of them instead of landing on
// whichever path happened to be measured at that moment.
import { CALL_PATHS, connectPath, sharedProcesses } from './call-paths.mjs';
import { checkEcho, latencySamples, split, summariseLatency, timedBurst } from './calls.mjs';
import { cpuBetween, treeCpu } from './proc.mjs';

export { CALL_PATHS };
export const ROUNDS = 5;

/** One entry per path: { label, call, close, cpuPid, binding, samples, seconds, cpuMs } or { label, error }. */
async function setUpAll(shared, settings, log) {
  const paths = {};
  for (const { key, label, client } of CALL_PATHS) {
    const name = `${label}, ${client} client`;
    log(`calls: starting ${name}`);
    try {
      const path = { label: name, ...(await connectPath(key, shared, { sockets: settings.concurrency })), samples: [], seconds: 0, cpuMs: 0 };
      paths[key] = path;
      await checkEcho(path.call);
      await latencySamples(path.call, settings.warmup);
      // Lets the HTTP clients open their pooled connections before anything is timed.
      await timedBurst(path.call, settings.warmup, settings.concurrency);
    } catch (error) {
      await paths[key]?.close().catch(() => {});
      paths[key] = { label: name, error: failure(paths[key], error) };
      log(`calls: ${name} FAILED: ${paths[key].error}`);
    }
  }
  return paths;
}

/** The error, and whether the process behind the path died (a hub that crashed, with its last words). */
function failure(path, error) {
  const exit = path?.exitReport?.();
  return exit ? `${error.message}; ${exit}` : error.message;
}

/** Runs `step` on every path that has not failed yet; a failure takes that path out. */
async function forEachLive(paths, log, step) {
  for (const path of Object.values(paths)) {
    if (path.error) continue;
    try {
      await step(path);
    } catch (error) {
      path.error = failure(path, error);
      log(`calls: ${path.label} FAILED: ${path.error}`);
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
      // The tree is read outside the timed burst: listing it runs `ps`.
      const before = path.cpuPid ? treeCpu(path.cpuPid) : undefined;
      path.seconds += await timedBurst(path.call, burstChunks[round], settings.concurrency);
      if (before) path.cpuMs += cpuBetween(before, treeCpu(path.cpuPid));
    });
  }
}

/** Results per path key: { latency, throughput, cpu, binding } or { error }; other paths still run. */
export async function measureCalls(settings, log) {
  const shared = sharedProcesses();
  let paths = {};
  try {
    paths = await setUpAll(shared, settings, log);
    await measureRounds(paths, settings, log);
  } finally {
    for (const path of Object.values(paths)) await path.close?.().catch(() => {});
    await shared.stop();
  }
  return Object.fromEntries(
    Object.entries(paths).map(([key, path]) => [
      key,
      path.error
        ? { error: path.error }
        : {
            latency: summariseLatency(path.samples),
            throughput: { callsPerSecond: settings.concurrentCalls / path.seconds },
            cpu: path.cpuPid ? { msPerCall: path.cpuMs / settings.concurrentCalls } : undefined,
            binding: path.binding,
          },
    ]),
  );
}
