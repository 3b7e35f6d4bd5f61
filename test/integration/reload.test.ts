import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { HubApp } from '../../main/hub/compose.js';
import type { HubEventMap } from '../../shared/events.js';
import { connectClient, health, isAlive, node, removeDir, SERVERS, startHub, tempDir, waitFor } from '../helpers.js';

let dir: string;
let userConfig: string;
let projectConfig: string;
let hub: HubApp;
let client: Client;
let toolChanges = 0;
const events: { name: string; data: unknown }[] = [];

const memory = (file: string) => ({ command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(dir, file) } });
const everything = { command: node, args: [SERVERS.everything, 'stdio'] };

async function write(path: string, servers: Record<string, unknown>): Promise<void> {
  await writeFile(path, JSON.stringify({ mcpServers: servers }, null, 2));
}

beforeAll(async () => {
  dir = await tempDir();
  userConfig = join(dir, 'user.json');
  projectConfig = join(dir, 'project.json');
  await write(userConfig, { keep: memory('keep.jsonl'), change: memory('change.jsonl') });
  hub = await startHub([userConfig, projectConfig], { watch: true });
  for (const name of ['config_changed', 'servers_updating', 'servers_updated'] as const) {
    hub.core.events.on(name, (data: HubEventMap[typeof name]) => events.push({ name, data }));
  }
  client = await connectClient(`${hub.url}/mcp`);
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    toolChanges++;
  });
});

afterAll(async () => {
  await client?.close();
  await hub?.stop();
  await removeDir(dir);
});

const pid = (name: string) => hub.core.serverInfo(name).pid;

describe('--watch', () => {
  it('restarts only the servers whose entry changed', async () => {
    const keepPid = pid('keep');
    const changePid = pid('change');
    await write(userConfig, { keep: memory('keep.jsonl'), change: memory('changed.jsonl') });
    await waitFor(() => pid('change') !== changePid && hub.core.serverInfo('change').status === 'connected', 'the changed server to restart');
    expect(pid('keep')).toBe(keepPid);
    const updated = events.find((e) => e.name === 'servers_updated')!.data as HubEventMap['servers_updated'];
    expect(updated.changes).toMatchObject({ modified: ['change'], unchanged: ['keep'], added: [], removed: [] });
  });

  it('picks up a config file created after start, and tells /mcp clients', async () => {
    const before = toolChanges;
    await write(projectConfig, { everything });
    await waitFor(() => hub.core.server('everything')?.status === 'connected', 'the new server');
    await waitFor(() => toolChanges > before, 'tools/list_changed');
    const { tools } = await client.listTools();
    expect(tools.some((tool) => tool.name === 'everything__echo')).toBe(true);
  });

  it('keeps running on the last good config when a file breaks, and says where', async () => {
    const keepPid = pid('keep');
    events.length = 0;
    await writeFile(userConfig, '{ "mcpServers": { "keep": { "command": ');
    await waitFor(() => events.some((e) => e.name === 'config_changed'), 'the config_changed event');
    const event = events.find((e) => e.name === 'config_changed')!.data as HubEventMap['config_changed'];
    expect(event.isSignificant).toBe(false);
    expect(event.error).toContain(`${userConfig}:1:`);
    expect(pid('keep')).toBe(keepPid);
    expect(hub.core.serverInfo('keep').status).toBe('connected');
  });

  it('stops the servers of a deleted file and disables a server set to disabled', async () => {
    await write(userConfig, { keep: { ...memory('keep.jsonl'), disabled: true }, change: memory('changed.jsonl') });
    await waitFor(() => hub.core.serverInfo('keep').status === 'disabled', 'keep to be disabled');
    const everythingPid = pid('everything')!;
    await rm(projectConfig);
    await waitFor(() => hub.core.server('everything') === undefined, 'everything to be removed');
    await waitFor(() => !isAlive(everythingPid), 'its process to end');
    expect(hub.core.serverInfos().map((s) => s.name)).toEqual(['keep', 'change']);
  });
});

describe('a config file broken at start (the desktop app)', () => {
  it('starts without servers, says where the file is broken, and applies it once fixed', async () => {
    const folder = await tempDir();
    const file = join(folder, 'mcp.json');
    await writeFile(file, '{\n  "mcpServers": {\n    "notes": { "command": "node" ]\n  }\n}\n');
    const broken = await startHub([file], { watch: true, startWithBrokenConfig: true });
    try {
      expect((await health(broken)).configError).toBe(`${file}:3:34: expected a comma or closing brace`);
      expect(broken.core.serverInfos()).toEqual([]);
      await write(file, { notes: { command: node, args: [SERVERS.memory], env: { MEMORY_FILE_PATH: join(folder, 'm.jsonl') } } });
      await waitFor(() => broken.core.serverInfos().find((s) => s.name === 'notes' && s.status === 'connected'), 'the fixed file to be applied');
      expect((await health(broken)).configError).toBeNull();
    } finally {
      await broken.stop();
      await removeDir(folder);
    }
  });

  it('without the option, start fails with the position (the CLI exits with it)', async () => {
    const folder = await tempDir();
    const file = join(folder, 'mcp.json');
    await writeFile(file, '{ "mcpServers": ');
    await expect(startHub([file])).rejects.toThrow(`${file}:1:17`);
    await removeDir(folder);
  });
});
