import type { ItemSwitches } from '../../../shared/config.js';
import { HubError } from '../errors.js';
import { literalPattern, matchesAny } from './patterns.js';

/** The fields of a server's entry that decide which of its tools clients see. */
export interface ToolSwitchFields {
  tools?: ItemSwitches | undefined;
  disabled_tools?: string[] | undefined;
}

/**
 * The entry's fields after switching one tool on or off, changed as little as possible: a tool is
 * switched off by naming it in `tools.deny`; switched on by taking its name out of `deny` and
 * `disabled_tools`, and adding it to `allow` where an allow list would leave it out. A field left
 * empty is removed (undefined). A tool hidden by a wider deny pattern is not switched on behind
 * the user's back: they are told which pattern to change.
 */
export function switchTool(current: ToolSwitchFields, tool: string, enabled: boolean): ToolSwitchFields {
  const literal = literalPattern(tool);
  let allow = current.tools?.allow;
  let deny = current.tools?.deny;
  let disabled = current.disabled_tools;
  if (enabled) {
    disabled = disabled?.filter((name) => name !== tool);
    deny = deny?.filter((pattern) => pattern !== literal);
    const blocking = deny?.find((pattern) => matchesAny([pattern], tool));
    if (blocking !== undefined) {
      throw new HubError('INVALID_EDIT', `Tool '${tool}' is switched off by the pattern '${blocking}' in tools.deny; change that pattern to switch it on`, {
        tool,
        pattern: blocking,
      });
    }
    if (allow && !matchesAny(allow, tool)) allow = [...allow, literal];
  } else if (!(deny && matchesAny(deny, tool))) {
    deny = [...(deny ?? []), literal];
  }
  const tools = { ...(allow && { allow }), ...(deny?.length && { deny }) };
  return {
    tools: Object.keys(tools).length > 0 ? tools : undefined,
    disabled_tools: disabled?.length ? disabled : undefined,
  };
}
