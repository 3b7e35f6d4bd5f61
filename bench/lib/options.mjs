// Settings: defaults sized for a full run on a 2-core machine, --quick for a smoke run of a few
// minutes, and BENCH_* environment variables to override either.

export const SECTIONS = ['calls', 'ready', 'idle', 'wake', 'instances', 'list', 'cycles', 'tools'];

const DEFAULTS = {
  sections: SECTIONS,
  calls: 500,
  concurrentCalls: 2000,
  concurrency: 16,
  warmup: 50,
  readySizes: [1, 10, 30],
  readyRuns: 3,
  readyBudgetS: 40,
  idleServers: 30,
  wakeRuns: 5,
  instanceClients: [1, 4, 8],
  listServers: 100,
  listTools: 50,
  listRounds: 50,
  cycles: 1000,
  cycleServers: 10,
};
const QUICK = {
  ...DEFAULTS,
  calls: 30,
  concurrentCalls: 100,
  warmup: 5,
  readySizes: [2],
  readyRuns: 1,
  idleServers: 10,
  wakeRuns: 3,
  instanceClients: [1, 4],
  listServers: 10,
  listTools: 500,
  listRounds: 10,
  cycles: 200,
  cycleServers: 3,
};

const ENV = {
  sections: 'BENCH_SECTIONS',
  calls: 'BENCH_CALLS',
  concurrentCalls: 'BENCH_CONCURRENT_CALLS',
  concurrency: 'BENCH_CONCURRENCY',
  warmup: 'BENCH_WARMUP',
  readySizes: 'BENCH_READY_SIZES',
  readyRuns: 'BENCH_READY_RUNS',
  readyBudgetS: 'BENCH_READY_BUDGET_S',
  idleServers: 'BENCH_IDLE_SERVERS',
  wakeRuns: 'BENCH_WAKE_RUNS',
  instanceClients: 'BENCH_INSTANCE_CLIENTS',
  listServers: 'BENCH_LIST_SERVERS',
  listTools: 'BENCH_LIST_TOOLS',
  listRounds: 'BENCH_LIST_ROUNDS',
  cycles: 'BENCH_CYCLES',
  cycleServers: 'BENCH_CYCLE_SERVERS',
};

const HELP = {
  sections: 'sections to run (comma list)',
  calls: 'calls at concurrency 1, for latency',
  concurrentCalls: 'calls at BENCH_CONCURRENCY, for throughput',
  concurrency: 'calls in flight for throughput',
  warmup: 'uncounted calls before each measurement',
  readySizes: 'server counts for time to ready (comma list)',
  readyRuns: 'runs per size and variant (median is shown)',
  readyBudgetS: 'seconds after which a size is not repeated',
  idleServers: 'servers for idle memory, lazy vs always-on',
  wakeRuns: 'first calls to a sleeping server (and cold starts)',
  instanceClients: 'client counts for per-client instances (comma list)',
  listServers: 'servers for tools/list at scale',
  listTools: 'tools per server for tools/list at scale',
  listRounds: 'timed full listings per hub',
  cycles: 'connect-list-disconnect cycles per hub',
  cycleServers: 'servers behind the hub for the cycles',
};

function show(value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function usageLine(key) {
  const values = show(DEFAULTS[key]) === show(QUICK[key]) ? show(DEFAULTS[key]) : `${show(DEFAULTS[key])} / ${show(QUICK[key])}`;
  return `  ${ENV[key].padEnd(24)} ${HELP[key].padEnd(50)} [${values}]`;
}

export const USAGE = `Usage: npm run bench [-- --quick]     (or: node bench/run.mjs [--quick] after npm run build)

  --quick   smoke run (about 3 minutes); its numbers are not meaningful

Sections: ${SECTIONS.join(', ')}

Environment overrides, [default / --quick value]:
${Object.keys(ENV).map(usageLine).join('\n')}`;

function positiveInteger(name, text, { allowZero = false } = {}) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${text}'`);
  return value;
}

function commaList(text) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function fromEnv(key, text) {
  const name = ENV[key];
  if (key === 'sections') {
    const sections = commaList(text);
    const unknown = sections.filter((section) => !SECTIONS.includes(section));
    if (unknown.length > 0) throw new Error(`${name}: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
    return sections;
  }
  if (key === 'readySizes' || key === 'instanceClients') return commaList(text).map((part) => positiveInteger(name, part));
  if (key === 'listTools' && Number(text) < 2) throw new Error(`${name} must be at least 2 (the fixture always offers echo and wait), got '${text}'`);
  return positiveInteger(name, text, { allowZero: key === 'warmup' });
}

/** { help, quick, settings } from argv and the environment; throws on anything unknown or invalid. */
export function readOptions(argv = process.argv.slice(2), env = process.env) {
  const unknown = argv.filter((arg) => !['--quick', '--help', '-h'].includes(arg));
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')}\n\n${USAGE}`);
  const quick = argv.includes('--quick');
  const settings = { ...(quick ? QUICK : DEFAULTS) };
  for (const key of Object.keys(ENV)) if (env[ENV[key]]) settings[key] = fromEnv(key, env[ENV[key]]);
  return { help: argv.includes('--help') || argv.includes('-h'), quick, settings };
}
