import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubWorkspace } from './hub-workspace.js';
import { WorkspaceRegistry, type WorkspaceEntry, type Workspaces } from './registry.js';
import { tempDir, waitFor } from '../../../test/helpers.js';
import { entry } from './test-support.js';

let dir: string;
let file: string;
const workspaces: HubWorkspace[] = [];

beforeEach(async () => {
  dir = await tempDir();
  file = join(dir, 'state', 'mcp-hub', 'workspaces.json');
});

afterEach(async () => {
  await Promise.all(workspaces.splice(0).map((workspace) => workspace.stop()));
  await rm(dir, { recursive: true, force: true });
});

function registry(): WorkspaceRegistry {
  return new WorkspaceRegistry({ file, debounceMs: 20, pollMs: 0 });
}

function hubWorkspace(options: Partial<ConstructorParameters<typeof HubWorkspace>[0]> = {}): HubWorkspace {
  const workspace = new HubWorkspace({ registry: registry(), port: 40_100, cwd: '/projects/a', configFiles: ['a.json', '.mcphub/servers.json'], ...options });
  workspaces.push(workspace);
  return workspace;
}

async function onFile(port: number): Promise<WorkspaceEntry | undefined> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as Workspaces)[String(port)];
  } catch {
    return undefined;
  }
}

describe('HubWorkspace', () => {
  it('registers the hub as mcp-hub v4 did, and deregisters it on stop', async () => {
    const workspace = hubWorkspace();
    await workspace.start();
    expect(await onFile(40_100)).toEqual({
      cwd: '/projects/a',
      config_files: ['a.json', '.mcphub/servers.json'],
      pid: process.pid,
      port: 40_100,
      startTime: expect.any(String),
      state: 'active',
      activeConnections: 0,
      shutdownStartedAt: null,
      shutdownDelay: null,
    });
    await workspace.stop();
    expect(await onFile(40_100)).toBeUndefined();
  });

  it('records the client count going down as well as up, without --auto-shutdown', async () => {
    const workspace = hubWorkspace();
    await workspace.start();
    for (const count of [1, 2, 3]) workspace.clientsChanged(count);
    await waitFor(async () => (await onFile(40_100))?.activeConnections === 3, 'three clients');
    workspace.clientsChanged(0);
    await waitFor(async () => (await onFile(40_100))?.activeConnections === 0, 'no clients');
    expect((await onFile(40_100))?.state).toBe('active');
  });

  it('records the shutdown countdown, its cancellation, and shuts down', async () => {
    let shutdowns = 0;
    const workspace = hubWorkspace({ autoShutdown: { delayMs: 300, startupGraceMs: 0, onShutdown: () => shutdowns++ } });
    await workspace.start();
    workspace.clientsChanged(1);
    await waitFor(async () => (await onFile(40_100))?.state === 'active' && (await onFile(40_100))?.activeConnections === 1, 'one client');

    workspace.clientsChanged(0);
    await waitFor(async () => (await onFile(40_100))?.state === 'shutting_down', 'the countdown');
    const counting = await onFile(40_100);
    expect(counting).toMatchObject({ activeConnections: 0, shutdownDelay: 300, shutdownStartedAt: expect.any(String) });

    workspace.clientsChanged(1);
    await waitFor(async () => (await onFile(40_100))?.state === 'active', 'the cancellation');
    expect(await onFile(40_100)).toMatchObject({ activeConnections: 1, shutdownDelay: null, shutdownStartedAt: null });
    expect(shutdowns).toBe(0);

    workspace.clientsChanged(0);
    await waitFor(() => shutdowns === 1, 'the shutdown');
  });

  it('keeps a snapshot of every hub and re-emits changes made by others', async () => {
    const workspace = hubWorkspace();
    const events: Workspaces[] = [];
    workspace.on('changed', (all) => events.push(all));
    await workspace.start();
    await waitFor(() => workspace.snapshot['40100'] !== undefined, 'its own entry');

    await registry().register(entry(40_200));
    await waitFor(() => workspace.snapshot['40200'] !== undefined, "another hub's entry");
    expect(Object.keys(events.at(-1) ?? {}).sort()).toEqual(['40100', '40200']);
    await registry().deregister(40_200);
    expect(Object.keys(await workspace.list())).toEqual(['40100']);
    expect(Object.keys(workspace.snapshot)).toEqual(['40100']);
  });

  it('keeps the hub running when the registry cannot be written', async () => {
    const errors: string[] = [];
    // A regular file where the folder should be.
    await writeFile(join(dir, 'blocker'), '');
    const blocked = new WorkspaceRegistry({ file: join(dir, 'blocker', 'workspaces.json'), pollMs: 0 });
    const workspace = hubWorkspace({ registry: blocked, onError: (_error, action) => errors.push(action) });
    await workspace.start();
    workspace.clientsChanged(1);
    await workspace.stop();
    expect(errors).toEqual(['register']);
  });
});
