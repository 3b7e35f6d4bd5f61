import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { HubApp, type HubAppOptions } from '../../main/hub/compose.js';
import { callApi, connectClient, node, openEventStream, removeDir, SERVERS, tempDir, waitFor, writeConfig, health } from '../helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;

let dir: string;
let registryFile: string;
let userConfig: string;
let projectA: string;
let projectB: string;

beforeAll(async () => {
  dir = await tempDir();
  // Where a CLI hub with XDG_STATE_HOME=<dir>/state keeps it, so library hubs and CLI hubs share it.
  registryFile = join(dir, 'state', 'mcp-hub', 'workspaces.json');
  userConfig = await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: `${dir}/m.jsonl` } } }, 'user.json');
  projectA = await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } }, 'project-a.json');
  projectB = await writeConfig(dir, {}, 'project-b.json');
});
afterAll(async () => {
  await removeDir(dir);
});

async function workspaceHub(project: string, extra: Partial<HubAppOptions> = {}): Promise<HubApp> {
  const hub = new HubApp({ configFiles: [userConfig, project], port: 0, workspacesFile: registryFile, cwd: dir, ...extra });
  await hub.start();
  await hub.whenReady();
  return hub;
}

describe('workspaces', () => {
  it('two hubs with their own project files see their own servers and each other', async () => {
    const a = await workspaceHub(projectA);
    const b = await workspaceHub(projectB);
    try {
      expect(a.core.serverInfos().map((s) => s.name)).toEqual(['memory', 'everything']);
      expect(b.core.serverInfos().map((s) => s.name)).toEqual(['memory']);
      const { json } = await callApi(a.url, '/workspaces');
      const workspaces = json['workspaces'] as Record<string, { port: number; pid: number; config_files: string[]; state: string }>;
      expect(Object.keys(workspaces).sort()).toEqual([String(a.port), String(b.port)].sort());
      expect(workspaces[String(b.port)]).toMatchObject({ port: b.port, pid: process.pid, config_files: [userConfig, projectB], state: 'active' });
      const health = await callApi(b.url, '/health');
      expect(health.json['workspaces']).toMatchObject({ current: String(b.port) });
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it('announces another hub coming, and drops it when its process is killed', async () => {
    const a = await workspaceHub(projectB);
    const stream = await openEventStream(`${a.url}/api/events`);
    const updates = () => stream.frames.filter((f) => f.event === 'subscription_event' && f.data['type'] === 'workspaces_updated');
    const listed = async () => Object.keys((await callApi(a.url, '/workspaces')).json['workspaces'] as object);
    try {
      const other = spawn(node, [join(ROOT, 'dist', 'cli.js'), '--port', '0', '--config', projectB], {
        env: { ...process.env, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') },
        stdio: 'ignore',
      });
      await waitFor(async () => (await listed()).length === 2, 'the CLI hub to register');
      await waitFor(() => updates().some((f) => Object.keys(f.data['workspaces'] as object).length === 2), 'a workspaces_updated event');
      other.kill('SIGKILL');
      // A killed hub cannot deregister; its entry goes because its process is gone.
      await waitFor(async () => (await listed()).length === 1, 'the dead hub to be dropped', 20_000);
      expect(await listed()).toEqual([String(a.port)]);
    } finally {
      stream.close();
      await a.stop();
    }
  });
});

describe('--workspace', () => {
  /** A CLI hub for one project folder, trusted as a script would (--trust-workspace); resolves with its URL. */
  function cliHub(workspace: string): { url: Promise<string>; stop(): Promise<void> } {
    const child = spawn(node, [join(ROOT, 'dist', 'cli.js'), '--port', '0', '--config', userConfig, '--workspace', workspace, '--trust-workspace'], {
      env: { ...process.env, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = waitFor(() => /listening on (http:\/\/\S+)\/mcp/.exec(stderr)?.[1], 'the listening line', 20_000);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGTERM, not SIGKILL: the hub stops its servers on the way out.
    return { url, stop: () => (child.kill('SIGTERM'), exited) };
  }

  it("layers each project folder's files over the user's config; each hub sees its own servers", async () => {
    const folderA = join(dir, 'project-a');
    const folderB = join(dir, 'project-b');
    await mkdir(join(folderA, '.vscode'), { recursive: true });
    await mkdir(folderB, { recursive: true });
    // VS Code's own format and variables, as the editor would have it in the repository.
    await writeFile(
      join(folderA, '.vscode', 'mcp.json'),
      JSON.stringify({ servers: { notes: { type: 'stdio', command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: '${workspaceFolder}/notes.jsonl' } } } }),
    );
    await writeFile(join(folderB, '.mcp-hub.json'), JSON.stringify({ mcpServers: { everything: { command: node, args: [SERVERS.everything, 'stdio'] } } }));
    const a = cliHub(folderA);
    const b = cliHub(folderB);
    try {
      const [urlA, urlB] = await Promise.all([a.url, b.url]);
      const names = async (url: string) => ((await callApi(url, '/servers')).json['servers'] as { name: string }[]).map((s) => s.name);
      expect(await names(urlA)).toEqual(['memory', 'notes']);
      expect(await names(urlB)).toEqual(['memory', 'everything']);

      // ${workspaceFolder} is the project folder: the server writes its file there.
      await waitFor(async () => ((await callApi(urlA, '/servers/info', { server_name: 'notes' })).json['server'] as { status: string }).status === 'connected', 'notes to connect');
      const created = await callApi(urlA, '/servers/tools', { server_name: 'notes', tool: 'create_entities', arguments: { entities: [{ name: 'x', entityType: 't', observations: [] }] } });
      expect(created.status).toBe(200);
      await waitFor(() => existsSync(join(folderA, 'notes.jsonl')), 'the memory file in the project folder');

      const workspaces = (await callApi(urlA, '/workspaces')).json['workspaces'] as Record<string, { cwd: string; config_files: string[] }>;
      const byCwd = Object.fromEntries(Object.values(workspaces).map((entry) => [entry.cwd, entry.config_files]));
      expect(byCwd[folderA]).toEqual([userConfig, join(folderA, '.vscode/mcp.json'), join(folderA, '.cursor/mcp.json'), join(folderA, '.mcp-hub.json')]);
      expect(byCwd[folderB]).toBeDefined();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('--auto-shutdown', () => {
  it('waits for both /mcp and event-stream clients to leave', async () => {
    let shutdowns = 0;
    const hub = await workspaceHub(projectB, { autoShutdown: { delayMs: 300, onShutdown: () => shutdowns++ } });
    try {
      const client = await connectClient(`${hub.url}/mcp`);
      const stream = await openEventStream(`${hub.url}/api/events`);
      await waitFor(async () => (await health(hub)).activeClients === 1, 'the event client');
      stream.close();
      await new Promise((resolve) => setTimeout(resolve, 800));
      // mcp-hub v4 counted only event clients and would have shut down here.
      expect(shutdowns).toBe(0);
      await (client.transport as StreamableHTTPClientTransport).terminateSession();
      await client.close();
      await waitFor(() => shutdowns === 1, 'the auto-shutdown', 5_000);
      const entry = ((await callApi(hub.url, '/workspaces')).json['workspaces'] as Record<string, { state: string }>)[String(hub.port)];
      expect(entry?.state).toBe('shutting_down');
    } finally {
      await hub.stop();
    }
  });
});
