// Markdown output, ready to paste into the README.
import { CALL_PATHS, ROUNDS } from './call-bench.mjs';
import { READY_VARIANTS } from './ready.mjs';

export const TARGETS = { latencyRatio: 1.5, throughputRatio: 0.5, readyRatio: 1.05 };

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function ms(value) {
  return value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : value.toFixed(0);
}

function ratio(value, base) {
  return base > 0 ? `${(value / base).toFixed(2)}x` : 'n/a';
}

function verdict(met, text) {
  return `${text}: ${met ? 'met' : '**missed**'}`;
}

function machineLine(machine, quick) {
  const os = machine.autogroup ? `${machine.os} (autogroup scheduling ${machine.autogroup})` : machine.os;
  const parts = [`Run on ${machine.date}`, `${machine.cpu}, ${machine.cores} cores`, os, `Node ${machine.node}`, `load average ${machine.load} at start`];
  if (quick) parts.push('**--quick smoke run, numbers are not meaningful**');
  return parts.join(' · ');
}

function workloadLine(settings) {
  const ready =
    settings.readyRuns === 1
      ? 'Time to ready: one run per size.'
      : `Time to ready: median of up to ${settings.readyRuns} runs per size (min–max in brackets), fewer once a size's runs took ${settings.readyBudgetS} s.`;
  return [
    `Workload: the \`echo\` tool of server-everything (stdio).`,
    `Latency: ${settings.calls} sequential calls after ${settings.warmup} warm-up calls.`,
    `Throughput: ${settings.concurrentCalls} calls with ${settings.concurrency} in flight at all times.`,
    `One client connection per path; the paths take turns in ${ROUNDS} rounds.`,
    ready,
  ].join(' ');
}

export function header({ machine, settings, quick }) {
  return ['# MCP Hub benchmark', machineLine(machine, quick), workloadLine(settings)].join('\n\n');
}

