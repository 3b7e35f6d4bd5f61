import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientSummary } from '../../shared/clients.js';
import { parseClientDocument } from '../../main/hub/clients/client-file.js';
import { KNOWN_CLIENTS, type ClientId } from '../../main/hub/clients/known-clients.js';
import type { HubApp } from '../../main/hub/compose.js';
import { callApi, connectClient, node, removeDir, SERVERS, startHub, tempDir, waitFor, writeConfig } from '../helpers.js';

/** Real-format config files of each client, laid out as in a Linux home. */
const FIXTURE_HOME = fileURLToPath(new URL('../fixtures/client-home', import.meta.url));
const CLIENT_FILES = {
  'claude-desktop': '.config/Claude/claude_desktop_config.json',
  'claude-code': '.claude.json',
  cursor: '.cursor/mcp.json',
  vscode: '.config/Code/User/mcp.json',
  windsurf: '.codeium/windsurf/mcp_config.json',
  codex: '.codex/config.toml',
  'gemini-cli': '.gemini/settings.json',
} as const;

describe('MCP client configs: import, connect, undo', () => {
  let dir: string;
  let home: string;
  let hub: HubApp;
  let configPath: string;

  beforeEach(async () => {
    dir = await tempDir();
    home = join(dir, 'home');
    await cp(FIXTURE_HOME, home, { recursive: true });
    configPath = await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory] } });
    hub = await startHub([configPath], {
      backupDir: join(dir, 'backups'),
      clients: {
        where: { home, platform: 'linux', env: {} },
        recordsFile: join(dir, 'state', 'client-connections.json'),
        bridge: { command: node, args: ['/opt/mcp-hub/cli.js'] },
      },
    });
  });
  afterEach(async () => {
    await hub.stop();
    await removeDir(dir);
  });

  const clients = async (): Promise<ClientSummary[]> => {
    const { status, json } = await callApi(hub.url, '/clients');
    expect(status).toBe(200);
    return json['clients'] as ClientSummary[];
  };
  const client = async (id: string) => (await clients()).find((c) => c.id === id)!;
  const snapshot = async () =>
    Object.fromEntries(await Promise.all(Object.entries(CLIENT_FILES).map(async ([id, file]) => [id, await readFile(join(home, file))])));

  it("lists every client's servers as the hub would configure them, with duplicates found", async () => {
    const all = await clients();
    expect(all.map((c) => [c.id, c.exists, c.error])).toEqual(Object.keys(CLIENT_FILES).map((id) => [id, true, null]));
    const servers = Object.fromEntries(all.map((c) => [c.id, Object.fromEntries(c.servers.map((s) => [s.name, s]))]));

    expect(servers['claude-desktop']!['github']!.config).toEqual({
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'fixture-token-value' },
    });
    expect(servers['claude-code']!['sentry']!.config).toEqual({ type: 'http', url: 'https://mcp.sentry.dev/mcp' });
    expect(servers['cursor']!['linear']!.config).toEqual({ url: 'https://mcp.linear.app/sse' });
    // JSONC with comments and a trailing comma, and VS Code's ${input:} left for the hub to resolve.
    expect(servers['vscode']!['perplexity']!.config).toMatchObject({ type: 'stdio', env: { PERPLEXITY_API_KEY: '${input:perplexity-key}' } });
    expect(servers['windsurf']!['context7']!.config).toEqual({ url: 'https://mcp.context7.com/mcp', headers: { CONTEXT7_API_KEY: '${env:CONTEXT7_API_KEY}' } });
    expect(servers['codex']!['docs']!.config).toEqual({ command: 'npx', args: ['-y', 'mcp-server-docs'], env: { DOCS_ROOT: '/home/user/docs' } });
    expect(servers['codex']!['figma']!.config).toEqual({ url: 'https://mcp.figma.com/mcp', headers: { Authorization: 'Bearer ${env:FIGMA_TOKEN}' } });
    expect(servers['gemini-cli']!['deepwiki']!.config).toEqual({ url: 'https://mcp.deepwiki.com/mcp', type: 'streamable-http' });
    expect(servers['gemini-cli']!['everything']!.config).toMatchObject({ timeout: 30000 });

    // The hub already has a server named memory (another command line): a duplicate by name.
    expect(servers['cursor']!['memory']!.duplicateOf).toEqual({ server: 'memory', by: 'name' });
    expect(servers['cursor']!['linear']!.duplicateOf).toBeNull();
  });

  it("imports the chosen servers into the hub's config without touching the client's file", async () => {
    const before = await snapshot();
    const { status, json } = await callApi(hub.url, '/clients/import', {
      client: 'cursor',
      servers: [{ name: 'memory', as: 'cursor-memory' }],
    });
    expect(status).toBe(200);
    expect((json['servers'] as { name: string }[]).map((s) => s.name)).toEqual(['cursor-memory']);
    const written = JSON.parse(await readFile(configPath, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(written.mcpServers['cursor-memory']).toEqual({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] });
    expect(await snapshot()).toEqual(before);

    // Same name as an existing server without a new name: refused, nothing written.
    const clash = await callApi(hub.url, '/clients/import', { client: 'claude-code', servers: [{ name: 'memory' }] });
    expect(clash.status).toBe(409);
    expect(clash.json['error']).toMatch(/'memory' already exists/);

    // Now the command line is known to the hub: the same server in Claude Code is a duplicate by command.
    const claudeCode = await client('claude-code');
    expect(claudeCode.servers.find((s) => s.name === 'memory')!.duplicateOf).toEqual({ server: 'cursor-memory', by: 'command' });
  });

  it('an imported server runs: a client file pointing at a real server, imported, connects and serves its tools', async () => {
    await writeFile(join(home, CLIENT_FILES.cursor), JSON.stringify({ mcpServers: { notes: { command: node, args: [SERVERS.memory] } } }, null, 2));
    const { status } = await callApi(hub.url, '/clients/import', { client: 'cursor', servers: [{ name: 'notes' }] });
    expect(status).toBe(200);
    await waitFor(() => hub.core.serverInfo('notes').status === 'connected', 'the imported server to connect');
    const mcp = await connectClient(`${hub.url}/mcp`);
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name)).toContain('notes__read_graph');
    await mcp.close();
  });

  it.each(Object.keys(CLIENT_FILES))('connect then undo leaves %s byte-identical', async (id) => {
    const path = join(home, CLIENT_FILES[id as keyof typeof CLIENT_FILES]);
    const original = await readFile(path);

    const connected = await callApi(hub.url, '/clients/connect', { client: id });
    expect(connected.status).toBe(200);
    expect(connected.json['backup']).toEqual(expect.any(String));
    const text = await readFile(path, 'utf8');
    const summary = await client(id);
    expect(summary).toMatchObject({ connected: true, undoAvailable: true });
    // The hub's own entry is never offered for import.
    expect(summary.servers.find((s) => s.name === 'mcp-hub')).toMatchObject({ isHub: true });
    // Everything else in the file is still there.
    const known = KNOWN_CLIENTS[id as ClientId];
    const after = parseClientDocument(known, path, text);
    const servers = after[known.serversKey] as Record<string, unknown>;
    delete servers['mcp-hub'];
    expect(after).toEqual(parseClientDocument(known, path, original.toString('utf8')));

    const undone = await callApi(hub.url, '/clients/undo', { client: id });
    expect(undone.json).toMatchObject({ status: 'ok', restored: 'previous-version' });
    expect(await readFile(path)).toEqual(original);
    expect(await client(id)).toMatchObject({ connected: false, undoAvailable: false });
  });

  it('writes the entry each client understands', async () => {
    for (const id of Object.keys(CLIENT_FILES)) expect((await callApi(hub.url, '/clients/connect', { client: id })).status).toBe(200);
    const json = async (file: string) => JSON.parse(await readFile(join(home, file), 'utf8')) as Record<string, Record<string, unknown>>;
    const url = `${hub.url}/mcp`;
    const bridge = { command: node, args: ['/opt/mcp-hub/cli.js', 'stdio', '--port', String(hub.port)] };
    expect((await json(CLIENT_FILES['claude-desktop'])).mcpServers!['mcp-hub']).toEqual(bridge);
    expect((await json(CLIENT_FILES['claude-code'])).mcpServers!['mcp-hub']).toEqual({ type: 'http', url });
    expect((await json(CLIENT_FILES.cursor)).mcpServers!['mcp-hub']).toEqual({ url });
    expect((await json(CLIENT_FILES.windsurf)).mcpServers!['mcp-hub']).toEqual({ serverUrl: url });
    expect((await json(CLIENT_FILES['gemini-cli'])).mcpServers!['mcp-hub']).toEqual({ httpUrl: url });
    const codex = parseToml(await readFile(join(home, CLIENT_FILES.codex), 'utf8')) as { mcp_servers: Record<string, unknown>; profiles: unknown };
    expect(codex.mcp_servers['mcp-hub']).toEqual({ url });
    expect(codex.profiles).toEqual({ fast: { model: 'gpt-5-mini' } });
    // VS Code's file keeps its comments and tab indentation.
    const vscode = await readFile(join(home, CLIENT_FILES.vscode), 'utf8');
    expect(vscode).toContain('// Servers for every workspace.');
    expect(vscode).toMatch(/\n\t\t"mcp-hub": \{\n\t\t\t"type": "http",/);
  });

  it('creates the config of a client that has none, and undo removes it again', async () => {
    await removeDir(join(home, '.cursor'));
    const connected = await callApi(hub.url, '/clients/connect', { client: 'cursor' });
    expect(connected.json).toMatchObject({ status: 'ok', backup: null });
    expect(JSON.parse(await readFile(join(home, CLIENT_FILES.cursor), 'utf8'))).toEqual({ mcpServers: { 'mcp-hub': { url: `${hub.url}/mcp` } } });
    const undone = await callApi(hub.url, '/clients/undo', { client: 'cursor' });
    expect(undone.json).toMatchObject({ restored: 'file-removed' });
    await expect(readFile(join(home, CLIENT_FILES.cursor))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('undo after the user edited the file removes only the hub entry and keeps their edit', async () => {
    const path = join(home, CLIENT_FILES.cursor);
    await callApi(hub.url, '/clients/connect', { client: 'cursor' });
    const edited = (await readFile(path, 'utf8')).replace('"linear"', '"linear-renamed"');
    await writeFile(path, edited);
    const undone = await callApi(hub.url, '/clients/undo', { client: 'cursor' });
    expect(undone.json).toMatchObject({ restored: 'entry-removed' });
    const after = JSON.parse(await readFile(path, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(after.mcpServers)).toEqual(['memory', 'linear-renamed']);
  });

  it('a malformed client file is reported with its position and left untouched', async () => {
    const path = join(home, CLIENT_FILES.cursor);
    const broken = '{\n  "mcpServers": {\n    "memory": { "command": "npx" ]\n  }\n}\n';
    await writeFile(path, broken);
    const summary = await client('cursor');
    expect(summary.error).toBe(`${path}:3:34: expected a comma or closing brace`);
    expect(summary.servers).toEqual([]);
    const connect = await callApi(hub.url, '/clients/connect', { client: 'cursor' });
    expect(connect.status).toBe(400);
    expect(connect.json).toMatchObject({ code: 'CLIENT_CONFIG_INVALID' });
    expect(connect.json['error']).toContain(`${path}:3:34`);
    const importing = await callApi(hub.url, '/clients/import', { client: 'cursor', servers: [{ name: 'memory' }] });
    expect(importing.status).toBe(400);
    expect(await readFile(path, 'utf8')).toBe(broken);
    // The other clients are not affected.
    expect((await client('claude-code')).servers).toHaveLength(2);
  });

  it('connecting twice, then undo, goes back to before the first connect', async () => {
    const path = join(home, CLIENT_FILES['gemini-cli']);
    const original = await readFile(path);
    await callApi(hub.url, '/clients/connect', { client: 'gemini-cli' });
    await callApi(hub.url, '/clients/connect', { client: 'gemini-cli' });
    await callApi(hub.url, '/clients/undo', { client: 'gemini-cli' });
    expect(await readFile(path)).toEqual(original);
  });

  it('undo without a connect says there is nothing to undo', async () => {
    const { status, json } = await callApi(hub.url, '/clients/undo', { client: 'windsurf' });
    expect(status).toBe(409);
    expect(json).toMatchObject({ code: 'NOTHING_TO_UNDO' });
  });
});
