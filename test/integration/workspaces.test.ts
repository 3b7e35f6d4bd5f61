import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Hub } from '../../main/hub/hub.js';
import { callApi, connectClient, node, openEventStream, removeDir, SERVERS, tempDir, waitFor, writeConfig } from '../helpers.js';

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

async function workspaceHub(project: string, extra: Partial<ConstructorParameters<typeof Hub>[0]> = {}): Promise<Hub> {
  const hub = new Hub({ configFiles: [userConfig, project], port: 0, workspacesFile: registryFile, cwd: dir, ...extra });
  await hub.start();
  await hub.whenReady();
  return hub;
}

describe('workspaces', () => {
  it('two hubs with their own project files see their own servers and each other', async () => {
    const a = await workspaceHub(projectA);
    const b = await workspaceHub(projectB);
    try {
      expect(a.serverInfos().map((s) => s.name)).toEqual(['memory', 'everything']);
      expect(b.serverInfos().map((s) => s.name)).toEqual(['memory']);
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

describe('--auto-shutdown', () => {
  it('waits for both /mcp and event-stream clients to leave', async () => {
    let shutdowns = 0;
    const hub = await workspaceHub(projectB, { autoShutdown: { delayMs: 300, onShutdown: () => shutdowns++ } });
    try {
      const client = await connectClient(`${hub.url}/mcp`);
      const stream = await openEventStream(`${hub.url}/api/events`);
      await waitFor(() => hub.health().activeClients === 1, 'the event client');
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
