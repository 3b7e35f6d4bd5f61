// Benchmarks this hub (dist/cli.js) against direct stdio and against mcp-hub 4.2.1, and prints
// Markdown for the README on stdout. Progress goes to stderr so stdout stays pasteable.
// Run with `npm run bench` (builds first); see bench/README.md.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureCalls } from './lib/call-bench.mjs';
import { cleanupAll, installExitHandlers } from './lib/children.mjs';
import { catalogueCacheUse, directEverythingCommand, outboundAttempts } from './lib/hubs.mjs';
import { readOptions, USAGE } from './lib/options.mjs';
import { measureReadyTimes } from './lib/ready.mjs';
import { measureInstances } from './lib/instances.mjs';
import { cyclesTable, header, idleRssTable, instancesTable, latencyTable, listTable, notes, readyTable, throughputTable, wakeTable } from './lib/report.mjs';
import { measureCycles, measureIdleRss, measureListing, measureWake } from './lib/scale.mjs';
import { targetsTable } from './lib/targets.mjs';
import { listingModesTable, measureListingModes, measureSearchQuality, searchQualityTable } from './lib/tool-views.mjs';

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function describeMachine() {
  const cpu = cpus();
  return {
    date: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    os: `${type()} ${release()} ${process.arch}`,
    node: process.version,
    load: loadavg()[0].toFixed(2),
    autogroup: readAutogroup(),
  };
}

/** Linux's autogroup scheduling changes how fast many servers boot at once (see lib/hubs.mjs). */
function readAutogroup() {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1' ? 'on' : 'off';
  } catch {
    return undefined;
  }
}

/** Our hub must be the freshly built one; a stale or missing dist/ would measure the wrong code. */
function requireBuiltHub() {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run bench\` (it builds first) or \`npm run build\``);
}

async function main() {
  const { help, quick, settings } = readOptions();
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  requireBuiltHub();
  installExitHandlers();
  const machine = describeMachine();
  const has = (section) => settings.sections.includes(section);
  const sections = [];
  const calls = has('calls') ? await measureCalls(settings, log) : {};
  if (has('calls')) sections.push(latencyTable(calls, settings), throughputTable(calls, settings));
  const ready = has('ready') ? await measureReadyTimes({ sizes: settings.readySizes, runs: settings.readyRuns, budgetMs: settings.readyBudgetS * 1000, log }) : {};
  if (has('ready')) sections.push(readyTable(ready));
  const scale = {};
  if (has('idle')) sections.push(idleRssTable((scale.idle = await measureIdleRss({ count: settings.idleServers, log }))));
  if (has('wake')) sections.push(wakeTable((scale.wake = await measureWake({ runs: settings.wakeRuns, log }))));
  if (has('instances')) sections.push(instancesTable(await measureInstances({ clientCounts: settings.instanceClients, log })));
  if (has('list')) sections.push(listTable((scale.list = await measureListing({ servers: settings.listServers, tools: settings.listTools, rounds: settings.listRounds, log }))));
  if (has('cycles')) sections.push(cyclesTable((scale.cycles = await measureCycles({ cycles: settings.cycles, servers: settings.cycleServers, log }))));
  if (has('tools')) sections.push(listingModesTable(await measureListingModes({ log })), searchQualityTable(await measureSearchQuality({ log })));
  sections.push(targetsTable({ calls, ready, scale }, settings));
  sections.push(notes({ calls, ready, scale, outbound: outboundAttempts(), catalogue: catalogueCacheUse(), ownSession: directEverythingCommand().ownSession }));
  machine.loadAtEnd = loadavg()[0].toFixed(2);
  process.stdout.write(`${[header({ machine, settings, quick }), ...sections].join('\n\n')}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
