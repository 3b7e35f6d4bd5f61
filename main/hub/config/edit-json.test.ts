import { describe, expect, it } from 'vitest';
import { edit } from './edit.fixture.js';

describe('applyConfigEdits on strict JSON', () => {
  const JSON_FILE = `{
  "mcpServers": {
    "a": {
      "command": "a"
    },
    "b": {
      "command": "b"
    }
  }
}
`;

  it('adds without a trailing comma', () => {
    expect(edit(JSON_FILE, { kind: 'set', name: 'c', config: { url: 'http://localhost:3000/mcp' } })).toBe(`{
  "mcpServers": {
    "a": {
      "command": "a"
    },
    "b": {
      "command": "b"
    },
    "c": {
      "url": "http://localhost:3000/mcp"
    }
  }
}
`);
  });

  it('removes the last server together with the comma before it, so JSON.parse still reads it', () => {
    const text = edit(JSON_FILE, { kind: 'remove', name: 'b' });
    expect(text).toBe(`{
  "mcpServers": {
    "a": {
      "command": "a"
    }
  }
}
`);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('adds the first field to an entry and removes the last one', () => {
    const added = edit(JSON_FILE, { kind: 'setField', name: 'a', field: 'args', value: ['--verbose'] });
    expect(added).toBe(`{
  "mcpServers": {
    "a": {
      "command": "a",
      "args": ["--verbose"]
    },
    "b": {
      "command": "b"
    }
  }
}
`);
    expect(edit(added, { kind: 'setField', name: 'a', field: 'args', value: undefined })).toBe(JSON_FILE);
  });

  it('keeps a file without a final newline without one, and keeps a BOM', () => {
    const text = '\uFEFF{\n  "mcpServers": {}\n}';
    expect(edit(text, { kind: 'set', name: 'x', config: { command: 'x' } })).toBe(
      '\uFEFF{\n  "mcpServers": {\n    "x": {\n      "command": "x"\n    }\n  }\n}',
    );
  });

  it('writes long or nested arrays one item per line', () => {
    const args = ['--one-long-argument', '--another-long-argument', '--and-a-third-long-one'];
    expect(edit('{\n  "mcpServers": {}\n}\n', { kind: 'set', name: 'x', config: { command: 'x', args } })).toBe(`{
  "mcpServers": {
    "x": {
      "command": "x",
      "args": [
        "--one-long-argument",
        "--another-long-argument",
        "--and-a-third-long-one"
      ]
    }
  }
}
`);
  });

  it('stays on one line in a minified file', () => {
    expect(edit('{"mcpServers":{"a":{"command":"a"}}}', { kind: 'set', name: 'b', config: { command: 'b', args: [] } })).toBe(
      '{"mcpServers":{"a":{"command":"a"}, "b": { "command": "b", "args": [] }}}',
    );
  });
});
