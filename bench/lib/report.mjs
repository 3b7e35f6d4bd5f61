// Markdown output, ready to paste into the README.
import { CALL_PATHS, ROUNDS } from './call-bench.mjs';
import { READY_VARIANTS } from './ready.mjs';

// The relay's own targets (latency, throughput, CPU, RSS, start-up, tools/list) are the Targets
// table's (targets.mjs); these are the scale work's.
export const TARGETS = { lazyRssRatio: 0.1, wakeRatio: 1.2 };

export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function ms(value) {
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
  const parts = [`Run on ${machine.date}`, `${machine.cpu}, ${machine.cores} cores`, os, `Node ${machine.node}`, `load average ${machine.load} at start, ${machine.loadAtEnd} at the end`];
  if (quick) parts.push('**--quick smoke run, numbers are not meaningful**');
  return parts.join(' · ');
}

function workloadLine(settings) {
  const has = (section) => settings.sections.includes(section);
  const ready =
    settings.readyRuns === 1
      ? 'Time to ready: one run per size.'
      : `Time to ready: median of up to ${settings.readyRuns} runs per size (min–max in brackets), fewer once a size's runs took ${settings.readyBudgetS} s.`;
  return [
    ...(has('calls')
      ? [
          `Tool calls: the \`echo\` tool of server-everything (stdio).`,
          `Latency: ${settings.calls} sequential calls after ${settings.warmup} warm-up calls.`,
          `Throughput: ${settings.concurrentCalls} calls with ${settings.concurrency} in flight at all times.`,
          `One client connection per path (the SDK's, or a bare keep-alive HTTP client); the paths take turns in ${ROUNDS} rounds.`,
        ]
      : []),
    ...(has('ready') ? [ready] : []),
    ...(has('idle') ? [`Idle memory: ${settings.idleServers} server-everything servers, RSS of the hub and all its descendants, median of 3 samples 1 s apart.`] : []),
    ...(has('wake') ? [`Waking: ${settings.wakeRuns} first calls to a sleeping server-everything, and as many cold starts of it.`] : []),
    ...(has('list')
      ? [`tools/list: ${settings.listServers} servers × ${settings.listTools} tools (test/fixtures/tool-server.mjs), ${settings.listRounds} timed listings per hub after 3 untimed.`]
      : []),
    ...(has('instances')
      ? [`Per-client instances: server-memory alone, ${settings.instanceClients.join(', ')} SDK clients over Streamable HTTP making their first tools/call at once, each count on a fresh hub; RSS once settled, median of 3 samples 1 s apart.`]
      : []),
    ...(has('cycles') ? [`Client churn: ${settings.cycles} connect-list-disconnect cycles, one after another, ${settings.cycleServers} server-everything servers behind the hub.`] : []),
  ].join(' ');
}

export function header({ machine, settings, quick }) {
  return ['# MCP Hub benchmark', machineLine(machine, quick), workloadLine(settings)].join('\n\n');
}

const CLIENT_NAMES = { SDK: 'SDK', 'SDK v2': 'SDK v2', bare: 'bare keep-alive' };

/** The same client's path to server-everything's own Streamable HTTP mode: what HTTP costs, no hub (none measured for the v2 client: server-everything speaks 2025-era only). */
function httpBaseKey(client) {
  return client === 'bare' ? 'direct-http-bare' : client === 'SDK' ? 'direct-http' : undefined;
}

