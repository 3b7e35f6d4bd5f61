import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, node, removeDir, SERVERS, startHub, tempDir, waitFor } from '../helpers.js';

let dir: string;
let file: string;
let hub: HubApp;

const MEMORY = SERVERS.memory;
const EVERYTHING = SERVERS.everything;

/** A config as people write it: comments, odd spacing, trailing commas, keys the hub does not know. */
const original = (memoryFile: string) => `{
  // My servers
  "mcpServers": {
    "memory": {
      "command": ${JSON.stringify(node)}, // the runtime
      "args": [${JSON.stringify(MEMORY)}],
      "env": { "MEMORY_FILE_PATH": ${JSON.stringify(memoryFile)}, "API_KEY": "sk-secret-value-123" },
      "autoApprove": ["read_graph"]
    },
    /* keep this comment */
  },
  "nativeMCPServers": { "neovim": { "disabled": false } }
}
`;

const api = (path: string, body?: unknown) => callApi(hub.url, path, body);

const text = () => readFile(file, 'utf8');

beforeAll(async () => {
  dir = await tempDir();
  file = join(dir, 'mcp.json');
  await writeFile(file, original(join(dir, 'm.jsonl')));
  hub = await startHub([file], { backupDir: join(dir, 'backups'), watch: true });
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

describe('server management through the API writes the config file, keeping it as written', () => {
  it('stop?disable=true writes "disabled", and start removes it again, byte for byte', async () => {
    const before = await text();
    const res = await api('/servers/stop?disable=true', { server_name: 'memory' });
    expect(res.status).toBe(200);
    expect(hub.core.serverInfo('memory').status).toBe('disabled');
    expect(await text()).toBe(
      before.replace('"autoApprove": ["read_graph"]\n', '"autoApprove": ["read_graph"],\n      "disabled": true\n'),
    );

    const started = await api('/servers/start', { server_name: 'memory' });
    expect((started.json['server'] as { status: string }).status).toBe('connected');
    expect(await text()).toBe(before);
  });

  it('adds a server, starts it, and writes it after the existing ones (before a closing comment)', async () => {
    const before = await text();
    const { status, json } = await api('/servers/add', { server_name: 'everything', config: { command: node, args: [EVERYTHING, 'stdio'] } });
    expect(status).toBe(200);
    expect(json['server']).toMatchObject({ name: 'everything', status: 'connected', config_source: file });
    expect(await text()).toBe(
      before.replace(
        '    /* keep this comment */\n',
        `    "everything": {\n      "command": ${JSON.stringify(node)},\n      "args": [\n        ${JSON.stringify(EVERYTHING)},\n        "stdio"\n      ]\n    },\n    /* keep this comment */\n`,
      ),
    );
  });

  it('renames a server, keeping its entry and its comments', async () => {
    const before = await text();
    const { json } = await api('/servers/rename', { server_name: 'memory', new_name: 'brain' });
    expect(json['server']).toMatchObject({ name: 'brain', status: 'connected' });
    expect(hub.core.server('memory')).toBeUndefined();
    expect(await text()).toBe(before.replace('"memory": {', '"brain": {'));
  });

  it('updates a server and restarts it with the new entry', async () => {
    const pid = hub.core.serverInfo('everything').pid;
    await api('/servers/update', { server_name: 'everything', config: { command: node, args: [EVERYTHING, 'stdio'], description: 'reference' } });
    await waitFor(() => hub.core.serverInfo('everything').status === 'connected', 'everything after the update');
    expect(hub.core.serverInfo('everything')).toMatchObject({ description: 'reference' });
    expect(hub.core.serverInfo('everything').pid).toBe(pid);
    await api('/servers/update', { server_name: 'everything', config: { command: node, args: [EVERYTHING, 'stdio'], env: { X: 'y' } } });
    await waitFor(() => hub.core.serverInfo('everything').status === 'connected', 'everything after the restart');
    expect(hub.core.serverInfo('everything').pid).not.toBe(pid);
  });

  it('removes a server', async () => {
    await api('/servers/remove', { server_name: 'everything' });
    expect(hub.core.server('everything')).toBeUndefined();
    expect(await text()).not.toContain('"everything"');
    expect(await text()).toContain('/* keep this comment */');
  });

  it('refuses what would break the file, leaving it untouched', async () => {
    const before = await text();
    const both = await api('/servers/add', { server_name: 'bad', config: { command: 'x', url: 'http://x' } });
    expect(both.status).toBe(400);
    expect(both.json['error']).toMatch(/cannot mix/);
    const exists = await api('/servers/add', { server_name: 'brain', config: { command: 'x' } });
    expect(exists.status).toBe(409);
    const elsewhere = await api('/servers/add', { server_name: 'x', config: { command: 'x' }, config_file: '/etc/passwd' });
    expect(elsewhere.status).toBe(404);
    const missing = await api('/servers/remove', { server_name: 'ghost' });
    expect(missing.status).toBe(404);
    expect(await text()).toBe(before);
  });
});

describe('raw config read and write', () => {
  it('shows secret values as [redacted] and puts them back when the text is saved unchanged there', async () => {
    const { json } = await api('/config');
    const [shown] = json['files'] as { path: string; hash: string; text: string }[];
    expect(shown!.path).toBe(file);
    expect(shown!.text).not.toContain('sk-secret-value-123');
    expect(shown!.text).toContain('"API_KEY": "[redacted]"');
    const edited = shown!.text.replace('// My servers', '// My servers, edited in the raw editor');
    const saved = await api('/config', { path: file, text: edited, hash: shown!.hash });
    expect(saved.status).toBe(200);
    const onDisk = await text();
    expect(onDisk).toContain('// My servers, edited in the raw editor');
    expect(onDisk).toContain('"API_KEY": "sk-secret-value-123"');
  });

  it('answers 409 with the current version when the file changed since it was read', async () => {
    const { json } = await api('/config');
    const [shown] = json['files'] as { hash: string; text: string }[];
    const external = (await text()).replace('/* keep this comment */', '/* changed by another editor */');
    await writeFile(file, external);
    const res = await api('/config', { path: file, text: shown!.text.replace('My servers', 'Mine'), hash: shown!.hash });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'CONFIG_CONFLICT', data: { current: { text: expect.stringContaining('changed by another editor') } } });
    expect(await text()).toBe(external);
  });

  it('rejects text that does not load, with the position, and keeps the file', async () => {
    const { json } = await api('/config');
    const [shown] = json['files'] as { hash: string; text: string }[];
    const before = await text();
    const res = await api('/config', { path: file, text: '{ "mcpServers": { "a": { "command": 1 } } }', hash: shown!.hash });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(String(res.json['error'])).toMatch(/mcp\.json:1:\d+: mcpServers\.a\.command/);
    expect(await text()).toBe(before);
  });
});

