// Scale and endurance: what idle servers cost, how fast a sleeping one answers, listing thousands of
// tools, and many clients coming and going.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openBareSession } from './bare-session.mjs';
import { connectDirect, connectSse, connectStreamableHttp } from './clients.mjs';
import { removeDir } from './children.mjs';
import { collectGarbage, isolatedHome, readHealth, startHub, waitForStatus } from './hubs.mjs';
import { cpuMs, mb, rssKb, settled, treeRss } from './proc.mjs';
import { serverNames } from './ready.mjs';
import { median, percentile } from './stats.mjs';

const TOOL_SERVER = fileURLToPath(new URL('../../test/fixtures/tool-server.mjs', import.meta.url));
/** Long enough that nothing sleeps during a measurement that does not want it to. */
const LONG_IDLE_S = 3600;

/** Lazy servers sleep after `idleTimeout` seconds: the top-level default of the config file. */
const lazyFile = (idleTimeout) => ({ lazy: true, idleTimeout });

/** A listing of every tool, following nextCursor: how many tools, in how many requests. */
async function listAll(client) {
  let count = 0;
  let cursor;
  let pages = 0;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    pages++;
    count += page.tools.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { count, pages };
}

/**
 * The tree's RSS once settled: the median of `samples` readings 1 s apart, and its most processes;
 * hubMb: the same for the root process alone.
 */
export async function settledTreeRss(pid, samples = 3) {
  const taken = [];
  const own = [];
  for (let i = 0; i < samples; i++) {
    await delay(1000);
    taken.push(treeRss(pid));
    own.push(rssKb(pid));
  }
  return { mb: mb(median(taken.map((t) => t.kb))), processes: Math.max(...taken.map((t) => t.processes)), hubMb: mb(median(own)) };
}

/**
 * Resident memory of the whole process tree (hub and servers) with `count` idle
 * server-everything servers: this hub always-on, this hub lazy (on its second start, the
 * catalogs saved by the first), and mcp-hub.
 */
export async function measureIdleRss({ count, log }) {
  const names = serverNames(count);
  const timeoutMs = 30000 + count * 5000;
  const results = {};
  const variants = [
    ['ours', 'this hub, always on'],
    ['ours-lazy', 'this hub, lazy (servers sleeping)'],
    ['mcp-hub', 'mcp-hub 4.2.1'],
  ];
  for (const [key, label] of variants) {
    log(`idle memory: ${label}, ${count} servers`);
    const isolated = key === 'ours-lazy' ? isolatedHome('bench-lazy-') : undefined;
    try {
      if (isolated) {
        // The first start learns every catalog and saves it; what is measured is every later start.
        const learning = await startHub('ours', names, { timeoutMs, isolated, fileSettings: lazyFile(LONG_IDLE_S) });
        await learning.stop();
      }
      const hub = await startHub(key === 'mcp-hub' ? 'mcp-hub' : 'ours', names, {
        timeoutMs,
        isolated,
        ...(isolated && { fileSettings: lazyFile(LONG_IDLE_S), readyStatuses: ['sleeping'] }),
      });
      try {
        results[key] = { label, ...(await settledTreeRss(hub.handle.child.pid)) };
      } finally {
        await hub.stop();
      }
    } catch (error) {
      results[key] = { label, error: error.message };
      log(`idle memory: ${label} FAILED: ${error.message}`);
    } finally {
      if (isolated) removeDir(isolated.home);
    }
  }
  return { count, results };
}

/** From spawning server-everything to the answer of its first tools/call, with no hub. */
async function coldStartMs() {
  const start = performance.now();
  const connection = await connectDirect();
  try {
    const result = await connection.client.callTool({ name: 'echo', arguments: { message: 'cold' } });
    if (!JSON.stringify(result.content).includes('cold')) throw new Error('unexpected echo result');
    return performance.now() - start;
  } finally {
    await connection.close();
  }
}

/**
 * The first call to a sleeping server-everything through this hub (a client connected before it
 * slept), against that server's own cold start: spawn, initialize, first call.
 */
