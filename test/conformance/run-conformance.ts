/**
 * Runs the server scenarios of the locally installed @modelcontextprotocol/conformance CLI against
 * an MCP endpoint and reports pass/fail per scenario. Nothing is downloaded: the CLI comes from
 * node_modules and is started with the current Node binary.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  /** Defaults to every server scenario the CLI knows (including ones it marks pending). */
  scenarios?: string[];
  /** Per scenario; the CLI process is killed when it runs over. */
  timeoutMs?: number;
  /** CLI processes run at once. */
  concurrency?: number;
}

const requireFromHere = createRequire(import.meta.url);
export const CONFORMANCE_CLI = join(dirname(requireFromHere.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

function parseScenarioList(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^\s+-\s+(\S+)\s*$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Read from the CLI itself so the list follows whatever conformance version is installed. */
export const SERVER_SCENARIOS: string[] = parseScenarioList(
  execFileSync(process.execPath, [CONFORMANCE_CLI, 'list', '--server'], { encoding: 'utf8' }),
);

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

async function runScenario(url: string, scenario: string, outDir: string, timeoutMs: number): Promise<ScenarioResult> {
  await mkdir(outDir, { recursive: true });
  const child = spawn(process.execPath, [CONFORMANCE_CLI, 'server', '--url', url, '--scenario', scenario, '-o', outDir], {
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
  const scenarios = opts.scenarios ?? SERVER_SCENARIOS;
  const unknown = scenarios.filter((s) => !SERVER_SCENARIOS.includes(s));
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
          result = await runScenario(url, scenario, join(root, String(index)), timeoutMs);
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
