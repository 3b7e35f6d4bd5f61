import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, isAlive, node, removeDir, SERVERS, tempDir, waitFor, writeConfig } from '../helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.js');

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: string[], env: Record<string, string>): Run {
  const child = spawn(node, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exit };
}

let home: string;
beforeAll(async () => {
  home = await tempDir('mcp-hub-home-');
});
afterAll(async () => {
  await removeDir(home);
});

const isolated = () => ({ HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), MCP_HUB_LOG_LEVEL: 'info' });

describe('mcp-hub (headless CLI)', () => {
  it('serves /mcp, and on SIGTERM exits 0 leaving no server process', async () => {
    const config = await writeConfig(home, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } }, 'cli.json');
    const run = runCli(['--port', '0', '--config', config], isolated());
    const url = (await waitFor(() => /listening on (http:\/\/\S+\/mcp)/.exec(run.stderr())?.[1], 'the listening line'))!;
    const client = await connectClient(url);
    await waitFor(async () => (await client.listTools()).tools.some((t) => t.name === 'everything__echo'), 'everything tools');
    const health = (await (await fetch(url.replace(/\/mcp$/, '/api/health'))).json()) as { servers: { pid: number }[] };
    const pid = health.servers[0]!.pid;
    expect(isAlive(pid)).toBe(true);
    await client.close();

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(isAlive(pid)).toBe(false);
    // Structured logs go to a file under the XDG state dir as well.
    const logs = readdirSync(join(home, 'state', 'mcp-hub', 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    const text = logs.map((file) => readFileSync(join(home, 'state', 'mcp-hub', 'logs', file), 'utf8')).join('');
    expect(text).toContain('"msg":"hub listening"');
  });

  it('stops with a non-zero exit and file:line:column for a broken config file', async () => {
    const config = join(home, 'broken.json');
    await writeFile(config, '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n');
    const run = runCli(['--port', '0', '--config', config], isolated());
    const { code } = await run.exit;
    expect(code).toBe(1);
    expect(run.stderr()).toContain(`${config}:4:5`);
  });

  it('creates the default config file on first run', async () => {
    const run = runCli(['--port', '0'], isolated());
    await waitFor(() => /listening on/.test(run.stderr()), 'the listening line');
    const created = join(home, 'config', 'mcp-hub', 'mcp.json');
    expect(existsSync(created)).toBe(true);
    expect(JSON.parse(readFileSync(created, 'utf8'))).toEqual({ mcpServers: {} });
    run.child.kill('SIGINT');
    expect((await run.exit).code).toBe(0);
  });

  it("prints the mcp-hub API version v4 clients check with --version, and the app's own with --app-version", async () => {
    const { execFileSync } = await import('node:child_process');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(node, [CLI, '--version'], { encoding: 'utf8' })).toBe('4.2.1\n');
    expect(execFileSync(node, [CLI, '--app-version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
  });

  it('refuses flags it does not support instead of ignoring them', async () => {
    const run = runCli(['--port', '0', '--frobnicate'], isolated());
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toMatch(/frobnicate/);
  });

  it('reads the API token from a file, so it does not show in the process list; warns when it is given on the command line', async () => {
    const tokenFile = join(home, 'token');
    await writeFile(tokenFile, 'file-token-123456\n', { mode: 0o600 });
    const run = runCli(['--port', '0', '--api-token-file', tokenFile], isolated());
    const url = (await waitFor(() => /listening on (http:\/\/\S+)\/mcp/.exec(run.stderr())?.[1], 'the listening line'))!;
    expect((await fetch(`${url}/api/health`)).status).toBe(401);
    expect((await fetch(`${url}/api/health`, { headers: { authorization: 'Bearer file-token-123456' } })).status).toBe(200);
    expect(readFileSync(`/proc/${run.child.pid}/cmdline`, 'utf8')).not.toContain('file-token-123456');
    run.child.kill('SIGTERM');
    await run.exit;

    const missing = runCli(['--port', '0', '--api-token-file', join(home, 'no-such-token')], isolated());
    expect((await missing.exit).code).toBe(1);
    expect(missing.stderr()).toMatch(/--api-token-file: cannot read .*no-such-token \(ENOENT\)/);

    const visible = runCli(['--port', '0', '--api-token', 'visible-token-123456'], isolated());
    await waitFor(() => /listening on/.test(visible.stderr()), 'the listening line');
    expect(visible.stderr()).toContain('--api-token shows in the process list');
    visible.child.kill('SIGTERM');
    await visible.exit;
  });
});
