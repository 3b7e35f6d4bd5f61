import { describe } from 'vitest';
import { testEditCases, type EditCase } from './edit.fixture.js';

const CASES: EditCase[] = [
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

describe('applyConfigEdits on a commented JSONC file', () => {
  testEditCases(CASES);
});
