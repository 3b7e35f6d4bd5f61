#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { API_VERSION, HUB_VERSION } from '../shared/version.js';
import { startEarlyServers } from './hub/prespawn/start-early.js';
import { PROCESS_TAG_VARIABLE } from './hub/processes/process-tag.js';

// The hub and the stdio bridge are loaded when their command runs (dist/cli.js is split into
// chunks): MCP clients start a bridge for every session, and it needs none of the hub's code.

const HELP = `mcp-hub ${HUB_VERSION} — one MCP endpoint for all your MCP servers

Usage: mcp-hub [serve] [options]
       mcp-hub stdio [--port <port>] [--profile <name>] [--config <file>…] [--workspace <dir>]

  serve   run the hub (the default)
  stdio   for MCP clients that only start stdio servers: relays stdin/stdout to the hub's
          /mcp (or a profile's /profiles/<name>/mcp with --profile), starting the hub
          (with the given --config files) if none answers on --port

Options:
  -p, --port <port>        port to listen on (default 37373; 0 picks a free one)
  -c, --config <file>      config file; repeat to merge several, later ones win
                           (default ~/.config/mcp-hub/mcp.json, created if missing)
      --workspace <dir>    a project folder: its .vscode/mcp.json, .cursor/mcp.json
                           and .mcp-hub.json are listed next to your servers, but
                           run only once you trust the folder (the Servers page)
      --trust-workspace    trust the --workspace folder's files as they are now
  -w, --watch              apply config file changes while running (only changed
                           servers restart; a broken file is reported and ignored)
      --host <address>     address to listen on (default 127.0.0.1); anything
                           beyond loopback requires an API token
      --api-token-file <file>  require "Authorization: Bearer <token>" on /mcp and
                           /api, the token read from the file (or set MCP_HUB_API_TOKEN;
                           --api-token <token> works too, but shows in ps)
      --lazy               start servers on their first request and stop them when
                           idle (a server's "lazy": false keeps it running)
      --idle-timeout <s>   seconds a lazy server may idle before it sleeps (default 600)
      --auto-shutdown      exit once no client (of /mcp or /api/events) has been
                           connected for --shutdown-delay ms; a hub no client reaches
                           within max(delay, 60 s) exits too
      --shutdown-delay <ms>  default 0
      --log-level <level>  trace, debug, info, warn, error (default info)
  -v, --version            print the mcp-hub API version this hub implements (${API_VERSION}),
                           which is what mcp-hub v4's clients (mcphub.nvim) check
      --app-version        print this app's own version
  -h, --help               print this help

Clients connect to http://<host>:<port>/mcp (Streamable HTTP, or legacy SSE),
or to http://<host>:<port>/mcp/<server> for one server under its own names.`;


