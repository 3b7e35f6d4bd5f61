// Starting the two hubs under test, and the floor any hub on Node stands on (floor-hub.mjs), each
// in a private HOME, and waiting until they are ready.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, makeTempDir, onCleanup, removeDir, spawnGroup } from './children.mjs';
import { BLOCKED_MARKER, GC_PROBE_MARKER } from './guard-marker.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const EVERYTHING = join(REPO, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const OUR_CLI = join(REPO, 'dist/cli.js');
const FLOOR_HUB = join(REPO, 'bench/lib/floor-hub.mjs');
const MCP_HUB_CLI = join(REPO, 'node_modules/mcp-hub/dist/cli.js');
const GUARD = pathToFileURL(join(REPO, 'bench/lib/mcp-hub-guard.mjs')).href;
const GC_PROBE = pathToFileURL(join(REPO, 'bench/lib/gc-probe.mjs')).href;

// Port 9 (discard) on loopback has nothing listening: a proxy there makes curl fail at once.
const DEAD_PROXY = 'http://127.0.0.1:9';
const POLL_MS = 10;
const blockedRequests = [];
const catalogue = { starts: 0, freshFromCache: 0 };

/** Outbound requests any mcp-hub tried during this run (the guard refused them). */
export function outboundAttempts() {
  return [...new Set(blockedRequests)];
}

/** How many mcp-hub starts found the seeded catalogue cache fresh (its own debug log says so). */
export function catalogueCacheUse() {
  return { ...catalogue };
}

function watchMcpHubLine(line) {
  if (line.startsWith(BLOCKED_MARKER)) blockedRequests.push(line.slice(BLOCKED_MARKER.length + 1));
  else if (line.includes('"Loaded marketplace cache"') && line.includes('"isFresh":true')) catalogue.freshFromCache++;
}

/** The command line that starts one server-everything over stdio. */
export function everythingCommand() {
  return { command: process.execPath, args: [EVERYTHING, 'stdio'] };
}

const SETSID = process.platform === 'linux' ? ['/usr/bin/setsid', '/bin/setsid'].find((file) => existsSync(file)) : undefined;

/**
 * server-everything for the no-hub baselines, in a session of its own where setsid exists, as this
 * hub starts its servers (spawn with detached). On Linux with autogroup scheduling every session
 * is scheduled as one group, and 30 servers booting inside the bench's own session start up to
 * twice as slowly as 30 in separate sessions; the baseline must not be handicapped by that.
 */
export function directEverythingCommand() {
  const { command, args } = everythingCommand();
  return SETSID ? { command: SETSID, args: [command, ...args], ownSession: true } : { command, args, ownSession: false };
}

/**
 * The hubs' config: `entry(name)` for each name (server-everything by default), and `fileSettings`
 * at the top level (this hub's `lazy` / `idleTimeout`; mcp-hub ignores unknown top-level keys).
 */
function writeConfig(home, names, { entry = everythingCommand, fileSettings = {} } = {}) {
  const file = join(home, 'mcp-servers.json');
  const mcpServers = Object.fromEntries(names.map((name) => [name, entry(name)]));
  writeFileSync(file, JSON.stringify({ ...fileSettings, mcpServers }, null, 2));
  return file;
}

/** A throwaway HOME with XDG dirs inside it, so neither hub reads or writes the user's files. */
export function isolatedHome(prefix) {
  const home = makeTempDir(prefix);
  const xdg = {
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_STATE_HOME: join(home, '.local/state'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true });
  const env = { ...process.env, HOME: home, ...xdg };
  // A token or extra env meant for the user's own hub must not change what is measured.
  for (const key of Object.keys(env)) if (key.startsWith('MCP_HUB_')) delete env[key];
  return { home, env };
}

/**
 * mcp-hub fetches its catalogue at start unless its cache is younger than its 1-hour TTL and lists
 * at least one server (isCatalogValid in its marketplace.js), so the cache gets one placeholder.
 */
