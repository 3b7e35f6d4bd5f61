import { describe, expect, it } from 'vitest';
import { applyConfigEdits } from './edit.js';
import type { ConfigEdit } from './edit.js';
import { editError, FIXTURE } from './edit.fixture.js';
import { parseConfigText } from './load.js';

describe('applyConfigEdits errors', () => {
  it('SERVER_NOT_FOUND for a missing server', () => {
    for (const missing of [
      { kind: 'remove', name: 'nope' },
      { kind: 'rename', from: 'nope', to: 'x' },
      { kind: 'setField', name: 'nope', field: 'disabled', value: true },
    ] satisfies ConfigEdit[]) {
      const error = editError(FIXTURE, missing);
      expect(error.code).toBe('SERVER_NOT_FOUND');
      expect(error.message).toContain('"nope"');
    }
  });

  it('SERVER_EXISTS for a rename onto an existing name', () => {
    const error = editError(FIXTURE, { kind: 'rename', from: 'memory', to: 'search' });
    expect(error.code).toBe('SERVER_EXISTS');
    expect(error.message).toBe('cannot rename "memory" to "search": mcp.json already has a server "search"');
  });

  it('INVALID_EDIT for empty names, non-object configs and values JSON cannot hold', () => {
    expect(editError(FIXTURE, { kind: 'set', name: '', config: { command: 'x' } }).code).toBe('INVALID_EDIT');
    expect(editError(FIXTURE, { kind: 'remove', name: '' }).code).toBe('INVALID_EDIT');
    expect(editError(FIXTURE, { kind: 'rename', from: 'memory', to: '' }).code).toBe('INVALID_EDIT');
    expect(editError(FIXTURE, { kind: 'setField', name: 'memory', field: '', value: 1 }).code).toBe('INVALID_EDIT');
    expect(editError(FIXTURE, { kind: 'set', name: 'x', config: [] as unknown as Record<string, unknown> }).code).toBe('INVALID_EDIT');
    expect(editError(FIXTURE, { kind: 'setField', name: 'memory', field: 'timeout', value: 10n }).code).toBe('INVALID_EDIT');
  });

  it('INVALID_EDIT, with the position, for a file that does not parse', () => {
    const error = editError('{\n  "mcpServers": {\n    "a": {}\n    "b": {}\n  }\n}\n', { kind: 'remove', name: 'a' });
    expect(error.code).toBe('INVALID_EDIT');
    expect(error.message).toBe('cannot edit mcp.json:4:5: expected a comma or closing brace; fix the file first');
  });

  it('INVALID_EDIT for a top level or server block that is not an object', () => {
    expect(editError('[]', { kind: 'set', name: 'x', config: { command: 'x' } }).code).toBe('INVALID_EDIT');
    expect(editError('{"mcpServers": []}', { kind: 'set', name: 'x', config: { command: 'x' } }).message).toContain('"mcpServers" is not an object');
  });

  it('refuses to edit JSON5, which it cannot edit without losing formatting', () => {
    const json5 = "{\n  // JSON5\n  mcpServers: {\n    memory: { command: 'node', args: ['memory.js'] },\n  },\n}\n";
    expect(parseConfigText(json5, 'mcp.json5').servers).toHaveLength(1);
    const error = editError(json5, { kind: 'setField', name: 'memory', field: 'disabled', value: true });
    expect(error.code).toBe('INVALID_EDIT');
    expect(error.message).toMatch(/JSON5 .*read-only for the hub: edit this file by hand/);
  });

  it('edits a .json5 file that is written as JSON', () => {
    const text = '{\n  "mcpServers": {\n    "a": { "command": "a" },\n  },\n}\n';
    expect(applyConfigEdits(text, 'mcp.json5', [{ kind: 'remove', name: 'a' }])).toBe('{\n  "mcpServers": {},\n}\n');
  });
});
