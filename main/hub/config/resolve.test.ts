import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { loadConfigFiles } from './load.js';
import type { ServerDefinition } from './load.js';
import { parseGlobalEnv, PlaceholderError, resolveServer } from './resolve.js';
import type { ResolveContext, ResolvedServer } from './resolve.js';

let dir: string;
let hubCwd: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hub-config-resolve-'));
  hubCwd = join(dir, 'hub-cwd');
  await mkdir(hubCwd);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(overrides: Partial<ResolveContext> = {}): ResolveContext {
  return {
    env: { PATH: process.env.PATH, HOST_ONLY: 'host', SHARED: 'from-process', PORT: '7000' },
    globalEnv: { GLOBAL: 'g', SHARED: 'from-global', 'input:api-key': 'k-123' },
    cwd: hubCwd,
    ...overrides,
  };
}

/** Writes a config file with the given servers and returns the named server's definition. */
async function define(servers: Record<string, unknown>, name: string, file = 'mcp.json'): Promise<ServerDefinition> {
  const path = join(dir, file);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, JSON.stringify({ mcpServers: servers }, null, 2));
  const found = (await loadConfigFiles([path])).servers.find((s) => s.name === name);
  if (!found) throw new Error(`no server ${name}`);
  return found;
}

async function resolveOne(config: Record<string, unknown>, ctx = context(), file?: string): Promise<ResolvedServer> {
  return resolveServer(await define({ s: config }, 's', file), ctx);
}

async function failure(config: Record<string, unknown>, ctx = context()): Promise<PlaceholderError> {
  const error: unknown = await resolveOne(config, ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof PlaceholderError) return error;
  throw new Error(`expected a PlaceholderError, got ${String(error)}`);
}

function stdio(server: ResolvedServer) {
  if (server.transport !== 'stdio') throw new Error(`expected stdio, got ${server.transport}`);
  return server;
}

function remote(server: ResolvedServer) {
  if (server.transport === 'stdio') throw new Error('expected a remote server');
  return server;
}

