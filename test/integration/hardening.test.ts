import { createServer, type Server } from 'node:http';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { createLogger } from '../../main/hub/log.js';
import { Redactor } from '../../main/hub/redactor.js';
import { callApi, connectClient, node, removeDir, SERVERS, startHub, tempDir, toolServer, waitFor, writeConfig } from '../helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

/** A body sent exactly as given, with the headers given. */
async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** `{"a":{"a":…}}` nested `depth` deep. */
const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('bad input gets a client error that says what was wrong', () => {
  let hub: HubApp;
  beforeAll(async () => {
    hub = await startHub([await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } }, 'bad-input.json')], {
      uiDir: join(dir, 'no-ui-here'),
    });
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('415 for a charset or content-encoding the hub does not read, 400 for a broken gzip body', async () => {
    const url = `${hub.url}/api/servers/info`;
    const charset = await post(url, '{"server_name":"everything"}', { 'content-type': 'application/json; charset=latin1' });
    expect(charset).toMatchObject({ status: 415, json: { code: 'UNSUPPORTED_MEDIA_TYPE', error: expect.stringMatching(/charset/) } });
    const encoding = await post(url, '{"server_name":"everything"}', { 'content-type': 'application/json', 'content-encoding': 'x-unheard-of' });
    expect(encoding).toMatchObject({ status: 415, json: { code: 'UNSUPPORTED_MEDIA_TYPE', error: expect.stringMatching(/encoding/) } });
    const brokenGzip = await post(url, gzipSync('{"server_name":"everything"}').subarray(0, 12), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(brokenGzip.status).toBe(400);
    const gzipped = await post(url, gzipSync('{"server_name":"everything"}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(gzipped).toMatchObject({ status: 200, json: { server: { name: 'everything' } } });
  });

  it('415 for a body that is not JSON: a page cannot post one without asking the hub first', async () => {
    const res = await post(`${hub.url}/api/servers/stop`, '{"server_name":"everything"}', { 'content-type': 'text/plain' });
    expect(res).toMatchObject({ status: 415, json: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(hub.core.serverInfo('everything').status).toBe('connected');
  });

  it('400 for tool arguments nested 5,000 deep, on REST and on /mcp, and the hub goes on', async () => {
    const body = `{"server_name":"everything","tool":"echo","arguments":${nested(5_000)}}`;
    const rest = await post(`${hub.url}/api/servers/tools`, body, { 'content-type': 'application/json' });
    expect(rest).toMatchObject({ status: 400, json: { code: 'VALIDATION_ERROR', error: expect.stringMatching(/nested deeper/) } });
    const call = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"everything__echo","arguments":${nested(5_000)}}}`;
    const mcp = await post(`${hub.url}/mcp`, call, { 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
    expect(mcp).toMatchObject({ status: 400, json: { error: { code: -32600, message: expect.stringMatching(/nested deeper/) } } });
    const client = await connectClient(`${hub.url}/mcp`);
    try {
      const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
      expect(echo.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
    } finally {
      await client.close();
    }
  });

  it('404 without a word about the hub’s files for paths that are not there', async () => {
    for (const path of ['/assets/', '/assets/../../etc/passwd', '/assets/missing.js']) {
      const res = await fetch(`${hub.url}${path}`);
      const text = await res.text();
      expect(res.status, path).toBe(404);
      expect(text, path).not.toContain(dir);
    }
  });

  it('400 for a server name that cannot be one, saying why; nothing is written', async () => {
    const config = { command: node, args: ['-e', ''], disabled: true };
    const refused = ['nul\u0000name', 'new\nline', 'evil\u202Etxt', 'a/b', '..', 'x__y', 'x'.repeat(1_000_000)];
    for (const name of refused) {
      const added = await callApi(hub.url, '/servers/add', { server_name: name, config });
      expect(added.status, JSON.stringify(name.slice(0, 20))).toBe(400);
      expect(added.json).toMatchObject({ code: 'VALIDATION_ERROR', error: expect.stringMatching(/server name/) });
    }
    const renamed = await callApi(hub.url, '/servers/rename', { server_name: 'everything', new_name: 'every/thing' });
    expect(renamed).toMatchObject({ status: 400, json: { error: expect.stringMatching(/server name/) } });
    expect(hub.core.serverInfos().map((server) => server.name)).toEqual(['everything']);
  });

  it('answers many GET /api/refresh at once with one re-read of each server', async () => {
    const server = hub.core.server('everything')!;
    let rereads = 0;
    const reread = server.refreshCatalog.bind(server);
    server.refreshCatalog = () => {
      rereads++;
      return reread();
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => callApi(hub.url, '/refresh')));
    expect(answers.every(({ status }) => status === 200)).toBe(true);
    expect(rereads).toBe(1);
  });
});

describe('the log keeps credentials out, is private, and is rotated as promised', () => {
  let remote: Server;
  let hub: HubApp;
  const logDir = () => join(dir, 'logs');
  const TOKEN = 'SECRET456-token-value';

  beforeAll(async () => {
    // A careless remote server: it refuses the token and says which one.
    remote = createServer((req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`bad token: ${String(req.headers.authorization).replace(/^Bearer /, '')}`);
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    const redactor = new Redactor();
    const config = await writeConfig(
      dir,
      { careless: { url: `http://127.0.0.1:${(remote.address() as AddressInfo).port}/mcp`, headers: { Authorization: `Bearer ${TOKEN}` } } },
      'careless.json',
    );
    hub = await startHub([config], {
      redactor,
      logger: createLogger({ level: 'debug', file: join(logDir(), 'hub.log'), redactor, rotation: { size: '20k', files: 3 } }),
    });
  });
  afterAll(async () => {
    await hub.stop();
    await new Promise((resolve) => remote.close(resolve));
  });

  it('blanks the token a remote echoes without its scheme, in the log and in the events', async () => {
    const events = JSON.stringify(await callApi(hub.url, '/servers/logs', { server_name: 'careless' }));
    const logs = await waitFor(async () => {
      const texts = await Promise.all((await readdir(logDir())).map((file) => readFile(join(logDir(), file), 'utf8')));
      return texts.join('').includes('bad token') ? texts.join('') : undefined;
    }, 'the refusal in the log file');
    expect(logs).not.toContain(TOKEN);
    expect(logs).toContain('bad token: [redacted]');
    expect(events).not.toContain(TOKEN);
  });

  it('writes log files only its user can read, and keeps the number of files it promised', async () => {
    const logger = createLogger({ level: 'info', file: join(logDir(), 'rotated.log'), rotation: { size: '20k', files: 3 } });
    // In bursts, as a hub logs: pino-roll rolls over between writes.
    for (let burst = 0; burst < 30; burst++) {
      for (let i = 0; i < 100; i++) logger.info({ i }, `a line long enough to fill the files quickly ${'.'.repeat(60)}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    const files = await waitFor(async () => {
      const rotated = (await readdir(logDir())).filter((file) => file.startsWith('rotated'));
      return rotated.length === 3 ? rotated : undefined;
    }, 'rotation to settle at three files');
    for (const file of files) expect(((await stat(join(logDir(), file))).mode & 0o777).toString(8), file).toBe('600');
  });
});

describe('namespaced names never shadow each other', () => {
  it("lists server x's tool y__echo and server x__y's tool echo under names of their own, each reaching its server", async () => {
    const extra = join(dir, 'extra-tool');
    await writeFile(extra, 'y__echo');
    const hub = await startHub([await writeConfig(dir, { x: toolServer({ EXTRA_TOOL_FILE: extra }), x__y: toolServer() }, 'collide.json')]);
    const client = await connectClient(`${hub.url}/mcp`);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).not.toContain('x__y__echo');
      const shared = names.filter((name) => name.startsWith('x__y__echo_'));
      expect(shared).toHaveLength(2);
      const answers = await Promise.all(shared.map(async (name) => (await client.callTool({ name, arguments: { message: 'from x__y' } })).content));
      expect(answers.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
        [{ type: 'text', text: 'from x__y' }],
        [{ type: 'text', text: 'y__echo' }],
      ]);
      // Names no other server shares keep their plain form.
      expect(names).toContain('x__wait');
      expect(names).toContain('x__y__wait');
    } finally {
      await client.close();
      await hub.stop();
    }
  });
});
