// Time to ready: from spawn until every one of N server-everything instances can be used.
import { performance } from 'node:perf_hooks';
import { connectDirect } from './clients.mjs';
import { startHub } from './hubs.mjs';
import { mb, rssKb, treeRss } from './proc.mjs';
import { median } from './stats.mjs';

export const READY_VARIANTS = [
  { key: 'none', label: 'no hub' },
  { key: 'ours', label: 'this hub' },
  { key: 'mcp-hub', label: 'mcp-hub 4.2.1' },
  { key: 'floor', label: 'floor (bare Node relay)' },
];

export function serverNames(count) {
  return Array.from({ length: count }, (_, i) => `s${i + 1}`);
}

/** The baseline: N stdio clients started in parallel, each through initialize and tools/list. */
async function noHubReadyMs(count) {
  const start = performance.now();
  const settled = await Promise.allSettled(
    serverNames(count).map(async () => {
      const connection = await connectDirect();
      await connection.client.listTools();
      return connection;
    }),
  );
  const elapsed = performance.now() - start;
  await Promise.all(settled.filter((s) => s.status === 'fulfilled').map((s) => s.value.close()));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
  return elapsed;
}

/** Time to ready, and the RSS at that moment: of the hub process alone, and with its servers. */
async function hubReady(kind, count) {
  const hub = await startHub(kind, serverNames(count), { timeoutMs: 30000 + count * 5000 });
  const pid = hub.handle.child.pid;
  const rss = { hubMb: mb(rssKb(pid)), treeMb: mb(treeRss(pid).kb) };
  await hub.stop();
  return { ms: hub.readyMs, rss };
}

async function ready(variant, count) {
  return variant === 'none' ? { ms: await noHubReadyMs(count) } : hubReady(variant, count);
}

/**
 * Median ready time per variant and size. The variants take turns within each run so that
 * background load drifting over time hits all of them alike. A size stops repeating once its
 * runs have taken `budgetMs`, so big sizes on slow machines do not stretch the bench to many
 * minutes; a variant that fails once is not tried again at that size.
 */
export async function measureReadyTimes({ sizes, runs, budgetMs, log }) {
  const results = {};
  for (const count of sizes) {
    const samples = Object.fromEntries(READY_VARIANTS.map((v) => [v.key, []]));
    const rss = Object.fromEntries(READY_VARIANTS.map((v) => [v.key, []]));
    const errors = {};
    const startedAt = performance.now();
    let done = 0;
    while (done < runs) {
      done++;
      await runRound(count, `run ${done}/${runs}`, { samples, rss }, errors, log);
      if (done < runs && performance.now() - startedAt > budgetMs) {
        log(`ready: ${count} server(s): ${done} run(s) took over ${Math.round(budgetMs / 1000)} s, not repeating`);
        break;
      }
    }
    const summaries = Object.fromEntries(READY_VARIANTS.map(({ key }) => [key, summarise(samples[key], rss[key], errors[key])]));
    results[count] = { runs: done, ...summaries };
  }
  return results;
}

async function runRound(count, runLabel, { samples, rss }, errors, log) {
  for (const { key, label } of READY_VARIANTS) {
    if (errors[key]) continue;
    try {
      const result = await ready(key, count);
      samples[key].push(result.ms);
      if (result.rss) rss[key].push(result.rss);
      log(`ready: ${count} server(s), ${runLabel}, ${label}: ${result.ms.toFixed(0)} ms`);
    } catch (error) {
      errors[key] = error.message;
      log(`ready: ${count} server(s), ${label} FAILED: ${error.message}`);
    }
  }
}

/** Medians over the runs; `rss` (hub process alone, and with its servers, MB) for the hubs. */
function summarise(samples, rss, error) {
  if (error) return { error };
  const summary = { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
  if (rss.length > 0) summary.rss = { hubMb: median(rss.map((r) => r.hubMb)), treeMb: median(rss.map((r) => r.treeMb)) };
  return summary;
}
