import { describe, expect, it } from 'vitest';
import { matchesAny } from './patterns.js';
import { switchTool, type ToolSwitchFields } from './tool-switch.js';

/** Whether clients see the tool with these fields, as the catalog decides it. */
function shown(fields: ToolSwitchFields, tool: string): boolean {
  const { allow, deny } = fields.tools ?? {};
  return (!allow || matchesAny(allow, tool)) && !(deny && matchesAny(deny, tool)) && !fields.disabled_tools?.includes(tool);
}

describe('switching one tool on and off in a server entry', () => {
  it('switches a tool off by denying it, and on again leaving the entry as it was', () => {
    const off = switchTool({}, 'echo', false);
    expect(off).toEqual({ tools: { deny: ['echo'] }, disabled_tools: undefined });
    expect(shown(off, 'echo')).toBe(false);
    expect(shown(off, 'add')).toBe(true);
    expect(switchTool(off, 'echo', true)).toEqual({ tools: undefined, disabled_tools: undefined });
  });

  it("adds a tool to an allow list that leaves it out, and takes it out of mcp-hub v4's disabled_tools", () => {
    const fields = { tools: { allow: ['read_*'] }, disabled_tools: ['echo', 'other'] };
    const on = switchTool(fields, 'echo', true);
    expect(on).toEqual({ tools: { allow: ['read_*', 'echo'] }, disabled_tools: ['other'] });
    expect(shown(on, 'echo')).toBe(true);
  });

  it('refuses to switch on a tool a wider deny pattern hides, naming the pattern', () => {
    expect(() => switchTool({ tools: { deny: ['write_*'] } }, 'write_file', true)).toThrow(/pattern 'write_\*' in tools.deny/);
  });

  it('leaves an entry alone when the tool is already off, and escapes wildcard characters in names', () => {
    expect(switchTool({ tools: { deny: ['write_*'] } }, 'write_file', false)).toEqual({ tools: { deny: ['write_*'] }, disabled_tools: undefined });
    const off = switchTool({}, 'star*', false);
    expect(shown(off, 'star*')).toBe(false);
    expect(shown(off, 'starlight')).toBe(true);
  });
});
