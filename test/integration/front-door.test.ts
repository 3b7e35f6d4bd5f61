import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationInput, type OperationName } from '../../shared/contract.js';
import { HubClientError, createIpcHubClient, type HubClient, type OperationReply, type WindowHubApi } from '../../shared/hub-client.js';
import { exposeHub } from '../../preload/expose-hub.js';
import { FakeElectron, FakeWebContents } from '../../main/desktop/fake-electron.js';
import { registerIpcHandlers } from '../../main/desktop/ipc.js';
import type { HubApp } from '../../main/hub/compose.js';
import { createHttpHubClient } from '../../renderer/src/hub/http-client.js';
import { node, removeDir, SERVERS, startHub, tempDir, writeConfig } from '../helpers.js';

// One hub, three ways in: the UI's HTTP client (REST), the desktop window's client (IPC, through
// fake Electron objects: there is no Electron binary here) and the in-process client the tray
// uses. Every operation of the contract must answer the same on all three, and none may hand out
// a secret of the config.

const SECRETS = ['front-door-env-secret-1', 'front-door-header-secret-2', 'front-door-added-secret-3', 'front-door-stderr-secret-4'];
const FIXTURE_HOME = fileURLToPath(new URL('../fixtures/client-home', import.meta.url));

let dir: string;
let hub: HubApp;
let configFile: string;
const clients: Record<'rest' | 'ipc' | 'in-process', HubClient> = {} as never;

beforeAll(async () => {
  dir = await tempDir();
  const home = join(dir, 'home');
  await cp(FIXTURE_HOME, home, { recursive: true });
  configFile = await writeConfig(dir, {
    memory: {
      command: node,
      // A careless server: its secret goes to stderr, and from there into its log.
      args: ['--input-type=module', '-e', `console.error('KEY=' + process.env.STDERR_KEY); await import(${JSON.stringify(SERVERS.memory)});`],
      env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl'), API_KEY: SECRETS[0], STDERR_KEY: SECRETS[3] },
    },
    everything: { command: node, args: [SERVERS.everything, 'stdio'] },
    remote: { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: `Bearer ${SECRETS[1]}` }, disabled: true },
    parked: { command: node, args: ['-e', ''], disabled: true },
  });
  hub = await startHub([configFile], {
    backupDir: join(dir, 'backups'),
    clients: { where: { home, platform: 'linux', env: {} }, recordsFile: join(dir, 'client-connections.json') },
  });

  const electron = new FakeElectron();
  const contents = new FakeWebContents();
  registerIpcHandlers(electron.ipcMain, hub.service, () => true);
  let windowHub: unknown;
  exposeHub({ exposeInMainWorld: (_key, api) => (windowHub = api) }, electron.ipcRenderer(contents, { url: 'file:///app/index.html', parent: null }));
  clients.rest = createHttpHubClient({ baseUrl: hub.url });
  clients.ipc = createIpcHubClient(windowHub as WindowHubApi);
  clients['in-process'] = hub.service.client();
});

afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

async function reply<N extends OperationName>(client: HubClient, name: N, input: OperationInput<N>): Promise<OperationReply<unknown>> {
  try {
    return { ok: true, result: await client.invoke(name, input) };
  } catch (error) {
    if (!(error instanceof HubClientError)) throw error;
    return { ok: false, error: { code: error.code, message: error.message, status: error.status, data: error.data } };
  }
}

/** What may differ between two asks a moment apart: how long a server has been up, when a backup was made. */
function steady(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, item: unknown) => {
    if (key === 'uptime') return 0;
    if (key === 'backup' && typeof item === 'string') return item.replace(/\d{4}-\d\d-\d\dT[\d-]+\.\d+Z$/, '<time>');
    return item;
  });
}

interface Case<N extends OperationName> {
  input: OperationInput<N> | (() => Promise<OperationInput<N>>);
  /** Puts the hub back as it was, so the next way in meets the same state. */
  undo?: () => Promise<unknown>;
}
type Cases = { [N in OperationName]: Case<N> };

const inProcess = () => clients['in-process'];
const parked = { command: node, args: ['-e', ''], disabled: true };

