import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { HubApp } from '../../main/hub/compose.js';
import type { HubEventMap } from '../../shared/events.js';
import { connectClient, isAlive, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hubWith(servers: Record<string, unknown>, options: Parameters<typeof startHub>[1] = {}): Promise<HubApp> {
  const dir = await tempDir();
  const config = await writeConfig(dir, servers);
  const hub = await startHub([config], options);
  cleanups.push(async () => {
    await hub.stop();
    await removeDir(dir);
  });
  return hub;
}

function recordStatuses(hub: HubApp, server: string): HubEventMap['server_status'][] {
  const seen: HubEventMap['server_status'][] = [];
  hub.core.events.on('server_status', (event) => {
    if (event.server === server) seen.push(event);
  });
  return seen;
}

describe('a crashed stdio server', () => {
  it('is noticed at once, hidden from /mcp, and restarted', async () => {
    const hub = await hubWith({ everything: { command: node, args: [SERVERS.everything, 'stdio'] } });
    const client = await connectClient(`${hub.url}/mcp`);
    cleanups.push(() => client.close());
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    const statuses = recordStatuses(hub, 'everything');
    const pid = hub.core.serverInfo('everything').pid!;
    expect(pid).toBeGreaterThan(0);

    process.kill(pid, 'SIGKILL');
    await waitFor(() => statuses.some((s) => s.status === 'disconnected'), 'the disconnected status');
    const lost = statuses.find((s) => s.status === 'disconnected')!;
    expect(lost.error).toMatch(/killed by SIGKILL/);
    await waitFor(() => changes >= 1, 'list_changed after the crash');

    await waitFor(() => hub.core.serverInfo('everything').status === 'connected', 'the restart');
    const info = hub.core.serverInfo('everything');
    expect(info.pid).not.toBe(pid);
    expect(info.restart?.attempt).toBe(1);
    await waitFor(() => changes >= 2, 'list_changed after the restart');
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'back' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: back' }]);
  });
});

describe('a server that keeps crashing', () => {
  it('ends in error with the reason after the capped restarts, without spinning', async () => {
    const hub = await hubWith({
      crashy: { command: node, args: ['-e', 'console.error("boom: missing API key"); process.exit(3)'] },
    });
    await waitFor(() => hub.core.serverInfo('crashy').status === 'error', 'the error status', 20_000);
    const info = hub.core.serverInfo('crashy');
    expect(info.error).toMatch(/exited with code 3/);
    expect(info.error).toMatch(/gave up after 3 restarts/);
    const attempts = hub.core.server('crashy')!.logs.list().filter((e) => e.source === 'stderr' && e.text.includes('boom'));
    // First start plus three restarts, and no more.
    expect(attempts).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(hub.core.server('crashy')!.logs.list().filter((e) => e.text.includes('boom'))).toHaveLength(4);
  });

  it('keeps its stderr in a bounded buffer', async () => {
    const hub = await hubWith({
      chatty: { command: node, args: ['-e', 'for (let i = 0; i < 3000; i++) console.error("line " + i); process.exit(1)'] },
    });
    await waitFor(() => hub.core.serverInfo('chatty').status === 'error', 'the error status', 20_000);
    const logs = hub.core.server('chatty')!.logs.list();
    expect(logs.length).toBeLessThanOrEqual(1000);
    expect(logs.at(-1)!.text).toMatch(/gave up/);
  });
});

describe('bad input', () => {
  it('puts only the broken entry in error, with where and what', async () => {
    const hub = await hubWith({
      broken: { command: node, args: 'not-an-array' },
      everything: { command: node, args: [SERVERS.everything, 'stdio'] },
    });
    const broken = hub.core.serverInfo('broken');
    expect(broken.status).toBe('error');
    expect(broken.error).toMatch(/mcp\.json:\d+:\d+/);
    expect(broken.error).toMatch(/args/);
    expect(hub.core.serverInfo('everything').status).toBe('connected');
  });

  it('reports a command that does not exist', async () => {
    const hub = await hubWith({ ghost: { command: 'definitely-not-a-command-xyz' } });
    await waitFor(() => hub.core.serverInfo('ghost').status === 'error', 'the error status', 20_000);
    expect(hub.core.serverInfo('ghost').error).toMatch(/command not found: definitely-not-a-command-xyz/);
  });

  it('reports a placeholder that cannot be resolved without starting the server', async () => {
    const hub = await hubWith({ needsVar: { command: node, args: ['${NOT_SET_ANYWHERE_XYZ}'] } });
    expect(hub.core.serverInfo('needsVar').status).toBe('error');
    expect(hub.core.serverInfo('needsVar').error).toMatch(/NOT_SET_ANYWHERE_XYZ/);
  });
});

describe('parallel start', () => {
  it('does not let a server that never answers delay the others', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, {
      silent: { command: node, args: ['-e', 'setInterval(() => {}, 1000)'] },
      everything: { command: node, args: [SERVERS.everything, 'stdio'] },
    });
    const hub = new HubApp({ configFiles: [config], port: 0, connectTimeoutMs: 60_000 });
    cleanups.push(async () => {
      await hub.stop();
      await removeDir(dir);
    });
    await hub.start();
    await waitFor(() => hub.core.serverInfo('everything').status === 'connected', 'everything to connect');
    expect(hub.core.serverInfo('silent').status).toBe('connecting');
    const client = await connectClient(`${hub.url}/mcp`);
    cleanups.push(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.some((tool) => tool.name === 'everything__echo')).toBe(true);
    // Stopping the hub ends the silent server too, though its handshake never finished.
    const silentPid = hub.core.serverInfo('silent').pid!;
    expect(isAlive(silentPid)).toBe(true);
    await hub.stop();
    expect(isAlive(silentPid)).toBe(false);
  });
});

describe('shutdown', () => {
  it('leaves no child process behind, including grandchildren', async () => {
    const dir = await tempDir();
    // A wrapper that starts the real server as its own child, like npx or uvx do.
    const wrapper = `require('child_process').spawn(process.execPath, [${JSON.stringify(SERVERS.everything)}, 'stdio'], { stdio: 'inherit' }); setInterval(() => {}, 1000);`;
    const config = await writeConfig(dir, {
      wrapped: { command: node, args: ['-e', wrapper] },
      memory: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: `${dir}/m.jsonl` } },
    });
    const hub = await startHub([config]);
    const pids = hub.core.serverInfos().map((info) => info.pid!);
    expect(pids.every((pid) => pid > 0 && isAlive(pid))).toBe(true);
    const grandchild = await waitFor(() => childrenOf(pids[0]!)[0], 'the wrapped server process');
    await hub.stop();
    for (const pid of [...pids, grandchild]) expect(isAlive(pid)).toBe(false);
    await removeDir(dir);
  });
});

function childrenOf(pid: number): number[] {
  try {
    // /proc is Linux-only; these machines are Linux.
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