function seedMarketplaceCache(env) {
  const file = join(env.XDG_DATA_HOME, 'mcp-hub', 'cache', 'registry.json');
  mkdirSync(dirname(file), { recursive: true });
  const placeholder = {
    id: 'bench-placeholder',
    name: 'Bench placeholder',
    description: 'Seeded by bench/run.mjs so mcp-hub does not download its catalogue.',
    author: 'bench',
    url: 'https://example.invalid/bench',
    category: 'other',
    tags: [],
    transports: ['stdio'],
    installations: [],
    featured: false,
    verified: false,
  };
  const registry = { version: 'bench', generatedAt: Date.now(), totalServers: 1, servers: [placeholder] };
  writeFileSync(file, JSON.stringify({ registry, lastFetchedAt: Date.now(), serverDocumentation: {} }));
}

/** Everything needed to launch a hub, prepared before the clock starts. */
async function prepare(kind, names, { isolated, gcProbe, ...configOptions }) {
  const port = await freePort();
  const { home, env } = isolated ?? isolatedHome(`bench-${kind}-`);
  const config = writeConfig(home, names, configOptions);
  const ownHome = !isolated;
  const probe = gcProbe ? ['--expose-gc', '--import', GC_PROBE] : [];
  if (kind === 'ours') return { kind, port, home, env, ownHome, command: [...probe, OUR_CLI, '--port', String(port), '--config', config] };
  if (kind === 'floor') return { kind, port, home, env, ownHome, command: [FLOOR_HUB, '--port', String(port), '--config', config] };
  seedMarketplaceCache(env);
  const proxies = ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'all_proxy'];
  for (const key of proxies) env[key] = DEAD_PROXY;
  env.NO_PROXY = env.no_proxy = '127.0.0.1,localhost';
  return { kind, port, home, env, ownHome, command: [...probe, '--import', GUARD, MCP_HUB_CLI, '--port', String(port), '--config', config] };
}

function launch(prepared) {
  if (prepared.kind === 'mcp-hub') catalogue.starts++;
  const handle = spawnGroup(process.execPath, prepared.command, {
    env: prepared.env,
    cwd: prepared.home,
    onLine: prepared.kind === 'mcp-hub' ? watchMcpHubLine : undefined,
  });
  const stop = async () => {
    unregister();
    await handle.stop();
    if (prepared.ownHome) removeDir(prepared.home);
  };
  const unregister = onCleanup(stop);
  return {
    ...prepared,
    handle,
    stop,
    baseUrl: `http://127.0.0.1:${prepared.port}`,
    mcpUrl: `http://127.0.0.1:${prepared.port}/mcp`,
  };
}

/**
 * Starts a hub ('ours', 'mcp-hub' or 'floor') serving server-everything (or `entry(name)`) under
 * each of `names`; resolves once /api/health shows it ready with every server in one of
 * `readyStatuses` (connected; sleeping too for lazy servers). startedAt is taken just before the
 * spawn, readyAt at the first health answer that shows it ready. `isolated` reuses a HOME from isolatedHome() (and
 * leaves it in place), so a second start finds what the first one saved.
 */
export async function startHub(kind, names, { timeoutMs = 60000, readyStatuses = ['connected'], isolated, entry, fileSettings, gcProbe } = {}) {
  const prepared = await prepare(kind, names, { isolated, entry, fileSettings, gcProbe });
  const startedAt = performance.now();
  const hub = launch(prepared);
  try {
    await hub.handle.spawned;
    await waitUntilReady(hub, names.length, timeoutMs, readyStatuses);
  } catch (error) {
    await hub.stop();
    throw error;
  }
  hub.readyMs = performance.now() - startedAt;
  return hub;
}

async function waitUntilReady(hub, expected, timeoutMs, readyStatuses) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (hub.handle.hasExited()) throw new Error(`exited before it was ready${lastLines(hub.handle.output())}`);
    const health = await readHealth(hub.baseUrl);
    if (health && isReady(health, expected, readyStatuses)) return;
    if (performance.now() > deadline) {
      throw new Error(`not ready after ${timeoutMs} ms (last /api/health: ${summarise(health)})${lastLines(hub.handle.output())}`);
    }
    await delay(POLL_MS);
  }
}

