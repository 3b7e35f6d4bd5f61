// `npm run smoke:desktop`: the desktop app as a user meets it, where Electron can run. With a
// throwaway profile and config (two real MCP servers) it launches the built app through
// Playwright's Electron support, waits for the window and the tray, checks that the hub answers on
// its port and that the window lists the servers, clicks the tray's Quit, and checks that every
// server process is gone.
//
// Exit status: 0 passed; 1 failed (the step is named); 2 did not run, with the reason and the
// command that makes it run (no Electron binary, no display and no xvfb-run, Windows).
// Without a display it reruns itself under `xvfb-run -a` where that exists. As root (containers,
// CI) it passes --no-sandbox, which Electron requires there; the profile is thrown away anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from '@playwright/test';
import { startFacts } from './lib/electron-facts.mjs';
import { alive, descendants } from './lib/process-tree.mjs';
import { binaryProblem } from './lib/start-decision.mjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const UNDER_XVFB = 'MCP_HUB_SMOKE_UNDER_XVFB';

function cannotRun(reason, fix) {
  process.stderr.write(`smoke:desktop did not run: ${reason}.\nTo run it: ${fix}\n`);
  process.exit(2);
}

let step = 'starting';
function say(text) {
  step = text;
  process.stdout.write(`smoke:desktop: ${text}\n`);
}

// Where it can run.
if (process.platform === 'win32') cannotRun('it finds server processes with ps, which Windows does not have', 'run it on Linux or macOS');
const facts = startFacts(ROOT);
const problem = binaryProblem(facts.electron);
if (problem) cannotRun(problem.reason, problem.fix);
if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
  if (facts.xvfbRun && !process.env[UNDER_XVFB]) {
    const rerun = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, [UNDER_XVFB]: '1' } });
    process.exit(rerun.status ?? 1);
  }
  cannotRun('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set) and no xvfb-run', 'sudo apt-get install xvfb && npm run smoke:desktop');
}
if (!existsSync(join(ROOT, 'out/main/main.js'))) cannotRun('the app is not built', 'npm run build && npm run smoke:desktop');

/** A port nothing listens on now, so the smoke hub runs beside the user's own on 37373. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

async function until(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let app;
let serverPids = [];
let failed = false;
const work = await mkdtemp(join(tmpdir(), 'mcp-hub-smoke-'));
// Playwright reports some launch failures as rejections of its own, outside the awaited call.
process.on('unhandledRejection', (error) => {
  process.stderr.write(`smoke:desktop FAILED while ${step}: ${error instanceof Error ? error.message : String(error)}\n`);
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
const servers = {
  memory: join(dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')), 'dist', 'index.js'),
  filesystem: join(dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json')), 'dist', 'index.js'),
};
try {
  say(`throwaway profile and config in ${work}`);
  const xdg = { XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'state'), XDG_DATA_HOME: join(work, 'data'), XDG_CACHE_HOME: join(work, 'cache') };
  await mkdir(join(xdg.XDG_CONFIG_HOME, 'mcp-hub'), { recursive: true });
  await mkdir(join(work, 'files'));
  const config = {
    mcpServers: {
      memory: { command: process.execPath, args: [servers.memory], env: { MEMORY_FILE_PATH: join(work, 'memory.jsonl') } },
      filesystem: { command: process.execPath, args: [servers.filesystem, join(work, 'files')] },
    },
  };
  await writeFile(join(xdg.XDG_CONFIG_HOME, 'mcp-hub', 'mcp.json'), JSON.stringify(config, null, 2));
  const port = await freePort();

  say(`launching ${facts.electron.path} on port ${port}`);
  const isRoot = process.getuid?.() === 0;
  app = await electron.launch({
    executablePath: facts.electron.path,
    args: [ROOT, `--user-data-dir=${join(work, 'profile')}`, ...(isRoot ? ['--no-sandbox'] : [])],
    cwd: ROOT,
    env: { ...process.env, ...xdg, MCP_HUB_PORT: String(port), MCP_HUB_SECRET_FILE: 'forbid' },
    timeout: 60_000,
  });

  say('waiting for the window to list both servers as connected');
  const window = await app.firstWindow({ timeout: 60_000 });
  for (const name of Object.keys(servers)) {
    await window.getByRole('listitem', { name, exact: true }).getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
  }

  say('waiting for the tray and its menu');
  const labels = await until('the tray menu to list both servers', async () => {
    const items = await app.evaluate(() => globalThis.mcpHubDesktop?.trayMenu?.items.map((item) => item.label));
    return items && Object.keys(servers).every((name) => items.some((label) => label.startsWith(`${name} — `))) ? items : undefined;
  });
  if (!labels.includes('Quit MCP Hub')) throw new Error(`the tray menu has no "Quit MCP Hub": ${labels.join(' | ')}`);

  say(`checking that the hub answers on http://127.0.0.1:${port}/`);
  const response = await fetch(`http://127.0.0.1:${port}/api/servers`);
  if (!response.ok) throw new Error(`GET /api/servers answered ${response.status}`);
  const { servers: listed } = await response.json();
  const statuses = Object.fromEntries(listed.map((server) => [server.name, server.status]));
  for (const name of Object.keys(servers)) if (statuses[name] !== 'connected') throw new Error(`the hub says ${name} is ${statuses[name] ?? 'absent'}`);

  say('finding the server processes');
  const electronPid = app.process().pid;
  serverPids = descendants(electronPid)
    .filter((row) => Object.values(servers).some((entry) => row.args.includes(entry)))
    .map((row) => row.pid);
  if (serverPids.length !== 2) throw new Error(`expected 2 server processes below the app (${electronPid}), found ${serverPids.length}`);

  say("clicking the tray's Quit MCP Hub");
  const exited = new Promise((resolve) => app.process().once('exit', () => resolve(true)));
  // The app may be gone before the evaluation answers.
  await app.evaluate(() => globalThis.mcpHubDesktop.trayMenu.items.find((item) => item.label === 'Quit MCP Hub').click()).catch(() => {});
  const timedOut = new Promise((resolve) => setTimeout(() => resolve(false), 30_000).unref());
  if (!(await Promise.race([exited, timedOut]))) throw new Error('the app did not exit within 30 s of Quit');

  say('checking that every server process is gone');
  await until(`server processes ${serverPids.join(', ')} to end`, () => serverPids.every((pid) => !alive(pid)), 10_000);
  say('passed');
} catch (error) {
  failed = true;
  process.stderr.write(`smoke:desktop FAILED while ${step}: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await app?.close().catch(() => {});
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
