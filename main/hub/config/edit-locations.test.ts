import { describe, expect, it } from 'vitest';
import { edit, editError } from './edit.fixture.js';
import { parseConfigText } from './load.js';

describe('applyConfigEdits: where servers live', () => {
  const VSCODE = `{
\t// VS Code's .vscode/mcp.json
\t"inputs": [],
\t"servers": {
\t\t"github": {
\t\t\t"url": "https://api.githubcopilot.com/mcp/"
\t\t}
\t}
}
`;

  it('adds to `servers` in a VS Code file', () => {
    expect(edit(VSCODE, { kind: 'set', name: 'fs', config: { type: 'stdio', command: 'npx' } })).toBe(`{
\t// VS Code's .vscode/mcp.json
\t"inputs": [],
\t"servers": {
\t\t"github": {
\t\t\t"url": "https://api.githubcopilot.com/mcp/"
\t\t},
\t\t"fs": {
\t\t\t"type": "stdio",
\t\t\t"command": "npx"
\t\t}
\t}
}
`);
  });

  it('edits, renames and removes in `servers`', () => {
    const renamed = edit(VSCODE, { kind: 'rename', from: 'github', to: 'gh' });
    expect(renamed).toBe(VSCODE.replace('"github"', '"gh"'));
    expect(edit(renamed, { kind: 'setField', name: 'gh', field: 'disabled', value: true })).toBe(
      VSCODE.replace('"github"', '"gh"').replace('mcp/"\n', 'mcp/",\n\t\t\t"disabled": true\n'),
    );
    expect(edit(VSCODE, { kind: 'remove', name: 'github' })).toBe(`{
\t// VS Code's .vscode/mcp.json
\t"inputs": [],
\t"servers": {}
}
`);
  });

  it('creates `mcpServers` in a file without either key, keeping the other keys', () => {
    expect(edit('{\n    "theme": "dark", // mine\n}\n', { kind: 'set', name: 'x', config: { command: 'x' } })).toBe(
      '{\n    "theme": "dark", // mine\n    "mcpServers": {\n        "x": {\n            "command": "x"\n        }\n    },\n}\n',
    );
  });

  it('creates the whole document in an empty or blank file', () => {
    const expected = '{\n  "mcpServers": {\n    "x": {\n      "command": "x"\n    }\n  }\n}\n';
    expect(edit('', { kind: 'set', name: 'x', config: { command: 'x' } })).toBe(expected);
    expect(edit(' \n\n', { kind: 'set', name: 'x', config: { command: 'x' } })).toBe(expected);
    expect(edit('// servers for project X', { kind: 'set', name: 'x', config: { command: 'x' } })).toBe(
      `// servers for project X\n${expected}`,
    );
    expect(editError('', { kind: 'remove', name: 'x' }).code).toBe('SERVER_NOT_FOUND');
  });

  it('with both keys, edits the entry the loader uses and adds to `servers`', () => {
    const both = '{\n  "mcpServers": {\n    "a": { "command": "old" },\n    "b": { "command": "b" }\n  },\n  "servers": {\n    "a": { "command": "new" }\n  }\n}\n';
    expect(edit(both, { kind: 'setField', name: 'a', field: 'cwd', value: '/w' })).toBe(
      both.replace('{ "command": "new" }', '{ "command": "new", "cwd": "/w" }'),
    );
    expect(edit(both, { kind: 'setField', name: 'b', field: 'cwd', value: '/w' })).toBe(
      both.replace('{ "command": "b" }', '{ "command": "b", "cwd": "/w" }'),
    );
    expect(edit(both, { kind: 'set', name: 'c', config: { command: 'c' } })).toBe(
      both.replace('"new" }\n', '"new" },\n    "c": {\n      "command": "c"\n    }\n'),
    );
    // Removing only the `servers` copy would bring the shadowed one back.
    expect(parseConfigText(edit(both, { kind: 'remove', name: 'a' }), 'mcp.json').servers.map((s) => s.name)).toEqual(['b']);
    expect(editError(both, { kind: 'rename', from: 'b', to: 'a' }).code).toBe('SERVER_EXISTS');
  });

  it('handles duplicate keys like the loader: edits the last one, removes all', () => {
    const dup = '{\n  "mcpServers": {\n    "a": { "command": "first" },\n    "a": { "command": "second" }\n  }\n}\n';
    expect(edit(dup, { kind: 'setField', name: 'a', field: 'disabled', value: true })).toBe(
      dup.replace('"second" }', '"second", "disabled": true }'),
    );
    expect(edit(dup, { kind: 'remove', name: 'a' })).toBe('{\n  "mcpServers": {}\n}\n');
  });

  it('treats "__proto__" as an ordinary server name', () => {
    const text = edit('{"mcpServers": {}}', { kind: 'set', name: '__proto__', config: { command: 'x' } });
    expect(parseConfigText(text, 'mcp.json').servers.map((s) => s.name)).toEqual(['__proto__']);
    expect(parseConfigText(edit(text, { kind: 'rename', from: '__proto__', to: 'p' }), 'mcp.json').servers.map((s) => s.name)).toEqual(['p']);
  });
});