/** Ready means: state 'ready' and every configured server connected (or sleeping). Failed servers fail fast. */
function isReady(health, expected, readyStatuses) {
  const servers = health.servers ?? [];
  const connected = servers.filter((server) => readyStatuses.includes(server.status)).length;
  if (health.state === 'ready' && connected < expected) throw new Error(`ready, but ${summarise(health)}`);
  return health.state === 'ready' && connected === expected;
}

/** For a hub started with `gcProbe`: a full collection in it, then its live heap and RSS in bytes. */
export async function collectGarbage(hub) {
  const line = hub.handle.nextLine((text) => text.startsWith(GC_PROBE_MARKER));
  process.kill(hub.handle.child.pid, 'SIGUSR2');
  return JSON.parse((await line).slice(GC_PROBE_MARKER.length + 1));
}

/** Polls /api/health until every server has `status` (a lazy hub's servers going to sleep). */
export async function waitForStatus(hub, status, timeoutMs = 60000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const health = await readHealth(hub.baseUrl);
    if (health?.servers?.length && health.servers.every((server) => server.status === status)) return;
    if (performance.now() > deadline) throw new Error(`not all ${status} after ${timeoutMs} ms (last /api/health: ${summarise(health)})`);
    await delay(50);
  }
}

/**
 * The hub's health in its full view: without the header this hub answers as mcp-hub v4 would (a
 * sleeping server reads as `connected`); mcp-hub 4.2.1 ignores the header.
 */
export async function readHealth(baseUrl) {
  try {
    const response = await globalThis.fetch(`${baseUrl}/api/health`, { headers: { 'X-MCP-Hub-View': 'full' } });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined; // not listening yet
  }
}

function summarise(health) {
  if (!health) return 'no answer';
  const statuses = (health.servers ?? []).map((server) => `${server.name}=${server.status}`);
  return `state ${health.state}; ${statuses.join(', ') || 'no servers'}`;
}

function lastLines(output, count = 15) {
  const lines = output.trim().split('\n').slice(-count);
  return lines.length && lines[0] ? `\n  last output:\n    ${lines.join('\n    ')}` : '';
}

/** Whether a port listens on loopback only, as a sentence for the report. */
export async function describeBinding(port) {
  // Read the kernel's table of listening sockets rather than probing another address: no traffic
  // leaves loopback, not even to this machine's own interfaces.
  let table;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8') + readFileSync('/proc/net/tcp6', 'utf8');
  } catch {
    return 'not checked (no /proc/net/tcp on this system)';
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const listening = table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`))
    .map((fields) => fields[1].split(':')[0]);
  if (listening.length === 0) return `not checked (port ${port} not found listening)`;
  const loopback = new Set(['0100007F', '00000000000000000000000001000000']);
  return listening.every((address) => loopback.has(address))
    ? 'loopback only (127.0.0.1, from /proc/net/tcp)'
    : `ALSO reachable beyond loopback (listening address ${listening.join(', ')})`;
}

/**
 * server-everything in its own Streamable HTTP mode, with no hub: what an HTTP client pays for the
 * transport itself. It listens on every interface by itself, so the test preload pins it to
 * 127.0.0.1 and reports the port it got.
 */
export async function startEverythingHttp({ timeoutMs = 30000 } = {}) {
  const preload = join(REPO, 'test/fixtures/loopback-only.mjs');
  let resolvePort;
  const port = new Promise((resolve) => (resolvePort = resolve));
  const handle = spawnGroup(process.execPath, ['--import', preload, EVERYTHING, 'streamableHttp'], {
    env: { ...process.env, PORT: '0' },
    onLine: (line) => {
      const match = /LOOPBACK_PORT (\d+)/.exec(line);
      if (match) resolvePort(Number(match[1]));
    },
  });
  const timer = setTimeout(() => resolvePort(undefined), timeoutMs);
  const found = await Promise.race([port, handle.exited.then(() => undefined)]);
  clearTimeout(timer);
  if (!found) {
    await handle.stop();
    throw new Error(`server-everything (streamableHttp) did not start: ${handle.output().slice(-300)}`);
  }
  return { url: `http://127.0.0.1:${found}/mcp`, port: found, pid: handle.child.pid, handle, stop: () => handle.stop() };
}
