// Settings: defaults sized for a few minutes on a 2-core machine, --quick for a smoke run,
// and BENCH_* environment variables to override either.

const DEFAULTS = { calls: 500, concurrentCalls: 2000, concurrency: 16, warmup: 50, readySizes: [1, 10, 30], readyRuns: 3, readyBudgetS: 40 };
const QUICK = { ...DEFAULTS, calls: 30, concurrentCalls: 100, warmup: 5, readySizes: [2], readyRuns: 1 };

const ENV = {
  calls: 'BENCH_CALLS',
  concurrentCalls: 'BENCH_CONCURRENT_CALLS',
  concurrency: 'BENCH_CONCURRENCY',
  warmup: 'BENCH_WARMUP',
  readySizes: 'BENCH_READY_SIZES',
  readyRuns: 'BENCH_READY_RUNS',
  readyBudgetS: 'BENCH_READY_BUDGET_S',
};

const HELP = {
  calls: 'calls at concurrency 1, for latency',
  concurrentCalls: 'calls at BENCH_CONCURRENCY, for throughput',
  concurrency: 'calls in flight for throughput',
  warmup: 'uncounted calls before each measurement',
  readySizes: 'server counts for time to ready (comma list)',
  readyRuns: 'runs per size and variant (median is shown)',
  readyBudgetS: 'seconds after which a size is not repeated',
};

function usageLine(key) {
  const values = DEFAULTS[key] === QUICK[key] ? `${DEFAULTS[key]}` : `${DEFAULTS[key]} / ${QUICK[key]}`;
  return `  ${ENV[key].padEnd(24)} ${HELP[key].padEnd(46)} [${values}]`;
}

export const USAGE = `Usage: npm run bench [-- --quick]     (or: node bench/run.mjs [--quick] after npm run build)

  --quick   smoke run (about 20 s); its numbers are not meaningful

Environment overrides, [default / --quick value]:
${Object.keys(ENV).map(usageLine).join('\n')}`;

function positiveInteger(name, text, { allowZero = false } = {}) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${text}'`);
  return value;
}

function fromEnv(key, text) {
  const name = ENV[key];
  if (key === 'readySizes') {
    const sizes = text.split(',').filter((part) => part.trim() !== '');
    return sizes.map((part) => positiveInteger(name, part.trim()));
  }
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
