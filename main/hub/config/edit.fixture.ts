import { expect, it } from 'vitest';
import { applyConfigEdits, ConfigEditError } from './edit.js';
import type { ConfigEdit } from './edit.js';
import { parseConfigText } from './load.js';

// A user's hand-edited file: line and block comments (also inside entries), trailing commas,
// a one-line entry, a blank line, keys the hub does not know.
export const FIXTURE = `// MCP servers for this machine
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

export function edit(text: string, ...edits: ConfigEdit[]): string {
  return applyConfigEdits(text, 'mcp.json', edits);
}

export function editError(text: string, ...edits: ConfigEdit[]): ConfigEditError {
  try {
    applyConfigEdits(text, 'mcp.json', edits);
  } catch (error) {
    if (error instanceof ConfigEditError) return error;
    throw error;
  }
  throw new Error('expected a ConfigEditError');
}

/** An edit of FIXTURE and the whole expected file, written out by hand. */
export interface EditCase {
  title: string;
  edits: ConfigEdit[];
  expected: string;
}

/** Each case on FIXTURE as written, with CRLF line breaks and indented with tabs; every result must load. */
export function testEditCases(cases: readonly EditCase[]): void {
  for (const { title, edits, expected } of cases) {
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
    for (const { edits } of cases) {
      expect(parseConfigText(edit(FIXTURE, ...edits), 'mcp.json').servers.filter((s) => s.problem)).toEqual([]);
    }
  });
}
