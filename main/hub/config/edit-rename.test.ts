import { describe } from 'vitest';
import { testEditCases, type EditCase } from './edit.fixture.js';

const CASES: EditCase[] = [
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
];

describe('applyConfigEdits on a commented JSONC file', () => {
  testEditCases(CASES);
});
