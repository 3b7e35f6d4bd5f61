/**
 * Runs the server scenarios of a locally installed @modelcontextprotocol/conformance CLI against
 * an MCP endpoint and reports pass/fail per scenario. Nothing is downloaded: the CLI comes from
 * node_modules and is started with the current Node binary.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { errorMessage } from '../../shared/errors.js';

export interface ConformanceCheck {
  id: string;
  name: string;
  description?: string;
  status: string;
  errorMessage?: string;
  details?: unknown;
}

export interface ScenarioResult {
  passed: boolean;
  /** One line per FAILURE/WARNING check, or why the scenario produced no results. */
  details: string;
  checks: ConformanceCheck[];
}

export interface RunConformanceOptions {
  /** Which installed CLI runs the scenarios; the 0.1.13 one (2025 revisions) unless told. */
  cli?: ConformanceCli;
  /** Defaults to every server scenario the CLI knows (including ones it marks pending). */
  scenarios?: string[];
  /** Per scenario; the CLI process is killed when it runs over. */
  timeoutMs?: number;
  /** CLI processes run at once. */
  concurrency?: number;
}

/** An installed conformance CLI and the Node arguments it needs. */
export interface ConformanceCli {
  entry: string;
  nodeArgs: string[];
  /** Each server scenario the CLI lists, with the spec revisions it is tagged with (none for 0.1.x). */
  serverScenarios: Map<string, string[]>;
}

const requireFromHere = createRequire(import.meta.url);

function parseScenarioList(output: string): Map<string, string[]> {
  const scenarios = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const match = /^\s+-\s+(\S+)(?:\s+\[([^\]]*)\])?\s*$/.exec(line);
    if (match?.[1] !== undefined) scenarios.set(match[1], match[2]?.split(',').map((tag) => tag.trim()) ?? []);
  }
  return scenarios;
}

/** The scenario list is read from the CLI itself, so it follows whatever version is installed. */
function installedCli(packageName: string, nodeArgs: string[] = []): ConformanceCli {
  const entry = join(dirname(requireFromHere.resolve(`${packageName}/package.json`)), 'dist', 'index.js');
  const listing = execFileSync(process.execPath, [...nodeArgs, entry, 'list', '--server'], { encoding: 'utf8' });
  return { entry, nodeArgs, serverScenarios: parseScenarioList(listing) };
}

/** conformance 0.1.13: the 2025-03-26 … 2025-11-25 server scenarios. */
export const CONFORMANCE_2025 = installedCli('@modelcontextprotocol/conformance');
export const SERVER_SCENARIOS: string[] = [...CONFORMANCE_2025.serverScenarios.keys()];

let conformance2026: ConformanceCli | undefined;
/**
 * conformance 0.2.0-alpha.12, the only release with 2026-07-28 scenarios. It imports Node 22's
 * fs.globSync, so on the Node 20 the hub targets it loads only through node20-fs-shim. Listed on
 * first use, so the 2025 suites do not pay for it.
 */
export function conformance2026Cli(): ConformanceCli {
  const shim = pathToFileURL(fileURLToPath(new URL('./node20-fs-shim/register.mjs', import.meta.url))).href;
  conformance2026 ??= installedCli('@modelcontextprotocol/conformance-2026', ['--import', shim]);
  return conformance2026;
}

/** The server scenarios `cli` tags with spec revision `revision`, in the CLI's order. */
export function scenariosOf(cli: ConformanceCli, revision: string): string[] {
  return [...cli.serverScenarios].filter(([, tags]) => tags.includes(revision)).map(([name]) => name);
}

function isCheck(value: unknown): value is ConformanceCheck {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.status === 'string';
}

/**
 * WARNING counts as failing, as in the CLI's own --expected-failures baseline mode: the SHOULD-level
 * checks (priming events, SSE streams) are exactly what a proxy is likely to break.
 */
function summarize(checks: ConformanceCheck[]): ScenarioResult {
  const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
  if (checks.length === 0) return { passed: false, details: 'scenario recorded no checks', checks };
  if (bad.length === 0) {
    const ok = checks.filter((c) => c.status === 'SUCCESS').length;
    return { passed: true, details: `${ok} check(s) succeeded`, checks };
  }
  const details = bad.map((c) => `${c.status} ${c.id}: ${c.errorMessage ?? c.description ?? ''}`.trim()).join('; ');
  return { passed: false, details: truncate(details, 2000), checks };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

async function findChecksFile(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir, { recursive: true });
  const hit = entries.find((e) => e === 'checks.json' || e.endsWith('/checks.json'));
  return hit === undefined ? undefined : join(dir, hit);
}

async function runScenario(cli: ConformanceCli, url: string, scenario: string, outDir: string, timeoutMs: number): Promise<ScenarioResult> {
  await mkdir(outDir, { recursive: true });
  const child = spawn(process.execPath, [...cli.nodeArgs, cli.entry, 'server', '--url', url, '--scenario', scenario, '-o', outDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    // Only the tail matters for diagnosing a crash, and a chatty scenario must not grow memory unboundedly.
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);

  if (timedOut) return { passed: false, details: `timed out after ${timeoutMs} ms; output tail: ${truncate(output.slice(-500), 500)}`, checks: [] };

  const file = await findChecksFile(outDir);
  if (file === undefined) {
    const how = exit.signal !== null ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
    return { passed: false, details: `CLI wrote no checks.json (${how}); output tail: ${output.slice(-500)}`, checks: [] };
  }
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every(isCheck)) {
    return { passed: false, details: `unexpected checks.json format in ${file}`, checks: [] };
  }
  return summarize(parsed);
}

/**
 * One CLI process per scenario: a scenario that hangs (e.g. a proxy swallowing a response) then
 * costs only its own timeout and cannot take the other results down with it.
 */
export async function runConformance(url: string, opts: RunConformanceOptions = {}): Promise<Map<string, ScenarioResult>> {
  const cli = opts.cli ?? CONFORMANCE_2025;
  const scenarios = opts.scenarios ?? [...cli.serverScenarios.keys()];
  const unknown = scenarios.filter((s) => !cli.serverScenarios.has(s));
  if (unknown.length > 0) throw new Error(`Unknown conformance server scenario(s): ${unknown.join(', ')}`);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);

  const root = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
  const results = new Map<string, ScenarioResult>();
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < scenarios.length) {
        const index = next++;
        const scenario = scenarios[index];
        if (scenario === undefined) return;
        let result: ScenarioResult;
        try {
          result = await runScenario(cli, url, scenario, join(root, String(index)), timeoutMs);
        } catch (err) {
          result = { passed: false, details: `runner error: ${errorMessage(err)}`, checks: [] };
        }
        results.set(scenario, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  // Report in the caller's order, not completion order.
  return new Map(scenarios.flatMap((s) => {
    const r = results.get(s);
    return r === undefined ? [] : [[s, r] as const];
  }));
}
