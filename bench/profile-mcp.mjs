// Where a tool call's time goes inside the hub: runs the built hub (dist/cli.js) under --cpu-prof
// with server-everything behind it, makes CALLS sequential `tools/call echo` requests on /mcp with
// a bare keep-alive HTTP client (no SDK client cost), and prints the p50 and the profile's top
// frames by self time, and by package. `npm run build` first; `node bench/profile-mcp.mjs [calls]
// [--modern]` (--modern: as a 2026-07-28 client, no session).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { openBareModern, openBareSession } from './lib/bare-session.mjs';
import { EVERYTHING } from './lib/hubs.mjs';
import { freePort } from './lib/children.mjs';

const MODERN = process.argv.includes('--modern');
const CALLS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 3000);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mcp-hub-profile-'));
const config = join(dir, 'mcp.json');
writeFileSync(config, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }));
const port = await freePort();
const env = { ...process.env, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_DATA_HOME: join(dir, 'data') };
let session;
const hub = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, '--port', String(port), '--config', config, '--log-level', 'warn'], { env, stdio: 'ignore' });

async function ready() {
  for (let i = 0; i < 200; i++) {
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.json(), () => undefined);
    if (health?.state === 'ready' && health.servers?.[0]?.status === 'connected') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the hub did not get ready');
}

try {
  await ready();
  session = await (MODERN ? openBareModern : openBareSession)(`http://127.0.0.1:${port}/mcp`, { clientName: 'profile' });
  const times = [];
  for (let id = 1; id <= CALLS; id++) {
    const started = performance.now();
    const result = await session.request('tools/call', { name: 'everything__echo', arguments: { message: 'x' } });
    times.push(performance.now() - started);
    if (result.content?.[0]?.text !== 'Echo: x') throw new Error(`unexpected answer: ${JSON.stringify(result).slice(0, 200)}`);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${CALLS} calls, bare keep-alive client${MODERN ? ' at 2026-07-28' : ''}: p50 ${times[Math.floor(CALLS / 2)].toFixed(2)} ms, p95 ${times[Math.floor(CALLS * 0.95)].toFixed(2)} ms\n\n`);
} finally {
  await session?.close();
  hub.kill('SIGTERM');
  await new Promise((resolve) => hub.once('exit', resolve));
}

const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('the hub wrote no profile');
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
rmSync(dir, { recursive: true, force: true });

// Self time per node: its samples times the mean sampling interval.
const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
const hits = new Map();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const byFrame = new Map();
const byPackage = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = (hits.get(node.id) ?? 0) * interval;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') {
    byPackage.set(functionName, (byPackage.get(functionName) ?? 0) + ms);
    if (functionName !== '(idle)') total += ms;
    continue;
  }
  total += ms;
  const where = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
  const frame = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFrame.set(frame, (byFrame.get(frame) ?? 0) + ms);
  const pkg = url.includes('node_modules/') ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : url.startsWith('node:') || url === '' ? 'node (built-in)' : 'hub (dist/cli.js)';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
}
const rows = (map, count) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `| ${name.replaceAll('|', '\\|')} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)} % |`)
    .join('\n');
process.stdout.write(`Busy CPU in the hub process: ${total.toFixed(0)} ms (${(total / CALLS).toFixed(2)} ms per call)\n\n| Package | self ms | of busy |\n| --- | --- | --- |\n${rows(byPackage, 12)}\n\n`);
process.stdout.write(`| Frame | self ms | of busy |\n| --- | --- | --- |\n${rows(byFrame, 25)}\n`);

// The native frames at the top say little alone: who calls them, by the nearest caller with a source.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
const nativeTop = [...byFrame].filter(([name]) => name.endsWith(' :0')).sort((a, b) => b[1] - a[1]).slice(0, 3);
for (const [name] of nativeTop) {
  const callers = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (`${functionName || '(anonymous)'} ${url}:${lineNumber + 1}` !== name) continue;
    let caller = parent.get(node.id);
    const chain = [];
    // Up to the first two callers in the hub's own bundle (or its dependencies in it).
    while (caller && chain.length < 2) {
      if (caller.callFrame.url.includes('dist/cli.js')) chain.push(`${caller.callFrame.functionName || '(anonymous)'}:${caller.callFrame.lineNumber + 1}`);
      caller = parent.get(caller.id);
    }
    const key = chain.join(' ← ');
    callers.set(key, (callers.get(key) ?? 0) + (hits.get(node.id) ?? 0) * interval);
  }
  process.stdout.write(`\nCallers of ${name}:\n${rows(callers, 4)}\n`);
}
