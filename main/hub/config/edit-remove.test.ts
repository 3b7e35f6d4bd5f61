import { describe } from 'vitest';
import { testEditCases, type EditCase } from './edit.fixture.js';

const CASES: EditCase[] = [
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
];

describe('applyConfigEdits on a commented JSONC file', () => {
  testEditCases(CASES);
});