describe('resolveServer: stdio', () => {
  it('resolves command, args, env and cwd', async () => {
    const server = stdio(
      await resolveOne({
        command: '${GLOBAL}-cmd',
        args: ['--port=${PORT}', '${input:api-key}', '$${literal}', '~/not-expanded'],
        env: { TOKEN: '${cmd: echo tok}' },
        cwd: 'sub/${GLOBAL}',
      }),
    );
    expect(server).toEqual({
      transport: 'stdio',
      command: 'g-cmd',
      args: ['--port=7000', 'k-123', '${literal}', '~/not-expanded'],
      env: { ...getDefaultEnvironment(), GLOBAL: 'g', SHARED: 'from-global', TOKEN: 'tok' },
      cwd: join(dir, 'sub', 'g'),
    });
  });

  it('builds the process env from the SDK defaults, MCP_HUB_ENV and the server env only', async () => {
    const { env } = stdio(await resolveOne({ command: 'x', env: { SHARED: 'mine', INHERIT: null } }));
    expect(env).toEqual({ ...getDefaultEnvironment(), GLOBAL: 'g', SHARED: 'mine' });
    // The hub's own environment is not leaked, and input: secrets are not handed to every server.
    expect(env).not.toHaveProperty('HOST_ONLY');
    expect(env).not.toHaveProperty('input:api-key');
  });

  it('applies priority predefined < process env < MCP_HUB_ENV < server env', async () => {
    const ctx = context({ env: { ...context().env, userHome: 'env-home' } });
    const { args } = stdio(
      await resolveOne(
        { command: 'x', args: ['${cwd}', '${userHome}', '${HOST_ONLY}', '${SHARED}', '${OWN}'], env: { OWN: 'own' } },
        ctx,
      ),
    );
    expect(args).toEqual([hubCwd, 'env-home', 'host', 'from-global', 'own']);
    const withOwn = stdio(await resolveOne({ command: 'x', args: ['${SHARED}'], env: { SHARED: 'server' } }));
    expect(withOwn.args).toEqual(['server']);
  });

  it('lets env entries use siblings and non-env fields use the resolved env', async () => {
    const server = stdio(
      await resolveOne({
        command: 'x',
        args: ['${DB_URL}'],
        env: { DB_URL: 'postgres://u:${DB_PASSWORD}@h', DB_PASSWORD: 'pw' },
      }),
    );
    expect(server.args).toEqual(['postgres://u:pw@h']);
    expect(server.env.DB_URL).toBe('postgres://u:pw@h');
  });

  it('inherits null env values from MCP_HUB_ENV or the process env', async () => {
    const { env } = stdio(await resolveOne({ command: 'x', env: { GLOBAL: null, HOST_ONLY: '', MISSING: null } }));
    expect(env.GLOBAL).toBe('g');
    expect(env.HOST_ONLY).toBe('host');
    expect(env).not.toHaveProperty('MISSING');
  });

  it('resolves ${workspaceFolder} to the project of a .vscode/mcp.json', async () => {
    const project = stdio(await resolveOne({ command: 'x', args: ['${workspaceFolder}', '${workspaceFolderBasename}'] }, context(), 'proj/.vscode/mcp.json'));
    expect(project.args).toEqual([join(dir, 'proj'), 'proj']);
    const global = stdio(await resolveOne({ command: 'x', args: ['${workspaceFolder}', '${userHome}${/}x'] }));
    expect(global.args).toEqual([hubCwd, `${homedir()}${join('/', 'x')}`]);
  });

  it('resolves a relative cwd against the config file directory, and keeps an absolute one', async () => {
    expect(stdio(await resolveOne({ command: 'x', cwd: '.' }, context(), 'nested/mcp.json')).cwd).toBe(join(dir, 'nested'));
    expect(stdio(await resolveOne({ command: 'x', cwd: '${cwd}' })).cwd).toBe(hubCwd);
    expect(stdio(await resolveOne({ command: 'x' }))).not.toHaveProperty('cwd');
  });

  it('times out a slow ${cmd: …}', async () => {
    const started = Date.now();
    const error = await failure({ command: 'x', env: { TOKEN: '${cmd: sleep 5}' } }, context({ cmdTimeoutMs: 200 }));
    expect(error.message).toBe('env.TOKEN: command timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a cycle in env', async () => {
    const error = await failure({ command: 'x', env: { A: '${B}', B: '${A}' } });
    expect(error.message).toBe('env.B: env entries refer to each other in a cycle: A -> B -> A');
  });

  it('names field and variable for an unknown variable', async () => {
    expect((await failure({ command: 'x', env: { X: 'a-${FOO}' } })).message).toBe('env.X: variable "FOO" is not set');
    expect((await failure({ command: 'x', args: ['a', '${FOO}'] })).field).toBe('args[1]');
    expect((await failure({ command: '${EMPTY}', env: { EMPTY: '' } })).message).toBe('command: variable "EMPTY" is not set');
  });

  it('rejects a command that resolves to nothing', async () => {
    expect((await failure({ command: '${E}', env: { E: '${cmd: true}' } })).message).toBe(
      'command: is empty after resolving placeholders',
    );
  });
});

describe('resolveServer: remote', () => {
  it.each([
    ['http', 'streamable-http'],
    ['streamable-http', 'streamable-http'],
    ['sse', 'sse'],
    [undefined, 'http-auto'],
  ] as const)('maps type %s to transport %s', async (type, transport) => {
    const server = remote(await resolveOne({ url: 'https://example.com/mcp', ...(type ? { type } : {}) }));
    expect(server.transport).toBe(transport);
  });

  it('maps type stdio to stdio', async () => {
    expect((await resolveOne({ type: 'stdio', command: 'x' })).transport).toBe('stdio');
  });

  it('checks the URL after resolution, so placeholders in host and port work', async () => {
    const server = remote(
      await resolveOne({
        url: 'http://localhost:${PORT}/mcp',
        headers: { Authorization: 'Bearer ${TOKEN}', 'X-Static': 'v' },
        env: { TOKEN: '${cmd: echo t0k}' },
      }),
    );
    expect(server).toEqual({
      transport: 'http-auto',
      url: new URL('http://localhost:7000/mcp'),
      headers: { Authorization: 'Bearer t0k', 'X-Static': 'v' },
    });
    expect(remote(await resolveOne({ url: '${BASE}/mcp', env: { BASE: 'https://h.example' } })).url.href).toBe(
      'https://h.example/mcp',
    );
  });

  it('rejects a URL that is invalid or not http(s) after resolution', async () => {
    expect((await failure({ url: '${BASE}/mcp', env: { BASE: 'not a url' } })).message).toBe(
      'url: not a valid URL after resolving placeholders',
    );
    expect((await failure({ url: 'ftp://${GLOBAL}/x' })).message).toBe(
      'url: only http: and https: URLs are supported, not ftp:',
    );
  });

  it('resolves the placeholders of an oauth entry, secrets included', async () => {
    const secrets = { get: async (name: string) => (name === 'client-secret' ? 'cs-from-store' : undefined) };
    const server = remote(
      await resolveServer(
        await define({ s: { url: 'https://x', oauth: { clientId: '${GLOBAL}-hub', clientSecret: '${secret:client-secret}', scopes: 'a b' } } }, 's'),
        context({ secrets }),
      ),
    );
    expect(server.oauth).toEqual({ clientId: 'g-hub', clientSecret: 'cs-from-store', scopes: 'a b' });
    expect(remote(await resolveOne({ url: 'https://x' })).oauth).toBeUndefined();
  });

  it('rejects a header value that resolves to several lines', async () => {
    expect((await failure({ url: 'https://x', headers: { A: '${cmd: printf "a\\nInjected: b"}' } })).message).toBe(
      'headers.A: value contains a line break or NUL after resolving placeholders',
    );
  });
});

describe('resolveServer: errors', () => {
  it('never puts secret values into messages', async () => {
    const ctx = context({ globalEnv: { SECRET: 'sk-live-999' } });
    const errors = [
      await failure({ url: 'https://x', headers: { Authorization: 'Bearer ${SECRET} ${MISSING}' } }, ctx),
      await failure({ url: '${SECRET}' }, ctx),
      await failure({ url: 'https://x', env: { T: '${SECRET}' }, headers: { A: '${cmd: echo ${T}; exit 1}' } }, ctx),
      await failure({ command: 'x', env: { T: '${cmd: echo ${SECRET}; echo ${SECRET} >&2; exit 2}' } }, ctx),
    ];
    expect(errors.map((e) => e.message)).toEqual([
      'headers.Authorization: variable "MISSING" is not set',
      'url: not a valid URL after resolving placeholders',
      'headers.A: command failed with exit code 1',
      'env.T: command failed with exit code 2',
    ]);
    for (const error of errors) expect(String(error.stack)).not.toContain('sk-live-999');
  });

  it('refuses a definition with a problem, using the problem as message', async () => {
    const def = await define({ bad: { command: 'x', args: 'nope' } }, 'bad');
    expect(def.problem).toBeDefined();
    await expect(resolveServer(def, context())).rejects.toThrow(def.problem);
  });

  it('stops before running anything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const def = await define({ s: { command: 'x', env: { A: '${cmd: exit 0}' } } }, 's');
    await expect(resolveServer(def, context({ signal: controller.signal }))).rejects.toThrow();
  });

  it('works with a context built from MCP_HUB_ENV', async () => {
    const ctx = context({ globalEnv: parseGlobalEnv('{"TOKEN": "abc"}') });
    expect(stdio(await resolveOne({ command: 'x', args: ['${TOKEN}'] }, ctx)).args).toEqual(['abc']);
  });
});