function fail(message: string): never {
  process.stderr.write(`mcp-hub: ${message}\n`);
  process.exit(1);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        config: { type: 'string', short: 'c', multiple: true },
        host: { type: 'string' },
        'api-token': { type: 'string' },
        'api-token-file': { type: 'string' },
        'log-level': { type: 'string' },
        watch: { type: 'boolean', short: 'w' },
        'auto-shutdown': { type: 'boolean' },
        'shutdown-delay': { type: 'string' },
        lazy: { type: 'boolean' },
        'idle-timeout': { type: 'string' },
        workspace: { type: 'string' },
        profile: { type: 'string' },
        'trust-workspace': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        'app-version': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\nRun mcp-hub --help for the options.`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parse();
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${API_VERSION}\n`);
    return;
  }
  if (values['app-version']) {
    process.stdout.write(`${HUB_VERSION}\n`);
    return;
  }
  const command = positionals[0] ?? 'serve';
  if (!['serve', 'stdio'].includes(command) || positionals.length > 1) fail(`unknown command '${positionals.join(' ')}'. Run mcp-hub --help.`);
  const shutdownDelay = values['shutdown-delay'] === undefined ? 0 : Number(values['shutdown-delay']);
  if (!Number.isInteger(shutdownDelay) || shutdownDelay < 0) fail(`--shutdown-delay must be a number of milliseconds, got '${values['shutdown-delay']}'`);

  const idleTimeoutS = values['idle-timeout'] === undefined ? undefined : Number(values['idle-timeout']);
  if (idleTimeoutS !== undefined && !(idleTimeoutS > 0)) fail(`--idle-timeout must be a positive number of seconds, got '${values['idle-timeout']}'`);
  const port = values.port === undefined ? 37373 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, got '${values.port}'`);
  const apiToken = await readApiToken(values['api-token'], values['api-token-file']);
  const host = values.host ?? '127.0.0.1';
  if (values.profile !== undefined && command !== 'stdio') fail('--profile is an option of mcp-hub stdio; profiles are defined in the config file');
  if (command === 'stdio') return bridge({ host, port, apiToken, configFiles: values.config ?? [], workspace: values.workspace, profile: values.profile });

  // The servers boot (a few hundred ms each) while the hub's code loads; the hub takes them over.
  const early = startEarlyServers({ configFiles: values.config ?? [], lazy: values.lazy === true, workspace: values.workspace, env: process.env });

  // V8 doubles its young generation (up to 2 × 16 MB) after every scavenge in which most objects
  // survive, as nearly all do while the hub loads its code and its servers' catalogs, and those
  // pages stay resident: 13–19 MB of the hub's RSS at 30 servers. A relay's garbage is short-lived,
  // so the starting size serves it (bench: same CPU per call). Set before the hub's code loads.
  setFlagsFromString('--semi-space-growth-factor=1');
  const [{ HubApp }, { machineHubOptions }, { loginInstructions }] = await Promise.all([
    import('./hub/compose.js'),
    import('./hub/machine-options.js'),
    import('./hub/auth/login-instructions.js'),
  ]);
  let shutdown: (reason: string) => void = () => {};
  const uiDir = builtUiDir();
  const { options, logger, createdConfigFile } = await machineHubOptions({
    port,
    host,
    apiToken,
    logLevel: values['log-level'],
    configFiles: values.config ?? [],
    watch: values.watch === true,
    uiDir,
    workspace: values.workspace,
    trustWorkspace: values['trust-workspace'] === true,
    lazy: values.lazy === true,
    idleTimeoutS,
    // Clients this hub connects run its stdio bridge with the same node and bundle.
    bridge: { command: process.execPath, args: [fileURLToPath(import.meta.url)] },
  });
  early?.useLog(logger);
  if (createdConfigFile) process.stderr.write(`mcp-hub: created ${createdConfigFile}\n`);
  const hub = new HubApp({
    ...options,
    ...(early && { processes: early.processes, early: early.servers }),
    ...(values['auto-shutdown'] && { autoShutdown: { delayMs: shutdownDelay, onShutdown: () => shutdown('auto-shutdown') } }),
    // mcp-hub v4's hard restart: exit cleanly and let whoever started us start a fresh process.
    onHardRestart: () => shutdown('hard-restart'),
  });
  const client = hub.service.client();
  client.subscribe((event) => {
    if (event.type === 'server_status' && event.data.status === 'unauthorized' && event.data.authorizationUrl) {
      process.stderr.write(loginInstructions(event.data.server, event.data.authorizationUrl, hub.url, { apiToken: apiToken !== undefined }));
    }
  });

  let stopping = false;
  shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    hub
      .stop()
      .catch((error: unknown) => logger.error({ err: String(error) }, 'error while stopping'))
      .finally(() => logger.flush(() => process.exit(0)));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Whatever happens, no server process outlives the hub.
  process.on('exit', () => hub.killNow());

  try {
    await hub.start();
  } catch (error) {
    await hub.stop().catch(() => {});
    // A broken config file, a busy port or a bad MCP_HUB_ENV: the message says what and where.
    if (error instanceof Error) fail(error.message);
    throw error;
  }
  process.stderr.write(`mcp-hub: listening on ${hub.url}/mcp\n`);
  process.stderr.write(uiDir ? `mcp-hub: UI at ${hub.url}/\n` : 'mcp-hub: no UI (run `npm run build` to build it)\n');
  await hub.whenReady();
  // Every server has been started once: a process started early and not taken over is not needed.
  if (early) logger.info({ taken: early.servers.taken, ended: early.servers.waiting }, 'servers started while the hub loaded');
  early?.servers.discard();
  const { servers } = await client.invoke('listServers', {});
  const connected = servers.filter((server) => server.status === 'connected').length;
  logger.info({ connected, total: servers.length }, 'hub ready');
}

/**
 * The API token: from a file, the environment or, last, the command line, where every user of the
 * machine can read it in `ps`.
 */
async function readApiToken(given: string | undefined, file: string | undefined): Promise<string | undefined> {
  if (file !== undefined) {
    const token = await readFile(file, 'utf8').then(
      (text) => text.trim(),
      (error: NodeJS.ErrnoException) => fail(`--api-token-file: cannot read ${file} (${error.code ?? error.message})`),
    );
    if (!token) fail(`--api-token-file: ${file} is empty`);
    return token;
  }
  if (given !== undefined) process.stderr.write('mcp-hub: --api-token shows in the process list; prefer MCP_HUB_API_TOKEN or --api-token-file\n');
  return given ?? (process.env['MCP_HUB_API_TOKEN'] || undefined);
}

/** The browser UI built next to this bundle (`dist/cli.js` → `out/renderer`), if it was built. */
function builtUiDir(): string | undefined {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** `mcp-hub stdio`: relay stdio to a running hub, starting one in the background if none answers. */
async function bridge(options: {
  host: string;
  port: number;
  apiToken: string | undefined;
  configFiles: string[];
  workspace: string | undefined;
  profile: string | undefined;
}): Promise<void> {
  const { hubAccess, refuseClient, runStdioBridge, waitForHub } = await import('./hub/bridge/stdio-bridge.js');
  const report = (message: string) => process.stderr.write(`${message}\n`);
  const base = new URL(`http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`);
  let found = await hubAccess(base, options.apiToken);
  if (found.access === 'absent') {
    report(`mcp-hub stdio: no hub on ${base.href}; starting one`);
    const args = [process.argv[1]!, 'serve', '--port', String(options.port), '--host', options.host];
    for (const file of options.configFiles) args.push('--config', file);
    if (options.workspace) args.push('--workspace', options.workspace);
    // The token goes by environment: every user of the machine can read a command line in `ps`.
    const env: NodeJS.ProcessEnv = { ...process.env, ...(options.apiToken && { MCP_HUB_API_TOKEN: options.apiToken }) };
    // The hub outlives this bridge (other clients and later bridges use it), so it is no part of
    // the tree of whichever hub may have started this bridge as its server.
    delete env[PROCESS_TAG_VARIABLE];
    const hub = spawn(process.execPath, args, { detached: true, stdio: 'ignore', env });
    hub.unref();
    await waitForHub(base, options.apiToken, 30_000);
    // Another hub, without the token, may have taken the port first.
    found = await hubAccess(base, options.apiToken);
  }
  if (found.access === 'refused') {
    report(`mcp-hub stdio: ${found.reason}`);
    process.exitCode = 1;
    return refuseClient(`mcp-hub stdio: ${found.reason}`);
  }
  const path = options.profile === undefined ? '/mcp' : `/profiles/${encodeURIComponent(options.profile)}/mcp`;
  await runStdioBridge({ url: new URL(path, base), apiToken: options.apiToken, report });
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