export async function measureWake({ runs, log }) {
  const cold = [];
  const wake = [];
  const result = { runs };
  for (let i = 0; i < runs; i++) {
    log(`wake: cold start ${i + 1}/${runs}`);
    cold.push(await coldStartMs());
  }
  const isolated = isolatedHome('bench-wake-');
  let hub;
  let connection;
  try {
    hub = await startHub('ours', ['everything'], { isolated, fileSettings: lazyFile(1) });
    connection = await connectStreamableHttp(hub.mcpUrl);
    for (let i = 0; i < runs; i++) {
      await waitForStatus(hub, 'sleeping');
      log(`wake: first call to a sleeping server ${i + 1}/${runs}`);
      const start = performance.now();
      const answer = await connection.client.callTool({ name: 'everything__echo', arguments: { message: 'awake' } });
      wake.push(performance.now() - start);
      if (!JSON.stringify(answer.content).includes('awake')) throw new Error(`unexpected echo result: ${JSON.stringify(answer.content)}`);
    }
    result.sessionsAtEnd = (await readHealth(hub.baseUrl))?.mcpEndpoint?.activeClients;
  } catch (error) {
    result.error = error.message;
    log(`wake: FAILED: ${error.message}`);
  } finally {
    await connection?.close();
    await hub?.stop();
    removeDir(isolated.home);
  }
  const summary = (samples) => (samples.length ? { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) } : undefined);
  return { ...result, cold: summary(cold), wake: summary(wake) };
}

/** tools/list through a bare session (see bare-session.mjs), in the shape listLatency reads. */
async function rawSession(url) {
  const session = await openBareSession(url);
  const listTools = async (params = {}) => {
    const result = await session.request('tools/list', params.cursor === undefined ? {} : { cursor: params.cursor });
    return { tools: { length: result.tools.length }, nextCursor: result.nextCursor };
  };
  return { client: { listTools }, close: session.close };
}

/** Timed full listings (every page) and first pages, after a warm-up. */
async function listLatency(client, rounds, expected) {
  for (let i = 0; i < 3; i++) await listAll(client);
  const full = [];
  const first = [];
  let pages = 0;
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    const listing = await listAll(client);
    full.push(performance.now() - start);
    if (listing.count !== expected) throw new Error(`listed ${listing.count} tools, expected ${expected}`);
    pages = listing.pages;
    start = performance.now();
    await client.listTools();
    first.push(performance.now() - start);
  }
  const firstPageSize = (await client.listTools()).tools.length;
  return {
    full: { p50: percentile(full, 50), p95: percentile(full, 95) },
    first: { p50: percentile(first, 50), p95: percentile(first, 95) },
    pages,
    firstPageSize,
  };
}

/**
 * tools/list with `servers` × `tools` fixture tools: this hub with every server running, then
 * with every server asleep (the same hub, after the idle timeout), and mcp-hub.
 */
export async function measureListing({ servers, tools, rounds, log }) {
  const names = serverNames(servers);
  const expected = servers * tools;
  // The fixture offers echo and wait besides tool_1 … tool_n.
  const entry = (name) => ({ command: process.execPath, args: [TOOL_SERVER], env: { TOOL_COUNT: String(tools - 2), SERVER_NAME: name } });
  const timeoutMs = 30000 + servers * 5000;
  const results = {};

  const measure = async (key, label, connect, hub) => {
    log(`tools/list: ${label}`);
    // A hub just ready may still be busy with what it learned (this hub pins 5,000 new tools on its first start).
    const quiet = await settled(hub.handle.child.pid);
    if (!quiet.settled) log(`tools/list: ${label}: still using ${quiet.lastSecondMs.toFixed(0)} ms of CPU a second after 30 s; measuring anyway`);
    const connection = await connect(hub.mcpUrl);
    try {
      const processes = treeRss(hub.handle.child.pid).processes;
      results[key] = { label, processes, ...(await listLatency(connection.client, rounds, expected)) };
    } finally {
      await connection.close();
    }
  };

  // The first start runs every server (and saves its catalog); the second finds them all asleep.
  const isolated = isolatedHome('bench-list-');
  let hub;
  try {
    hub = await startHub('ours', names, { timeoutMs, entry, isolated, fileSettings: lazyFile(LONG_IDLE_S) });
    await measure('ours-running', `this hub, ${servers} servers running`, connectStreamableHttp, hub);
    await hub.stop();
    hub = await startHub('ours', names, { timeoutMs, entry, isolated, fileSettings: lazyFile(LONG_IDLE_S), readyStatuses: ['sleeping'] });
    await measure('ours-sleeping', `this hub, ${servers} servers sleeping`, connectStreamableHttp, hub);
    // The transport mcp-hub's clients use, for a comparison that leaves the transport out.
    await measure('ours-sse', `this hub, ${servers} servers sleeping, legacy SSE`, connectSse, hub);
    await measure('ours-raw', `this hub, ${servers} servers sleeping, bare HTTP client`, rawSession, hub);
  } catch (error) {
    results.ours = { error: error.message };
    log(`tools/list: this hub FAILED: ${error.message}`);
  } finally {
    await hub?.stop();
    removeDir(isolated.home);
  }
  hub = undefined;
  try {
    hub = await startHub('mcp-hub', names, { timeoutMs, entry });
    await measure('mcp-hub', `mcp-hub 4.2.1, ${servers} servers running`, connectSse, hub);
  } catch (error) {
    results['mcp-hub'] = { error: error.message };
    log(`tools/list: mcp-hub FAILED: ${error.message}`);
  } finally {
    await hub?.stop();
  }
  return { servers, tools, rounds, results };
}

