import { describe } from 'vitest';
import { testEditCases, type EditCase } from './edit.fixture.js';

const CASES: EditCase[] = [
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
];

describe('applyConfigEdits on a commented JSONC file', () => {
  testEditCases(CASES);
});