export function latencyTable(results, settings) {
  const base = results.direct?.latency?.p50;
  const rows = CALL_PATHS.map(({ key, label, client }) => {
    const latency = results[key]?.latency;
    if (!latency) return [label, CLIENT_NAMES[client], 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    const http = results[httpBaseKey(client)]?.latency?.p50;
    const vsHttp = key === 'direct' || key === httpBaseKey(client) || !http ? '' : ratio(latency.p50, http);
    return [label, CLIENT_NAMES[client], ms(latency.p50), ms(latency.p95), ms(latency.p99), key === 'direct' ? '1.00x' : base ? ratio(latency.p50, base) : 'n/a', vsHttp];
  });
  return [
    `## Tool-call latency (concurrency 1, ${settings.calls} calls)`,
    '',
    table(['Path', 'Client', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs direct (stdio)', 'vs HTTP, no hub, same client'], rows),
  ].join('\n');
}

export function throughputTable(results, settings) {
  const base = results.direct?.throughput?.callsPerSecond;
  // Against mcp-hub with the same kind of client (the bare one costs the hubs less than the SDK's).
  const theirCpu = (client) => results[client === 'bare' ? 'mcp-hub-bare' : 'mcp-hub']?.cpu?.msPerCall;
  const rows = CALL_PATHS.map(({ key, label, client }) => {
    const rate = results[key]?.throughput?.callsPerSecond;
    if (rate === undefined) return [label, CLIENT_NAMES[client], 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    const http = results[httpBaseKey(client)]?.throughput?.callsPerSecond;
    const vsHttp = key === 'direct' || key === httpBaseKey(client) || !http ? '' : ratio(rate, http);
    const cpu = results[key].cpu?.msPerCall;
    const hubTree = key.startsWith('ours') || key.startsWith('mcp-hub') || key.startsWith('floor');
    return [
      label,
      CLIENT_NAMES[client],
      rate.toFixed(0),
      key === 'direct' ? '1.00x' : base ? ratio(rate, base) : 'n/a',
      vsHttp,
      cpu === undefined ? 'n/a' : ms(cpu),
      hubTree && cpu !== undefined && theirCpu(client) ? ratio(cpu, theirCpu(client)) : '',
    ];
  });
  return [
    `## Throughput (concurrency ${settings.concurrency}, ${settings.concurrentCalls} calls)`,
    '',
    table(['Path', 'Client', 'calls/s', 'vs direct (stdio)', 'vs HTTP, no hub, same client', 'CPU ms per call, server side', 'CPU vs mcp-hub'], rows),
    '',
    'CPU: user + system time from `/proc/<pid>/stat` during the throughput runs, divided by the calls: for the hubs, the hub process and all its descendants (its servers); for the direct paths, the server process alone. The client (this bench) is not counted.',
  ].join('\n');
}

function readyCell(result) {
  if (result?.median === undefined) return 'n/a';
  return result.min === result.max ? ms(result.median) : `${ms(result.median)} (${ms(result.min)}–${ms(result.max)})`;
}

/** A hub's RSS at ready: its own process, then with its servers in brackets. */
function readyRssCell(result) {
  return result?.rss ? `${megabytes(result.rss.hubMb)} (${megabytes(result.rss.treeMb)})` : 'n/a';
}

export function readyTable(results) {
  const [none, ours, theirs, floor] = READY_VARIANTS;
  const rows = Object.entries(results).map(([count, { runs, ...byVariant }]) => {
    const base = byVariant.none?.median;
    const vsBase = (result) => (result?.median !== undefined && base ? ratio(result.median, base) : 'n/a');
    return [
      count,
      runs,
      readyCell(byVariant.none),
      readyCell(byVariant.ours),
      vsBase(byVariant.ours),
      readyCell(byVariant['mcp-hub']),
      vsBase(byVariant['mcp-hub']),
      readyCell(byVariant.floor),
      vsBase(byVariant.floor),
      readyRssCell(byVariant.ours),
      readyRssCell(byVariant['mcp-hub']),
      readyRssCell(byVariant.floor),
    ];
  });
  const rssHeader = (variant) => `${variant.label}: RSS MB at ready`;
  return [
    '## Time to ready (ms)',
    '',
    table(['Servers', 'Runs', none.label, ours.label, 'vs no hub', theirs.label, 'vs no hub', floor.label, 'vs no hub', rssHeader(ours), rssHeader(theirs), rssHeader(floor)], rows),
    '',
    'RSS at ready: the hub process alone, read just after the first health answer that shows it ready (median of the runs); in brackets, with its servers.',
    '',
    `${floor.label}: \`bench/lib/floor-hub.mjs\`, what every hub on Node must do before it is ready and nothing else (Node's own start, read the config, spawn the servers, initialize + tools/list each by hand-written JSON-RPC, answer /api/health). No hub on Node starts faster or smaller than that.`,
  ].join('\n');
}

export function megabytes(value) {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function idleRssTable({ count, results }) {
  const base = results.ours?.mb;
  const rows = Object.entries(results).map(([key, result]) => {
    if (result.error) return [result.label, 'n/a', 'n/a', 'n/a', 'n/a', ''];
    const target = key === 'ours-lazy' && base ? verdict(result.mb / base <= TARGETS.lazyRssRatio, `≤ ${TARGETS.lazyRssRatio}x`) : '';
    return [result.label, result.processes, megabytes(result.mb), base ? ratio(result.mb, base) : 'n/a', megabytes(result.hubMb), target];
  });
  return [
    `## Idle memory, ${count} configured servers (whole process tree)`,
    '',
    table(['Hub', 'Processes', 'RSS MB', 'vs this hub, always on', 'Hub process alone, RSS MB', 'Target'], rows),
  ].join('\n');
}

function rangeCell(result) {
  if (!result) return 'n/a';
  return result.min === result.max ? ms(result.median) : `${ms(result.median)} (${ms(result.min)}–${ms(result.max)})`;
}

export function wakeTable({ runs, cold, wake }) {
  const base = cold?.median;
  const rows = [
    ['server-everything cold start, no hub (spawn, initialize, first call)', runs, rangeCell(cold), cold ? '1.00x' : 'n/a', ''],
    [
      'first call to it asleep, through this hub (a session opened before it slept)',
      runs,
      rangeCell(wake),
      wake && base ? ratio(wake.median, base) : 'n/a',
      wake && base ? verdict(wake.median / base <= TARGETS.wakeRatio, `≤ ${TARGETS.wakeRatio}x`) : '',
    ],
  ];
  return ['## First call to a sleeping server (ms)', '', table(['', 'Runs', 'median (min–max)', 'vs cold start', 'Target'], rows)].join('\n');
}

export function listTable({ servers, tools, results }) {
  const rows = Object.entries(results).map(([key, result]) => {
    const label = result.label ?? (key === 'ours' ? 'this hub' : key);
    if (result.error) return [label, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    return [label, result.processes, result.firstPageSize, ms(result.first.p50), ms(result.first.p95), result.pages, `${ms(result.full.p50)} / ${ms(result.full.p95)}`];
  });
  return [
    `## tools/list with ${(servers * tools).toLocaleString('en-US')} tools (${servers} servers × ${tools}), ms`,
    '',
    table(['Hub', 'Processes', 'First page: tools', 'p50', 'p95', 'All tools: requests', 'p50 / p95'], rows),
  ].join('\n');
}

export function cyclesTable({ cycles, servers, results }) {
  const rows = Object.values(results).map((result) => {
    if (result.error) return [result.label, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    const { collectedBefore: before, collectedAfter: after } = result;
    return [
      result.label,
      [result.rssBeforeMb, result.rssHalfMb, result.rssAfterMb].map(megabytes).join(' → '),
      `${megabytes(before.rssMb)} → ${megabytes(after.rssMb)}`,
      `${before.heapMb.toFixed(1)} → ${after.heapMb.toFixed(1)}`,
      ms(result.cpuMsPerCycle),
      result.linesPerCycle.toFixed(1),
      ms(result.msPerCycle),
      result.openSessions ?? 'n/a',
    ];
  });
  return [
    `## ${cycles} client connect-list-disconnect cycles (${servers} servers behind the hub)`,
    '',
    table(
      ['Hub', 'Hub RSS MB: before → halfway → after', 'After a full GC: RSS MB', 'live heap MB', 'Hub CPU ms per cycle', 'Log lines per cycle', 'Wall ms per cycle', 'Sessions left open'],
      rows,
    ),
  ].join('\n');
}

/** Failures, how mcp-hub was isolated, and what was checked about it. */
export function instancesTable({ rows }) {
  const shared = (clients) => rows.find((row) => row.mode === 'shared' && row.clients === clients && !row.error);
  const body = rows.map((row) => {
    if (row.error) return [row.mode, row.clients, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    const base = shared(row.clients);
    const firstCall = row.firstCall.median === row.firstCall.max ? ms(row.firstCall.median) : `${ms(row.firstCall.median)} (max ${ms(row.firstCall.max)})`;
    return [
      `\`${row.mode}\``,
      row.clients,
      row.mode === 'shared' ? 1 : row.instances,
      row.after.processes,
      megabytes(row.after.mb),
      megabytes(row.after.mb - row.before.mb),
      base ? ratio(row.after.mb, base.after.mb) : 'n/a',
      firstCall,
    ];
  });
  return [
    '## Per-client instances: one server-memory, N clients (whole process tree)',
    '',
    table(['`isolation`', 'Clients', 'Server processes', 'Processes in tree', 'RSS MB', 'RSS added by the clients, MB', 'RSS vs shared', 'First call ms, median (max)'], body),
  ].join('\n');
}

export function notes({ calls = {}, ready = {}, scale = {}, outbound, catalogue, ownSession }) {
  const lines = ['## Notes', ''];
  if (Object.keys(ready).length > 0) {
    lines.push('- "no hub": the same N server-everything processes spawned by N SDK stdio clients in parallel, timed until all finished initialize + tools/list. The hubs are timed from spawning the hub until `/api/health` shows state `ready` with every server `connected`.');
  }
  if (ownSession) {
    lines.push('- "direct" and "no hub" start each server-everything through `setsid`, in a session of its own, as this hub starts its servers. With Linux autogroup scheduling each session is scheduled as a group, and many servers booting inside one session (as mcp-hub 4.2.1 starts them, and as a plain SDK client would) start markedly more slowly.');
  }
  if (scale.idle) lines.push('- Idle memory, lazy: the second start of a hub whose config file says `"lazy": true` at the top level; the first start learned every server\'s catalog and saved it. Every server is `sleeping`: listed on `/mcp`, no process.');
  if (scale.wake) lines.push('- Waking includes what the hub does before it forwards the call: spawning the server, initialize, and re-reading its four lists (tools, resources, templates, prompts) to notice a changed catalog.');
  if (scale.list) {
    lines.push('- tools/list: this hub answers a list whole, in one response, unless its `pageSize` option is set; "All tools" follows `nextCursor` to the end where there is one. mcp-hub 4.2.1 answers with every tool at once too, over its legacy SSE transport (this hub serves that transport too: the "legacy SSE" row). Latency is what an SDK client sees, its own parsing and validation included.');
    for (const [key, result] of Object.entries(scale.list.results)) if (result.error) lines.push(`- tools/list, ${result.label ?? key}: n/a, ${oneLine(result.error)}`);
  }
  if (scale.cycles) {
    lines.push(
      '- Cycles: CPU time and RSS of the hub process itself (from /proc), not its servers; "before" is after 20 warm-up cycles, "after" 5 s after the last cycle. V8 grows its heap lazily, the more so in a busy process, so RSS alone does not tell kept memory from garbage not yet collected: both hubs run with a preloaded probe (`bench/lib/gc-probe.mjs`, `--expose-gc`) that, before and after the cycles, runs a full collection and reports RSS and the live heap. Log lines: everything the hub wrote on stdout and stderr during the cycles (info level, the default of both).',
    );
    for (const result of Object.values(scale.cycles.results)) if (result.error) lines.push(`- Cycles, ${result.label}: n/a, ${oneLine(result.error)}`);
  }
  for (const result of Object.values(scale.idle?.results ?? {})) if (result.error) lines.push(`- Idle memory, ${result.label}: n/a, ${oneLine(result.error)}`);
  if (scale.wake?.error) lines.push(`- Waking: n/a, ${oneLine(scale.wake.error)}`);
  if (calls.ours) lines.push(`- This hub listens on 127.0.0.1: ${calls.ours.binding ?? 'not checked (it did not start)'}.`);
  if (catalogue.starts > 0) {
    lines.push(
      '- mcp-hub 4.2.1 ran with a private temporary HOME and XDG dirs, a freshly seeded marketplace cache (so its 1-hour TTL check finds nothing to download), proxy variables pointing at a closed loopback port (for its curl fallback), and a preloaded guard that pins `listen()` to 127.0.0.1 (it has no bind option and otherwise binds all interfaces) and refuses `fetch` to non-loopback hosts.',
    );
    if (calls['mcp-hub']) lines.push(`- mcp-hub binding: ${describeMcpHubBinding(calls['mcp-hub'].binding)}.`);
    lines.push(`- mcp-hub found the seeded catalogue cache fresh in ${catalogue.freshFromCache} of ${catalogue.starts} starts (from its own log).`);
    lines.push(outbound.length === 0 ? '- mcp-hub attempted no outbound request.' : `- mcp-hub attempted outbound requests (blocked): ${outbound.join(', ')}.`);
  }
  for (const { key, label, client } of CALL_PATHS) if (calls[key]?.error) lines.push(`- Tool calls through ${label}, ${client} client: n/a, ${oneLine(calls[key].error)}`);
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
