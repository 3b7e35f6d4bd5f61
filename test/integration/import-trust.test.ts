import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientSummary } from '../../shared/clients.js';
import type { HubApp } from '../../main/hub/compose.js';
import { MemorySecretStore } from '../../main/hub/secrets/memory-store.js';
import { callApi, connectClient, node, removeDir, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

const RECEIVED = new URL('../fixtures/received-server.mjs', import.meta.url).pathname;

/**
 * Issue 19, item 3: a client's file holding `${cmd: …}` and `${secret:…}` (inert text in that
 * client) is imported; nothing runs and no secret is read, at import, at start or at reconnect.
 */
describe('importing from another app keeps inert text inert', () => {
  let dir: string;
  let home: string;
  let hub: HubApp;
  const marker = (n: number) => join(dir, `marker-${n}`);
  const touch = (n: number) => `\${cmd: touch ${marker(n)}}`;

  beforeEach(async () => {
    dir = await tempDir();
    home = join(dir, 'home');
    const servers = {
      local: {
        command: node,
        args: [RECEIVED, touch(1), '${secret:server:victim:TOKEN}', '${env:T_IMPORT_VAR}'],
        env: { T_CMD: touch(2), T_SECRET: '${secret:server:victim:TOKEN}', T_TRANSLATED: '${env:T_IMPORT_VAR}' },
      },
      // Port 9 answers nothing: the hub reconnects again and again, resolving the entry each time.
      remote: { url: `http://127.0.0.1:9/mcp?q=${touch(3)}`, headers: { 'X-Token': touch(4), 'X-Secret': '${secret:server:victim:TOKEN}' } },
    };
    await mkdir(join(home, '.cursor'), { recursive: true });
    await writeFile(join(home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: servers }));
    await mkdir(join(home, '.config', 'Claude'), { recursive: true });
    await writeFile(join(home, '.config', 'Claude', 'claude_desktop_config.json'), JSON.stringify({ mcpServers: { local: { ...servers.local, args: [RECEIVED, touch(5)] } } }));
    const secrets = new MemorySecretStore();
    await secrets.set('server:victim:TOKEN', 'victim-secret-value');
    hub = await startHub([await writeConfig(dir, {})], {
      backupDir: join(dir, 'backups'),
      env: { ...process.env, T_IMPORT_VAR: 'from-the-environment' },
      openSecretStore: async () => secrets,
      clients: { where: { home, platform: 'linux', env: {} }, recordsFile: join(dir, 'state', 'connections.json'), bridge: { command: node, args: ['/opt/mcp-hub/cli.js'] } },
    });
  });
  afterEach(async () => {
    await hub.stop();
    await removeDir(dir);
  });

  const markers = () => [1, 2, 3, 4, 5].filter((n) => existsSync(marker(n)));

  it('shows the exact command line and environment before writing, with ${cmd:} as text', async () => {
    const { json } = await callApi(hub.url, '/clients');
    const cursor = (json['clients'] as ClientSummary[]).find((c) => c.id === 'cursor')!;
    const local = cursor.servers.find((s) => s.name === 'local')!;
    expect(local.preview).toEqual({
      commandLine: `${node} ${RECEIVED} '\${cmd: touch ${marker(1)}}' '\${secret:server:victim:TOKEN}' '\${env:T_IMPORT_VAR}'`,
      env: { T_CMD: `\${cmd: touch ${marker(2)}}`, T_SECRET: '${secret:server:victim:TOKEN}', T_TRANSLATED: '${env:T_IMPORT_VAR}' },
      cwd: null,
      url: null,
      headers: {},
      placeholders: ['${env:T_IMPORT_VAR}'],
      literals: [`\${cmd: touch ${marker(1)}}`, '${secret:server:victim:TOKEN}', `\${cmd: touch ${marker(2)}}`],
      notes: [],
    });
    expect(local.config!.args![1]).toBe(`$\${cmd: touch ${marker(1)}}`);
    const remote = cursor.servers.find((s) => s.name === 'remote')!;
    expect(remote.preview).toMatchObject({ url: `http://127.0.0.1:9/mcp?q=\${cmd: touch ${marker(3)}}`, headers: { 'X-Token': `\${cmd: touch ${marker(4)}}` }, placeholders: [] });
    expect(markers()).toEqual([]);
  });

  it('runs no command and reads no secret at import, at start or at reconnect', async () => {
    const imported = await callApi(hub.url, '/clients/import', { client: 'cursor', servers: [{ name: 'local' }, { name: 'remote' }] });
    expect(imported.status).toBe(200);
    const desktop = await callApi(hub.url, '/clients/import', { client: 'claude-desktop', servers: [{ name: 'local', as: 'desktop-local' }] });
    expect(desktop.status).toBe(200);
    expect(markers()).toEqual([]);

    await waitFor(() => hub.core.serverInfo('local').status === 'connected', 'the imported server to start');
    await waitFor(() => hub.core.serverInfo('desktop-local').status === 'connected', 'the second imported server to start');
    const mcp = await connectClient(`${hub.url}/mcp`);
    const result = await mcp.callTool({ name: 'local__received', arguments: {} });
    const received = JSON.parse((result.content as { text: string }[])[0]!.text) as { args: string[]; env: Record<string, string> };
    // Literal text reaches the server as Cursor would have passed it; Cursor's ${env:} is still resolved.
    expect(received.args).toEqual([`\${cmd: touch ${marker(1)}}`, '${secret:server:victim:TOKEN}', 'from-the-environment']);
    expect(received.env).toEqual({ T_CMD: `\${cmd: touch ${marker(2)}}`, T_SECRET: '${secret:server:victim:TOKEN}', T_TRANSLATED: 'from-the-environment' });
    await mcp.close();

    // Reconnects: a restart of everything, and the remote's own retries meanwhile.
    expect((await callApi(hub.url, '/restart', {})).status).toBe(200);
    await waitFor(() => hub.core.serverInfo('local').status === 'connected', 'the server to come back');
    await waitFor(() => (hub.core.serverInfo('remote').restart?.attempt ?? 0) >= 2 || hub.core.serverInfo('remote').status === 'error', 'the remote to be retried');
    expect(markers()).toEqual([]);
  });
});
