import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

// Real MCP clients from npm (devDependencies, nothing downloaded): MCP Inspector's CLI, over
// Streamable HTTP and through the `mcp-hub stdio` bridge in each protocol era, Claude Code's
// `claude mcp list` and Gemini CLI's `gemini mcp list` (which check their servers' connections
// without a model), and mcp-remote. None of them ends its session with DELETE: the hub's idle
// sweep must close what they leave, and forget the session-free clients.

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const IDLE_MS = 1_500;

let dir: string;
let hub: HubApp;

beforeAll(async () => {
  dir = await tempDir();
  const config = await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } });
  hub = await startHub([config], { sessionIdleTimeoutMs: IDLE_MS });
});

afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

/** Runs MCP Inspector's CLI and returns the result it prints (`--format json`). */
async function inspector(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(join(BIN, 'mcp-inspector'), ['--cli', '--format', 'json', '-q', ...args], {
    timeout: 60_000,
    // Its catalog and any login it keeps stay in the test's folder.
    env: { ...process.env, HOME: dir, MCP_CATALOG_PATH: join(dir, 'inspector.json') },
  });
  return (JSON.parse(stdout) as { result: Record<string, unknown> }).result;
}

const toolNames = (result: Record<string, unknown>) => (result['tools'] as { name: string }[]).map((tool) => tool.name);

describe('real MCP clients', () => {
  it("MCP Inspector's CLI lists and calls the hub's tools over Streamable HTTP", async () => {
    expect(toolNames(await inspector([`${hub.url}/mcp`, '--method', 'tools/list']))).toContain('everything__echo');
    const called = await inspector([`${hub.url}/mcp`, '--method', 'tools/call', '--tool-name', 'everything__echo', '--tool-arg', 'message=from the inspector']);
    expect(called['content']).toEqual([{ type: 'text', text: 'Echo: from the inspector' }]);
  });

  it("MCP Inspector's CLI speaks 2026-07-28 to /mcp, pinned or when it picks the era itself", async () => {
    const called = await inspector([`${hub.url}/mcp`, '--protocol-era', 'modern', '--method', 'tools/call', '--tool-name', 'everything__echo', '--tool-arg', 'message=modern']);
    expect(called['content']).toEqual([{ type: 'text', text: 'Echo: modern' }]);
    expect(toolNames(await inspector([`${hub.url}/mcp`, '--protocol-era', 'auto', '--method', 'tools/list']))).toContain('everything__echo');
    const { sessions } = await hub.service.client().invoke('listSessions', {});
    const inspectors = sessions.filter((session) => session.protocolVersion === '2026-07-28');
    expect(inspectors.length).toBeGreaterThan(0);
    expect(inspectors[0]!.client?.name).toMatch(/inspector/i);
  });

  it("MCP Inspector's CLI works through the stdio bridge in every era", async () => {
    for (const era of ['legacy', 'auto', 'modern']) {
      const listed = await inspector(['--protocol-era', era, '--method', 'tools/list', '--', node, CLI, 'stdio', '--port', String(hub.port)]);
      expect(toolNames(listed)).toContain('everything__echo');
    }
  });

  it('Claude Code connects to /mcp at 2026-07-28 and through the stdio bridge (`claude mcp list`)', async () => {
    const claude = (args: string[]) =>
      run(join(BIN, 'claude'), args, {
        cwd: dir,
        timeout: 60_000,
        // Its settings stay in the test's folder; nothing of it may reach the network.
        env: { ...process.env, HOME: dir, DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
      });
    await claude(['mcp', 'add', '--transport', 'http', 'hub', `${hub.url}/mcp`]);
    await claude(['mcp', 'add', 'hub-stdio', '--', node, CLI, 'stdio', '--port', String(hub.port)]);
    const { stdout } = await claude(['mcp', 'list']);
    expect(stdout).toMatch(/^hub: .*✔ Connected$/m);
    expect(stdout).toMatch(/^hub-stdio: .*✔ Connected$/m);
    const { sessions } = await hub.service.client().invoke('listSessions', {});
    expect(sessions.filter((session) => session.client?.name === 'claude-code').map((session) => session.protocolVersion)).toContain('2026-07-28');
  });

  it('Gemini CLI connects to /mcp and through the stdio bridge (`gemini mcp list`)', async () => {
    const home = join(dir, 'gemini');
    await mkdir(join(home, '.gemini'), { recursive: true });
    // It lists no server of a folder the user has not trusted.
    await writeFile(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [home]: 'TRUST_FOLDER' }));
    const gemini = (args: string[]) =>
      // One process: without this it starts itself again with a larger heap.
      run(join(BIN, 'gemini'), args, { cwd: home, timeout: 60_000, env: { ...process.env, HOME: home, GEMINI_CLI_NO_RELAUNCH: 'true' } });
    await gemini(['mcp', 'add', '--scope', 'user', '--transport', 'http', 'hub', `${hub.url}/mcp`]);
    await gemini(['mcp', 'add', '--scope', 'user', 'hub-stdio', node, CLI, 'stdio', '--port', String(hub.port)]);
    // It prints the list on stderr.
    const { stderr } = await gemini(['mcp', 'list']);
    expect(stderr).toMatch(/✓ hub: .* - Connected$/m);
    expect(stderr).toMatch(/✓ hub-stdio: .* - Connected$/m);
    // Its check names itself `mcp-test-client` and speaks 2025-06-18, over HTTP and through the bridge alike.
    const { sessions } = await hub.service.client().invoke('listSessions', {});
    expect(sessions.filter((session) => session.client?.name === 'mcp-test-client').map((session) => session.protocolVersion)).toEqual(['2025-06-18', '2025-06-18']);
  });

  it('mcp-remote relays the hub to a stdio client', async () => {
    const listed = await inspector(['--method', 'tools/list', '--', join(BIN, 'mcp-remote'), `${hub.url}/mcp`, '--allow-http']);
    expect(toolNames(listed)).toContain('everything__echo');
  });

  it('leaves no session behind once the clients are gone', async () => {
    const api = hub.service.client();
    await waitFor(async () => (await api.invoke('listSessions', {})).sessions.length === 0, 'the abandoned sessions closed', IDLE_MS * 10);
    expect((await api.invoke('health', {})).mcpEndpoint.activeClients).toBe(0);
  });
});