export function latencyTable(results, settings) {
  const base = results.direct?.latency?.p50;
  const http = results['direct-http']?.latency?.p50;
  const rows = CALL_PATHS.map(({ key, label }) => {
    const latency = results[key]?.latency;
    if (!latency) return [label, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', ''];
    const target = key === 'ours' && base ? verdict(latency.p50 / base <= TARGETS.latencyRatio, `≤ ${TARGETS.latencyRatio}x`) : '';
    const vsHttp = key === 'direct' || !http ? '' : ratio(latency.p50, http);
    return [label, ms(latency.p50), ms(latency.p95), ms(latency.p99), key === 'direct' ? '1.00x' : base ? ratio(latency.p50, base) : 'n/a', vsHttp, target];
  });
  return [
    `## Tool-call latency (concurrency 1, ${settings.calls} calls)`,
    '',
    table(['Path', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs direct', 'vs HTTP, no hub', 'Target'], rows),
  ].join('\n');
}

export function throughputTable(results, settings) {
  const base = results.direct?.throughput?.callsPerSecond;
  const http = results['direct-http']?.throughput?.callsPerSecond;
  const rows = CALL_PATHS.map(({ key, label }) => {
    const rate = results[key]?.throughput?.callsPerSecond;
    if (rate === undefined) return [label, 'n/a', 'n/a', 'n/a', ''];
    const target = key === 'ours' && base ? verdict(rate / base >= TARGETS.throughputRatio, `≥ ${TARGETS.throughputRatio}x`) : '';
    const vsHttp = key === 'direct' || !http ? '' : ratio(rate, http);
    return [label, rate.toFixed(0), key === 'direct' ? '1.00x' : base ? ratio(rate, base) : 'n/a', vsHttp, target];
  });
  return [
    `## Throughput (concurrency ${settings.concurrency}, ${settings.concurrentCalls} calls)`,
    '',
    table(['Path', 'calls/s', 'vs direct', 'vs HTTP, no hub', 'Target'], rows),
  ].join('\n');
}

function readyCell(result) {
  if (result?.median === undefined) return 'n/a';
  return result.min === result.max ? ms(result.median) : `${ms(result.median)} (${ms(result.min)}–${ms(result.max)})`;
}

export function readyTable(results) {
  const [none, ours, theirs] = READY_VARIANTS;
  const rows = Object.entries(results).map(([count, { runs, ...byVariant }]) => {
    const base = byVariant.none?.median;
    const vsBase = (result) => (result?.median !== undefined && base ? ratio(result.median, base) : 'n/a');
    const oursMet = byVariant.ours?.median !== undefined && base ? byVariant.ours.median / base <= TARGETS.readyRatio : undefined;
    return [
      count,
      runs,
      readyCell(byVariant.none),
      readyCell(byVariant.ours),
      vsBase(byVariant.ours),
      oursMet === undefined ? '' : verdict(oursMet, `≤ ${TARGETS.readyRatio}x`),
      readyCell(byVariant['mcp-hub']),
      vsBase(byVariant['mcp-hub']),
    ];
  });
  return [
    '## Time to ready (ms)',
    '',
    table(['Servers', 'Runs', none.label, ours.label, 'vs no hub', 'Target', theirs.label, 'vs no hub'], rows),
  ].join('\n');
}

/** Failures, how mcp-hub was isolated, and what was checked about it. */
export function notes({ calls, ready, outbound, catalogue, ownSession }) {
  const lines = ['## Notes', ''];
  lines.push('- "no hub": the same N server-everything processes spawned by N SDK stdio clients in parallel, timed until all finished initialize + tools/list. The hubs are timed from spawning the hub until `/api/health` shows state `ready` with every server `connected`.');
  if (ownSession) {
    lines.push('- "direct" and "no hub" start each server-everything through `setsid`, in a session of its own, as this hub starts its servers. With Linux autogroup scheduling each session is scheduled as a group, and many servers booting inside one session (as mcp-hub 4.2.1 starts them, and as a plain SDK client would) start markedly more slowly.');
  }
  lines.push(`- This hub listens on 127.0.0.1: ${calls.ours?.binding ?? 'not checked (it did not start)'}.`);
  lines.push(
    '- mcp-hub 4.2.1 ran with a private temporary HOME and XDG dirs, a freshly seeded marketplace cache (so its 1-hour TTL check finds nothing to download), proxy variables pointing at a closed loopback port (for its curl fallback), and a preloaded guard that pins `listen()` to 127.0.0.1 (it has no bind option and otherwise binds all interfaces) and refuses `fetch` to non-loopback hosts.',
  );
  lines.push(`- mcp-hub binding: ${describeMcpHubBinding(calls['mcp-hub']?.binding)}.`);
  lines.push(`- mcp-hub found the seeded catalogue cache fresh in ${catalogue.freshFromCache} of ${catalogue.starts} starts (from its own log).`);
  lines.push(outbound.length === 0 ? '- mcp-hub attempted no outbound request.' : `- mcp-hub attempted outbound requests (blocked): ${outbound.join(', ')}.`);
  for (const { key, label } of CALL_PATHS) if (calls[key]?.error) lines.push(`- Tool calls through ${label}: n/a, ${oneLine(calls[key].error)}`);
  for (const [count, byVariant] of Object.entries(ready)) {
    for (const { key, label } of READY_VARIANTS) {
      if (byVariant[key]?.error) lines.push(`- Time to ready, ${count} server(s), ${label}: n/a, ${oneLine(byVariant[key].error)}`);
    }
  }
  return lines.join('\n');
}

function describeMcpHubBinding(binding) {
  if (!binding) return 'not checked (it did not start)';
  if (!binding.startsWith('ALSO')) return binding;
  return `${binding}; the guard could not confine it to loopback, which is accepted only because mcp-hub 4.2.1 is the reference tool compared against, and only for the length of this run`;
}

function oneLine(message, limit = 400) {
  const line = message.replace(/\s*\n\s*/g, ' / ');
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}
