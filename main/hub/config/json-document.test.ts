import { describe, it, expect } from 'vitest';
import { ConfigFileError } from './config-file-error.js';
import { parseJsonDocument } from './json-document.js';

function parseError(text: string, file = '/cfg/mcp.json'): ConfigFileError {
  try {
    parseJsonDocument(text, file);
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

describe('parseJsonDocument', () => {
  it('parses plain JSON and locates values', () => {
    const doc = parseJsonDocument('{\n  "mcpServers": {\n    "a": {"command": "x"}\n  }\n}', 'f.json');
    expect(doc.value).toEqual({ mcpServers: { a: { command: 'x' } } });
    expect(doc.locate(['mcpServers', 'a', 'command'])).toEqual({ line: 3, column: 22 });
  });

  it('locates a missing key at its nearest existing parent', () => {
    const doc = parseJsonDocument('{\n  "a": {\n    "b": 1 }\n}', 'f.json');
    expect(doc.locate(['a', 'missing', 'deeper'])).toEqual({ line: 2, column: 8 });
  });

  it('falls back to JSON5 and still locates values', () => {
    const text = "{\n  mcpServers: {\n    github: { command: 'npx', args: 'oops' },\n  },\n}";
    const doc = parseJsonDocument(text, 'f.json');
    expect(doc.value).toEqual({ mcpServers: { github: { command: 'npx', args: 'oops' } } });
    expect(doc.locate(['mcpServers', 'github', 'args'])).toEqual({ line: 3, column: 37 });
  });

  it('reports jsonc syntax errors as file:line:column: reason', () => {
    const error = parseError('{\n  "mcpServers": {\n    "a": {}\n    "b": {}\n  }\n}');
    expect(error.message).toBe('/cfg/mcp.json:4:5: expected a comma or closing brace');
    expect(error).toMatchObject({ file: '/cfg/mcp.json', line: 4, column: 5 });
  });

  it("prefers json5's explanation for .json5 files", () => {
    const error = parseError("{\n  a: 'x',\n  b: ?\n}", '/cfg/mcp.json5');
    expect(error.message).toBe("/cfg/mcp.json5:3:6: invalid character '?'");
    expect(error).toMatchObject({ line: 3, column: 6 });
  });

  it('reports an unterminated object at the end of input', () => {
    expect(parseError('{"a": 1').message).toBe('/cfg/mcp.json:1:8: expected a comma or closing brace');
  });

  it('rejects an empty file with a clear message', () => {
    expect(parseError('  \n').message).toBe('/cfg/mcp.json:1:1: the file is empty (expected a JSON object)');
  });

  it('ignores a leading byte order mark', () => {
    const doc = parseJsonDocument('\uFEFF{"a": 1}', 'f.json');
    expect(doc.value).toEqual({ a: 1 });
    expect(doc.locate(['a'])).toEqual({ line: 1, column: 7 });
  });
});
