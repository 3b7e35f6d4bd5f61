import { describe, expect, it } from 'vitest';
import { applyServerEdits, ConfigEditError } from './edit.js';
import type { ServerEdit } from './edit.js';
import { parseConfigText } from './load.js';

// A user's hand-edited file: line and block comments (also inside entries), trailing commas,
// a one-line entry, a blank line, keys the hub does not know.
const FIXTURE = `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`;

/** The same document with CRLF line breaks. */
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
/** The same document indented with tabs (every 4 leading spaces are one level). */
const tabs = (text: string): string => text.replace(/^(?: {4})+/gm, (indent) => '\t'.repeat(indent.length / 4));

function edit(text: string, ...edits: ServerEdit[]): string {
  return applyServerEdits(text, 'mcp.json', edits);
}

function editError(text: string, ...edits: ServerEdit[]): ConfigEditError {
  try {
    applyServerEdits(text, 'mcp.json', edits);
  } catch (error) {
    if (error instanceof ConfigEditError) return error;
    throw error;
  }
  throw new Error('expected a ConfigEditError');
}

// Each case: the edit and the whole expected file, written out by hand.
const CASES: { title: string; edits: ServerEdit[]; expected: string }[] = [
  {
    title: 'set adds a server after the last one, below its comment, with the trailing comma style of the file',
    edits: [{ kind: 'set', name: 'git', config: { command: 'uvx', args: ['mcp-server-git'], env: { GIT_DIR: '.git' } } }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
        "git": {
            "command": "uvx",
            "args": ["mcp-server-git"],
            "env": {
                "GIT_DIR": ".git"
            }
        },
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'set replaces a whole entry in place, keeping the comment above it',
    edits: [{ kind: 'set', name: 'search', config: { url: 'https://search.example/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } } }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": {
            "url": "https://search.example/mcp",
            "headers": {
                "Authorization": "Bearer \${TOKEN}"
            }
        },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'remove of the first server takes its comment line and leaves the next heading alone',
    edits: [{ kind: 'remove', name: 'filesystem' }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'remove of a middle server takes its block comment, not the blank line above it',
    edits: [{ kind: 'remove', name: 'search' }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'remove of the last server takes its same-line comment',
    edits: [{ kind: 'remove', name: 'memory' }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'removing every server leaves an empty object',
    edits: [
      { kind: 'remove', name: 'memory' },
      { kind: 'remove', name: 'filesystem' },
      { kind: 'remove', name: 'search' },
    ],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {},
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'rename changes only the key: comments inside the entry and its place stay',
    edits: [{ kind: 'rename', from: 'memory', to: 'knowledge graph' }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "knowledge graph": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'setField adds a field to a multi-line entry on its own line',
    edits: [{ kind: 'setField', name: 'memory', field: 'disabled', value: true }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
            "disabled": true,
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'setField adds a field to a one-line entry on that line',
    edits: [{ kind: 'setField', name: 'search', field: 'disabled', value: true }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http", "disabled": true },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'setField replaces a field value and keeps the comment after it',
    edits: [{ kind: 'setField', name: 'memory', field: 'command', value: '/usr/local/bin/node' }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "memory": {
            "command": "/usr/local/bin/node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'setField with undefined removes the field with its comment',
    edits: [{ kind: 'setField', name: 'filesystem', field: 'args', value: undefined }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp", "type": "http" },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
  {
    title: 'setField with undefined removes a field from a one-line entry',
    edits: [{ kind: 'setField', name: 'search', field: 'type', value: undefined }],
    expected: `// MCP servers for this machine
{
    /* Servers the hub starts.
       Keep this list short. */
    "mcpServers": {
        // Local files
        "filesystem": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], // sandbox
            "env": {},
        },

        /* Remote search */
        "search": { "url": "https://example.com/mcp" },
        "memory": {
            "command": "node", /* inline */
            "args": ["memory.js"],
        }, // the last one
    },
    "unknownTopLevel": { "keep": [1, 2, 3,], }, // not ours
    "x-editor": "vim"
}
`,
  },
];

describe('applyServerEdits on a commented JSONC file', () => {
  for (const { title, edits, expected } of CASES) {
    it(title, () => {
      expect(edit(FIXTURE, ...edits)).toBe(expected);
    });
    it(`${title} (CRLF)`, () => {
      expect(edit(crlf(FIXTURE), ...edits)).toBe(crlf(expected));
    });
    it(`${title} (tabs)`, () => {
      expect(edit(tabs(FIXTURE), ...edits)).toBe(tabs(expected));
    });
  }

  it('produces files the loader accepts', () => {
    for (const { edits } of CASES) {
      expect(parseConfigText(edit(FIXTURE, ...edits), 'mcp.json').servers.filter((s) => s.problem)).toEqual([]);
    }
  });

  it('leaves the text alone when there is nothing to do', () => {
    expect(edit(FIXTURE)).toBe(FIXTURE);
    expect(edit(FIXTURE, { kind: 'setField', name: 'memory', field: 'cwd', value: undefined })).toBe(FIXTURE);
    expect(edit(FIXTURE, { kind: 'rename', from: 'memory', to: 'memory' })).toBe(FIXTURE);
  });

  it('applies several edits in order', () => {
    const text = edit(
      FIXTURE,
      { kind: 'rename', from: 'search', to: 'web' },
      { kind: 'setField', name: 'web', field: 'timeout', value: 5000 },
      { kind: 'remove', name: 'filesystem' },
      { kind: 'set', name: 'filesystem', config: { command: 'npx' } },
    );
    expect(parseConfigText(text, 'mcp.json').servers.map((s) => [s.name, s.entry])).toEqual([
      ['web', { url: 'https://example.com/mcp', type: 'http', timeout: 5000 }],
      ['memory', { command: 'node', args: ['memory.js'] }],
      ['filesystem', { command: 'npx' }],
    ]);
    expect(text).toContain('"web": { "url": "https://example.com/mcp", "type": "http", "timeout": 5000 },');
  });
});

describe('applyServerEdits on strict JSON', () => {
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

describe('applyServerEdits: where servers live', () => {
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

describe('applyServerEdits errors', () => {
  it('SERVER_NOT_FOUND for a missing server', () => {
    for (const missing of [
      { kind: 'remove', name: 'nope' },
      { kind: 'rename', from: 'nope', to: 'x' },
      { kind: 'setField', name: 'nope', field: 'disabled', value: true },
    ] satisfies ServerEdit[]) {
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
    expect(applyServerEdits(text, 'mcp.json5', [{ kind: 'remove', name: 'a' }])).toBe('{\n  "mcpServers": {},\n}\n');
  });
});

describe('applyServerEdits on odd layouts', () => {
  // Every edit checks its own result against the intended value and throws a plain Error when
  // they differ, so random edit sequences find any layout the text surgery gets wrong.
  const LAYOUTS = [
    FIXTURE,
    '{"mcpServers":{"a":{"command":"a"},"b":{"command":"b","args":["x"]}}}',
    '{\n  "mcpServers": {\n    "a": { "command": "a" }, // a\n    /* b */ "b": {\n      "command": "b" /* c */ , "args": [ ]\n    }\n  }\n}',
    '{ "mcpServers": { "a": { "command": "a" } ,\n "b": {"command": "b"}\n, } }',
    '/*x*/{/*y*/"mcpServers"/*z*/:/*w*/{/*v*/"a"/*u*/:/*t*/{/*s*/"command"/*r*/:/*q*/"a"/*p*/}/*o*/,/*n*/}/*m*/}/*l*/',
    '{\r\n\t"servers": {\r\n\t\t// c1\r\n\t\t"a": {\r\n\t\t\t"command": "a", // x\r\n\t\t}, // y\r\n\t\t// c2\r\n\r\n\t}\r\n}',
    '{\n  "mcpServers": {\n    // nothing yet\n  }\n}\n',
    '{\n  "mcpServers": { /* none */ }\n}\n',
    '{"mcpServers": {"a": {"command": "a"}}, "servers": {"b": {"url": "u"}}}',
    '',
    '// only a comment',
  ];
  const NAMES = ['a', 'b', 'c', 'memory', 'search'];
  const FIELDS = ['command', 'args', 'disabled', 'env'];
  const VALUES = [undefined, true, 'v', ['p', 'q'], { K: 'V' }];
  const CONFIGS = [{ command: 'x' }, { url: 'u', headers: { a: 'b' } }, {}];

  it('keeps every layout valid through random edit sequences', () => {
    let seed = 42;
    const pick = <T>(items: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return items[seed % items.length] as T;
    };
    let applied = 0;
    for (let run = 0; run < 400; run++) {
      let text = pick(LAYOUTS);
      const strict = text !== '' && !/\/[/*]|,\s*[}\]]/.test(text);
      for (let step = 0; step < 6; step++) {
        const kind = pick(['set', 'remove', 'rename', 'setField', 'setField'] as const);
        const next: ServerEdit =
          kind === 'set'
            ? { kind, name: pick(NAMES), config: pick(CONFIGS) }
            : kind === 'remove'
              ? { kind, name: pick(NAMES) }
              : kind === 'rename'
                ? { kind, from: pick(NAMES), to: pick(NAMES) }
                : { kind, name: pick(NAMES), field: pick(FIELDS), value: pick(VALUES) };
        try {
          text = edit(text, next);
          applied++;
        } catch (error) {
          if (!(error instanceof ConfigEditError)) throw new Error(`${JSON.stringify(next)} on ${JSON.stringify(text)}`, { cause: error });
        }
        if (strict) expect(() => JSON.parse(text) as unknown).not.toThrow();
      }
    }
    expect(applied).toBeGreaterThan(800);
  });
});