const cases: Cases = {
  health: { input: {} },
  listServers: { input: {} },
  getServer: { input: { server_name: 'memory' } },
  refreshServer: { input: { server_name: 'everything' } },
  refreshAll: { input: {} },
  startServer: { input: { server_name: 'memory' } },
  stopServer: { input: { server_name: 'parked' } },
  callTool: { input: { server_name: 'everything', tool: 'echo', arguments: { message: 'through the front door' } } },
  readResource: { input: { server_name: 'everything', uri: 'demo://resource/static/document/features.md' } },
  getPrompt: { input: { server_name: 'everything', prompt: 'simple-prompt' } },
  authorizeServer: { input: { server_name: 'memory' } },
  logoutServer: { input: { server_name: 'memory' } },
  completeLogin: { input: { url: 'http://127.0.0.1:1/api/oauth/callback?state=no-such-login&code=abc' } },
  getServerLogs: { input: { server_name: 'memory' } },
  addServer: {
    input: { server_name: 'added', config: { command: node, args: ['-e', ''], env: { TOKEN: SECRETS[2]! }, disabled: true } },
    undo: () => inProcess().invoke('removeServer', { server_name: 'added' }),
  },
  updateServer: { input: { server_name: 'parked', config: parked } },
  removeServer: {
    input: { server_name: 'parked' },
    undo: () => inProcess().invoke('addServer', { server_name: 'parked', config: parked }),
  },
  renameServer: {
    input: { server_name: 'parked', new_name: 'parked-renamed' },
    undo: () => inProcess().invoke('renameServer', { server_name: 'parked-renamed', new_name: 'parked' }),
  },
  readConfig: { input: {} },
  // Written over a version that is not on disk: refused, with what is on disk now.
  writeConfig: { input: async () => ({ path: configFile, text: '{"mcpServers": {}}', hash: 'stale' }) },
  listSessions: { input: {} },
  listWorkspaces: { input: {} },
  listMarketplace: { input: {} },
  marketplaceDetails: { input: { mcpId: 'io.github.modelcontextprotocol/server-memory' } },
  installFromMarketplace: { input: { mcpId: 'no.such/entry', server_name: 'x', values: {} } },
  listClients: { input: {} },
  importServers: { input: { client: 'cursor', servers: [{ name: 'no-such-server' }] } },
  connectClient: { input: { client: 'cursor' }, undo: () => inProcess().invoke('undoConnectClient', { client: 'cursor' }) },
  undoConnectClient: { input: { client: 'vscode' } },
  setToolEnabled: {
    input: { server_name: 'everything', tool: 'get-tiny-image', enabled: false },
    undo: () => inProcess().invoke('setToolEnabled', { server_name: 'everything', tool: 'get-tiny-image', enabled: true }),
  },
  approveTools: { input: { server_name: 'everything', tools: ['echo'] } },
  getToolChange: { input: { server_name: 'everything', tool: 'echo' } },
  listProfiles: { input: {} },
  saveProfile: {
    input: { name: 'research', profile: { servers: ['everything'], tools: { deny: ['everything__get-tiny-image'] } } },
    undo: () => inProcess().invoke('removeProfile', { name: 'research' }),
  },
  previewProfile: { input: { profile: { servers: ['everything'], toolMode: 'search' } } },
  removeProfile: { input: { name: 'no-such-profile' } },
  getProject: { input: {} },
  trustProject: { input: { hash: 'no-project-here' } },
  cliCommand: { input: {} },
  // This hub has no bundled CLI (it is not the app): refused the same way everywhere.
  installCliCommand: { input: {} },
  removeCliCommand: { input: {} },
  restartHub: { input: {} },
  hardRestart: { input: {} },
};

describe('one front door: every operation through REST, IPC and in-process', () => {
  it('has a case for every operation of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(operations).sort());
  });

  it('answers every operation the same on all three, with no secret in any answer', async () => {
    const answers: Record<string, Record<string, unknown>> = {};
    for (const name of Object.keys(cases) as OperationName[]) {
      const { input, undo } = cases[name] as Case<OperationName>;
      answers[name] = {};
      for (const [way, client] of Object.entries(clients)) {
        const given = typeof input === 'function' ? await input() : input;
        answers[name][way] = steady(await reply(client, name, given));
        if (undo) await undo();
      }
      const [first, ...rest] = Object.values(answers[name]);
      for (const other of rest) expect(other, name).toEqual(first);
    }

    const all = JSON.stringify(answers);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
    // The answers did hold them, blanked: the config's text, the log line, the conflict's copy.
    expect(answers['readConfig']!['ipc']).toMatchObject({ ok: true });
    expect(JSON.stringify(answers['readConfig'])).toContain('[redacted]');
    expect(JSON.stringify(answers['getServerLogs'])).toContain('KEY=[redacted]');
    expect(answers['writeConfig']!['rest']).toMatchObject({ ok: false, error: { code: 'CONFIG_CONFLICT', status: 409 } });
    expect(JSON.stringify(answers['writeConfig'])).toContain('[redacted]');
    // Failures carry the contract's codes and statuses on every way in.
    expect(answers['authorizeServer']!['in-process']).toMatchObject({ ok: false, error: { code: 'SERVER_NOT_REMOTE', status: 400 } });
    expect(answers['hardRestart']!['ipc']).toMatchObject({ ok: false, error: { code: 'HARD_RESTART_UNAVAILABLE', status: 501 } });
    expect(answers['callTool']!['ipc']).toMatchObject({ ok: true, result: { result: { content: [{ type: 'text', text: 'Echo: through the front door' }] } } });
    expect(answers['setToolEnabled']!['rest']).toMatchObject({ ok: true, result: { server: { hidden: [{ kind: 'tool', name: 'get-tiny-image' }] } } });
    expect(answers['approveTools']!['ipc']).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_APPROVE', status: 409 } });
    expect(answers['saveProfile']!['ipc']).toMatchObject({ ok: true, result: { profile: { name: 'research', servers: ['everything'], problem: null } } });
    expect(answers['previewProfile']!['ipc']).toMatchObject({ ok: true, result: { servers: ['everything'], listedTools: 3 } });
    expect(answers['removeProfile']!['rest']).toMatchObject({ ok: false, error: { code: 'PROFILE_NOT_FOUND', status: 404 } });
    // The config file itself still holds the secrets it was given: only answers are blanked.
    expect(await readFile(configFile, 'utf8')).toContain(SECRETS[0]);
  });
});
