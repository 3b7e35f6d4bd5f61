import { describe, it, expect } from 'vitest';
import { ConfigFileError } from './config-file-error.js';
import { parseJsonDocument } from './json-document.js';
import { serversFromDocument } from './server-entries.js';

const FILE = '/cfg/mcp.json';

function servers(text: string, file = FILE) {
  return serversFromDocument(parseJsonDocument(text, file), file);
}

function shapeError(text: string): ConfigFileError {
  try {
    servers(text);
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

describe('serversFromDocument', () => {
  it('returns valid servers in file order with their source, keeping unknown keys', () => {
    const result = servers(`{
      "mcpServers": {
        "b": { "command": "npx", "autoApprove": ["x"] },
        "a": { "url": "https://example.com/mcp", "custom_instructions": { "text": "hi" } }
      },
      "nativeMCPServers": { "ignored": true }
    }`);
    const b = { command: 'npx', autoApprove: ['x'] };
    const a = { url: 'https://example.com/mcp', custom_instructions: { text: 'hi' } };
    expect(result).toEqual([
      { name: 'b', source: FILE, entry: b, config: b },
      { name: 'a', source: FILE, entry: a, config: a },
    ]);
  });

  it('isolates an invalid entry and points at the offending value', () => {
    const result = servers(`{
  "mcpServers": {
    "ok": { "command": "node" },
    "github": {
      "command": "npx",
      "args": "-y @modelcontextprotocol/server-github"
    }
  }
}`);
    expect(result[0]).toEqual({ name: 'ok', source: FILE, entry: { command: 'node' }, config: { command: 'node' } });
    expect(result[1]?.problem).toBe('/cfg/mcp.json:6:15: mcpServers.github.args: expected an array of strings');
    expect(result[1]?.entry).toEqual({ command: 'npx', args: '-y @modelcontextprotocol/server-github' });
    expect(result[1]).toHaveProperty('config', undefined);
  });

  it('joins several problems with "; ", each with its own position', () => {
    const [server] = servers('{"mcpServers": {\n"x": {"command": "a",\n"args": [1],\n"timeout": -5}}}');
    expect(server?.problem).toBe(
      '/cfg/mcp.json:3:10: mcpServers.x.args[0]: expected a string; ' +
        '/cfg/mcp.json:4:12: mcpServers.x.timeout: expected a positive number of milliseconds',
    );
  });

  it('reports command-vs-url problems at the entry itself', () => {
    const result = servers('{"mcpServers": {\n  "both": {"command": "a", "url": "http://x"},\n  "none": {"args": []}\n}}');
    expect(result.map((s) => s.problem)).toEqual([
      '/cfg/mcp.json:2:11: mcpServers.both: cannot mix command (stdio) and url (remote)',
      '/cfg/mcp.json:3:11: mcpServers.none: needs either command (stdio) or url (remote)',
    ]);
  });

  it('reports a transport type that contradicts the entry at the type field', () => {
    const [server] = servers('{"mcpServers": {"s": {"type": "sse", "command": "a"}}}');
    expect(server?.problem).toBe('/cfg/mcp.json:1:31: mcpServers.s.type: type "sse" needs url, not command');
  });

  it('gives a non-object entry an empty entry, no config and a problem', () => {
    const [server] = servers('{"mcpServers": {"s": "npx server"}}');
    expect(server).toStrictEqual({
      name: 's',
      source: FILE,
      entry: {},
      config: undefined,
      problem: '/cfg/mcp.json:1:22: mcpServers.s: expected an object',
    });
  });

  it('rejects an empty server name without affecting the others', () => {
    const result = servers('{"mcpServers": {"": {"command": "a"}, "b": {"command": "b"}}}');
    expect(result[0]?.problem).toBe('/cfg/mcp.json:1:21: mcpServers[""]: the server name must not be empty');
    expect(result[0]?.config).toBeUndefined();
    expect(result[1]?.problem).toBeUndefined();
  });

  it('rejects names with control characters, bidirectional controls, or of absurd length, and keeps the others', () => {
    const names = ['new\\nline', 'nul\\u0000', 'evil\\u202Etxt', 'x'.repeat(300)];
    const result = servers(`{"mcpServers": {${names.map((name) => `"${name}": {"command": "a"}`).join(', ')}, "fine": {"command": "b"}}}`);
    expect(result.map((server) => server.problem?.replace(/^.*: /, ''))).toEqual([
      'the server name contains a control character (a line break, NUL, …)',
      'the server name contains a control character (a line break, NUL, …)',
      'the server name contains a bidirectional text control',
      'the server name is longer than 256 characters',
      undefined,
    ]);
  });

  it('reads VS Code "servers" (JSONC with comments and inputs)', () => {
    const result = servers(
      `{
  // VS Code .vscode/mcp.json
  "inputs": [{ "type": "promptString", "id": "token" }],
  "servers": {
    "gh": { "type": "http", "url": "https://api.example/mcp", },
  },
}`,
      '/w/.vscode/mcp.json',
    );
    expect(result).toEqual([
      { name: 'gh', source: '/w/.vscode/mcp.json', entry: { type: 'http', url: 'https://api.example/mcp' }, config: { type: 'http', url: 'https://api.example/mcp' } },
    ]);
  });

  it('takes the union of mcpServers and servers, servers winning a shared name', () => {
    const result = servers(`{
      "servers": { "shared": { "command": "from-servers" }, "vscode-only": { "command": "v" } },
      "mcpServers": { "hub-only": { "command": "h" }, "shared": { "command": "from-mcpServers" } }
    }`);
    expect(result.map((s) => [s.name, s.config?.command])).toEqual([
      ['hub-only', 'h'],
      ['shared', 'from-servers'],
      ['vscode-only', 'v'],
    ]);
  });

  it('points problems of a servers entry at the servers key path', () => {
    const [server] = servers('{"servers": {"s": {"url": 5}}}');
    expect(server?.problem).toBe('/cfg/mcp.json:1:27: servers.s.url: expected a non-empty string');
  });

  it('locates problems in JSON5 files too', () => {
    const text = "{\n  mcpServers: {\n    fs: { command: 'npx', env: { TOKEN: 42 } },\n  },\n}";
    const [server] = servers(text, '/cfg/mcp.json5');
    expect(server?.problem).toBe(
      '/cfg/mcp.json5:3:41: mcpServers.fs.env.TOKEN: expected a string, or null to inherit the variable',
    );
  });

  it('never puts config values into problems', () => {
    const [server] = servers('{"mcpServers": {"s": {"command": "a", "env": {"TOKEN": ["sk-secret-123"]}}}}');
    expect(server?.problem).toContain('mcpServers.s.env.TOKEN');
    expect(server?.problem).not.toContain('sk-secret-123');
  });

  it('accepts a file without any server key', () => {
    expect(servers('{"nativeMCPServers": {}}')).toEqual([]);
  });

  it('rejects a top level that is not an object, with its position', () => {
    const error = shapeError('\n  ["a"]');
    expect(error.message).toBe('/cfg/mcp.json:2:3: expected a JSON object at the top level');
    expect(error).toMatchObject({ line: 2, column: 3 });
  });

  it('rejects mcpServers or servers that is not an object, with its position', () => {
    expect(shapeError('{\n  "mcpServers": []\n}').message).toBe(
      '/cfg/mcp.json:2:17: mcpServers: expected an object of servers ({ "name": { ... } })',
    );
    expect(shapeError('{"servers": null}').message).toMatch(/^\/cfg\/mcp\.json:1:13: servers: expected an object/);
  });

  it('gives every entry the lazy and idleTimeout defaults of its file', () => {
    const result = servers('{ "lazy": true, "idleTimeout": 120, "mcpServers": { "a": { "command": "x" }, "b": { "command": "y", "lazy": false } } }');
    expect(result.map((server) => [server.name, server.config?.lazy, server.fileDefaults])).toEqual([
      ['a', undefined, { lazy: true, idleTimeout: 120 }],
      ['b', false, { lazy: true, idleTimeout: 120 }],
    ]);
    expect(servers('{ "mcpServers": { "a": { "command": "x" } } }')[0]).not.toHaveProperty('fileDefaults');
  });

  it('rejects a file-level lazy or idleTimeout of the wrong kind, with its position', () => {
    expect(shapeError('{\n  "lazy": "yes",\n  "mcpServers": {}\n}').message).toBe('/cfg/mcp.json:2:11: lazy: expected true or false');
    expect(shapeError('{ "idleTimeout": 0 }').message).toMatch(/idleTimeout: expected a positive number of seconds/);
  });

  it('checks an entry\'s own lazy and idleTimeout', () => {
    const [server] = servers('{ "mcpServers": { "a": { "command": "x", "lazy": 1, "idleTimeout": -5 } } }');
    expect(server!.problem).toMatch(/lazy: expected true or false/);
    expect(server!.problem).toMatch(/idleTimeout: expected a positive number of seconds/);
  });
});