/** One client session: connect, list the tools, end the session the way the transport can. */
async function cycle(kind, url) {
  const connection = await (kind === 'ours' ? connectStreamableHttp(url) : connectSse(url));
  await connection.client.listTools();
  // Streamable HTTP ends a session with DELETE; the legacy SSE transport by closing its stream.
  if (kind === 'ours') await connection.client.transport.terminateSession();
  await connection.close();
}

/**
 * `cycles` client sessions one after another (connect, tools/list, disconnect) against a hub with
 * `servers` server-everything servers: the hub process's own RSS before, halfway and after, what
 * stays alive after a full collection before and after, its CPU time and log lines per cycle.
 */
export async function measureCycles({ cycles, servers, log }) {
  const names = serverNames(servers);
  const results = {};
  for (const [kind, label] of [
    ['ours', 'this hub (Streamable HTTP)'],
    ['mcp-hub', 'mcp-hub 4.2.1 (legacy SSE)'],
  ]) {
    let hub;
    try {
      hub = await startHub(kind, names, { timeoutMs: 30000 + servers * 5000, gcProbe: true });
      const pid = hub.handle.child.pid;
      for (let i = 0; i < 20; i++) await cycle(kind, hub.mcpUrl);
      await delay(2000);
      const rssBeforeKb = rssKb(pid);
      const collectedBefore = await collectGarbage(hub);
      // Counted from here: the probe's line is not the hub's log.
      const before = { cpuMs: cpuMs(pid), lines: hub.handle.lineCount() };
      log(`cycles: ${label}, ${cycles} connect-list-disconnect cycles`);
      const start = performance.now();
      let rssHalfKb;
      for (let i = 0; i < cycles; i++) {
        await cycle(kind, hub.mcpUrl);
        if (i + 1 === Math.floor(cycles / 2)) rssHalfKb = rssKb(pid);
      }
      const wallMs = performance.now() - start;
      const cpu = cpuMs(pid) - before.cpuMs;
      const lines = hub.handle.lineCount() - before.lines;
      await delay(5000);
      const rssAfterKb = rssKb(pid);
      const collectedAfter = await collectGarbage(hub);
      const health = await readHealth(hub.baseUrl);
      results[kind] = {
        label,
        rssBeforeMb: mb(rssBeforeKb),
        rssHalfMb: mb(rssHalfKb),
        rssAfterMb: mb(rssAfterKb),
        collectedBefore: { heapMb: collectedBefore.heapUsed / 1048576, rssMb: collectedBefore.rss / 1048576 },
        collectedAfter: { heapMb: collectedAfter.heapUsed / 1048576, rssMb: collectedAfter.rss / 1048576 },
        cpuMsPerCycle: cpu / cycles,
        msPerCycle: wallMs / cycles,
        linesPerCycle: lines / cycles,
        openSessions: kind === 'ours' ? health?.mcpEndpoint?.activeClients : undefined,
      };
    } catch (error) {
      results[kind] = { label, error: error.message };
      log(`cycles: ${label} FAILED: ${error.message}`);
    } finally {
      await hub?.stop();
    }
  }
  return { cycles, servers, results };
}
