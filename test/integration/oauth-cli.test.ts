import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loginThroughForms } from '../fixtures/oauth/form-login.js';
import { startOAuthWorld } from '../fixtures/oauth/oauth-world.js';
import { callApi, node, removeDir, tempDir, waitFor, writeConfig } from '../helpers.js';

const CLI = new URL('../../main/cli.ts', import.meta.url).pathname;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('a headless hub prints where to log in, and takes the pasted address back through manual_callback', async () => {
  const world = await startOAuthWorld();
  cleanups.push(() => world.close());
  const home = await tempDir('mcp-hub-oauth-home-');
  cleanups.push(() => removeDir(home));
  const config = await writeConfig(home, { protected: { url: world.mcpServer.url } }, 'cli.json');
  const child = spawn(node, ['--import', 'tsx', CLI, '--port', '0', '--config', config], {
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_DATA_HOME: join(home, 'data'),
      // No keychain: this test must not write into the developer's own; the 0600 file takes the tokens.
      DBUS_SESSION_BUS_ADDRESS: 'disabled:',
      MCP_HUB_SECRET_FILE: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });

  const hubUrl = await waitFor(() => /listening on (http:\/\/\S+)\/mcp/.exec(stderr)?.[1], 'the listening line');
  const url = await waitFor(() => /server 'protected' needs a login\. Open this address in a browser:\n {2}(\S+)/.exec(stderr)?.[1], 'the login prompt');
  expect(stderr).toContain(`curl -X POST ${hubUrl}/api/oauth/manual_callback`);

  // The browser ran somewhere else: its last page did not load, and its address is pasted instead.
  const pasted = await loginThroughForms(url, world.authorizationServer.user);
  const done = await callApi(hubUrl, '/oauth/manual_callback', { url: pasted });
  expect(done.json).toMatchObject({ status: 'ok', server_name: 'protected' });
  const servers = await callApi(hubUrl, '/servers');
  expect(servers.json['servers']).toMatchObject([{ name: 'protected', status: 'connected' }]);

  const secrets = await readFile(join(home, 'data', 'mcp-hub', 'secrets.json'), 'utf8');
  expect(secrets).toContain(`oauth:tokens:${world.mcpServer.url}`);
  expect(stderr).toContain('Secrets are stored in');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