describe('server entries sent back by the UI with secrets shown as [redacted]', () => {
  it('update keeps a secret the form left as shown, and takes one typed anew', async () => {
    const entry = (JSON.parse(JSON.stringify(hub.core.server('brain')!.definition.entry)) as { env: Record<string, string> });
    const shown = { ...entry, env: { ...entry.env, API_KEY: '[redacted]' }, description: 'edited in the form' };
    expect((await api('/servers/update', { server_name: 'brain', config: shown })).status).toBe(200);
    expect(await text()).toContain('"API_KEY": "sk-secret-value-123"');
    expect(await text()).not.toContain('[redacted]');

    const retyped = { ...shown, env: { ...entry.env, API_KEY: 'sk-another-secret-456' } };
    expect((await api('/servers/update', { server_name: 'brain', config: retyped })).status).toBe(200);
    expect(await text()).toContain('"API_KEY": "sk-another-secret-456"');
  });

  it('update keeps a secret of an entry that does not load yet, while the form fixes it', async () => {
    const before = await text();
    const broken = `"broken": { "command": ${JSON.stringify(node)}, "args": "not a list", "env": { "TOKEN": "sk-broken-secret-789" }, "disabled": true },`;
    await writeFile(file, before.replace('"mcpServers": {', `"mcpServers": {\n    ${broken}`));
    await waitFor(() => hub.core.server('broken')?.definition.problem, 'the broken entry to load');
    expect(hub.core.serverInfo('broken').status).toBe('disabled');

    const fixed = { command: node, args: [], env: { TOKEN: '[redacted]' }, disabled: true };
    expect((await api('/servers/update', { server_name: 'broken', config: fixed })).status).toBe(200);
    expect(await text()).toContain('"TOKEN": "sk-broken-secret-789"');
    expect(hub.core.server('broken')!.definition.problem).toBeUndefined();
    expect((await api('/servers/remove', { server_name: 'broken' })).status).toBe(200);
  });

  it('refuses a new server holding [redacted] (a copy cannot carry a secret it was never shown)', async () => {
    const before = await text();
    const res = await api('/servers/add', { server_name: 'copy', config: { command: node, env: { API_KEY: '[redacted]' } } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(String(res.json['error'])).toMatch(/^copy\.env\.API_KEY: holds a value shown as \[redacted\]/);
    expect(await text()).toBe(before);
  });
});

describe('persistence', () => {
  it('keeps a server disabled across a hub restart', async () => {
    await api('/servers/stop?disable=true', { server_name: 'brain' });
    await hub.stop();
    hub = await startHub([file], { backupDir: join(dir, 'backups') });
    expect(hub.core.serverInfo('brain').status).toBe('disabled');
  });
});
