import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApp } from '../../main/hub/compose.js';
import { createLogger } from '../../main/hub/log.js';
import { Redactor } from '../../main/hub/redactor.js';
import { connectClient, node, openEventStream, removeDir, SERVERS, startRemoteEverything, tempDir, waitFor, writeConfig, type RemoteServer } from '../helpers.js';

/** Distinctive values that must never leave the hub through the API, events or logs. */
const SECRETS = {
  literalEnv: 'lit-env-SECRET-4b1d9',
  placeholderEnv: 'placeholder-env-SECRET-77aa1',
  inheritedEnv: 'inherited-env-SECRET-c0ffee',
  header: 'header-SECRET-token-9f9f9',
  queryToken: 'query-SECRET-abcdef',
  globalEnv: 'global-env-SECRET-31337',
  apiToken: 'api-token-SECRET-e5e5e5',
};

let dir: string;
let hub: HubApp;
let remote: RemoteServer;
let logFile: string;
const collected: string[] = [];

/** A stdio server that prints its secret env to stderr, the way careless servers do, then serves. */
const LEAKY = `
for (const key of ['LITERAL', 'FROM_PLACEHOLDER', 'INHERITED', 'GLOBAL']) console.error(key + '=' + process.env[key]);
await import(${JSON.stringify(SERVERS.everything)});
`;

beforeAll(async () => {
  dir = await tempDir();
  remote = await startRemoteEverything('streamableHttp');
  const config = await writeConfig(dir, {
    leaky: {
      command: node,
      args: ['--input-type=module', '-e', LEAKY, 'stdio'],
      env: { LITERAL: SECRETS.literalEnv, FROM_PLACEHOLDER: '${SECRET_SOURCE}', INHERITED: null, GLOBAL: '${GLOBAL_SECRET}' },
    },
    remote: {
      url: `http://127.0.0.1:${remote.port}/mcp?token=${SECRETS.queryToken}`,
      headers: { Authorization: `Bearer ${SECRETS.header}` },
    },
    broken: { command: node, args: ['-e', 'process.exit(1)'], env: { KEY: SECRETS.literalEnv } },
  });
  const redactor = new Redactor();
  logFile = join(dir, 'logs', 'hub.log');
  hub = new HubApp({
    configFiles: [config],
    port: 0,
    apiToken: SECRETS.apiToken,
    redactor,
    logger: createLogger({ level: 'debug', file: logFile, redactor }),
    restartPolicy: { initialDelayMs: 50, maxDelayMs: 100, maxAttempts: 1, stableAfterMs: 60_000 },
    env: {
      ...process.env,
      SECRET_SOURCE: SECRETS.placeholderEnv,
      INHERITED: SECRETS.inheritedEnv,
      MCP_HUB_ENV: JSON.stringify({ GLOBAL_SECRET: SECRETS.globalEnv }),
    },
  });
  await hub.start();
  await hub.whenReady();
});

afterAll(async () => {
  await hub?.stop();
  await remote?.kill();
  await removeDir(dir);
});

const auth = { authorization: `Bearer ${SECRETS.apiToken}` };

async function api(path: string, body?: unknown): Promise<string> {
  const res = await fetch(`${hub.url}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  collected.push(text);
  return text;
}

describe('secrets', () => {
  it('reach the servers that need them', async () => {
    expect(hub.core.serverInfo('leaky').status).toBe('connected');
    expect(hub.core.serverInfo('remote').status).toBe('connected');
    // The leaky server printed them: the hub saw them, which is what makes the rest of this test mean something.
    const stderr = hub.core.server('leaky')!.logs.list().filter((entry) => entry.source === 'stderr');
    expect(stderr.map((entry) => entry.text)).toEqual(expect.arrayContaining(['LITERAL=[redacted]', 'INHERITED=[redacted]']));
  });

  it('never appear in a response, an event or a log line of a scripted session', async () => {
    const stream = await openEventStream(`${hub.url}/api/events`, { headers: auth });
    for (const path of ['/health', '/servers', '/openapi.json', '/refresh']) await api(path);
    for (const server of ['leaky', 'remote', 'broken']) {
      await api('/servers/info', { server_name: server });
      await api('/servers/logs', { server_name: server });
    }
    // get-env returns the server's whole environment: the REST response must not carry it out.
    await api('/servers/tools', { server_name: 'leaky', tool: 'get-env', arguments: {} });
    await api('/servers/stop', { server_name: 'leaky' });
    await api('/servers/start', { server_name: 'leaky' });
    await api('/servers/refresh', { server_name: 'remote' });
    await api('/servers/tools', { server_name: 'remote', tool: 'no-such-tool' });
    await api('/restart', {});
    await waitFor(() => hub.core.serverInfo('leaky').status === 'connected', 'leaky after the restart');
    const client = await connectClient(`${hub.url}/mcp`, 'streamable', { headers: auth });
    await client.callTool({ name: 'remote__echo', arguments: { message: 'hi' } });
    await client.close();
    await waitFor(() => stream.frames.some((f) => f.event === 'log'), 'log events');
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const logs = readdirSync(join(dir, 'logs')).map((file) => readFileSync(join(dir, 'logs', file), 'utf8'));
    const everything = [...collected, ...stream.frames.map((frame) => JSON.stringify(frame)), ...logs].join('\n');
    expect(collected.some((text) => text.includes('[redacted]'))).toBe(true);
    for (const [what, secret] of Object.entries(SECRETS)) {
      expect(everything.includes(secret), `${what} leaked`).toBe(false);
    }
  });
});
