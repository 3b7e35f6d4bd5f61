import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFiles } from '../config/load.js';
import { hubResolveContext, resolveServer } from '../config/resolve.js';
import { sameLaunch, type StdioLaunch } from '../upstream/spawn-server.js';
import { plannedServers, type EarlyStart } from './plan.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hub-prespawn-plan-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, document: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

const start = (configFiles: string[], more: Partial<EarlyStart> = {}): EarlyStart => ({ configFiles, lazy: false, workspace: undefined, env: process.env, ...more });
const names = (early: EarlyStart) => plannedServers(early, early.configFiles).map((planned) => planned.name);

/** What the hub itself would spawn for `name` (config/resolve.ts), as the transport gets it. */
async function hubLaunch(files: string[], name: string): Promise<StdioLaunch> {
  const definition = (await loadConfigFiles(files)).servers.find((server) => server.name === name)!;
  const resolved = await resolveServer(definition, hubResolveContext(process.env, dir, { get: () => Promise.resolve(undefined) }, () => {}));
  if (resolved.transport !== 'stdio') throw new Error('not stdio');
  return resolved;
}

describe('servers started before the hub loads (plannedServers)', () => {
  it('plans a plain stdio entry with exactly the launch the hub resolves for it: command, args, env, cwd', async () => {
    const config = await file('mcp.json', { mcpServers: { plain: { command: 'node', args: ['server.js', '--flag', ''], env: { API_URL: 'http://x', MODE: 'fast' }, cwd: 'sub' } } });
    const [planned] = plannedServers(start([config]), [config]);
    expect(planned?.name).toBe('plain');
    const hub = await hubLaunch([config], 'plain');
    expect(sameLaunch(planned!.launch, hub)).toBe(true);
    expect(planned!.launch.cwd).toBe(join(dir, 'sub'));
    // The comparison itself notices a difference in any part.
    expect(sameLaunch(planned!.launch, { ...hub, env: { ...hub.env, EXTRA: '1' } })).toBe(false);
    expect(sameLaunch(planned!.launch, { ...hub, args: [...hub.args.slice(0, -1), 'x'] })).toBe(false);
  });

  it('leaves out entries whose launch only the full resolver knows, and those the hub does not start at once', async () => {
    const config = await file('mcp.json', {
      mcpServers: {
        plain: { command: 'node', args: ['a.js'] },
        secret: { command: 'node', env: { TOKEN: '${secret:token}' } },
        variable: { command: 'node', args: ['${HOME}/a.js'] },
        inherited: { command: 'node', env: { PATH: '' } },
        command: { command: '${cmd: which node}' },
        disabled: { command: 'node', disabled: true },
        lazy: { command: 'node', lazy: true },
        perClient: { command: 'node', isolation: 'per-client' },
        remote: { url: 'http://127.0.0.1:1/mcp' },
        sse: { type: 'sse', command: 'node' },
      },
    });
    expect(names(start([config]))).toEqual(['plain']);
  });

  it('starts nothing early when the hub-wide settings decide: --lazy, --workspace, MCP_HUB_ENV, a lazy or per-client file', async () => {
    const config = await file('mcp.json', { mcpServers: { plain: { command: 'node' } } });
    expect(names(start([config], { lazy: true }))).toEqual([]);
    expect(names(start([config], { workspace: dir }))).toEqual([]);
    expect(names(start([config], { env: { ...process.env, MCP_HUB_ENV: '{"A":"b"}' } }))).toEqual([]);
    const lazyFile = await file('lazy.json', { lazy: true, mcpServers: { plain: { command: 'node' } } });
    expect(names(start([lazyFile]))).toEqual([]);
    const perClient = await file('per-client.json', { isolation: 'per-client', mcpServers: { plain: { command: 'node' } } });
    expect(names(start([perClient]))).toEqual([]);
  });

  it('leaves files that are not plain JSON, and servers defined in two files, to the full loader', async () => {
    const jsonc = await file('commented.json', '{ // mine\n "mcpServers": { "plain": { "command": "node" } } }');
    expect(names(start([jsonc]))).toEqual([]);
    const json5 = await file('mcp.json5', '{ mcpServers: { plain: { command: "node" } } }');
    expect(names(start([json5]))).toEqual([]);
    const first = await file('first.json', { mcpServers: { both: { command: 'node' }, one: { command: 'node' } } });
    const second = await file('second.json', { mcpServers: { both: { command: 'node', args: ['x'] }, two: { command: 'node' } } });
    expect(names(start([first, second]))).toEqual(['one', 'two']);
    expect(names(start([join(dir, 'missing.json')]))).toEqual([]);
  });
});
