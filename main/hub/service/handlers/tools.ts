import type { ItemSwitches } from '../../../../shared/config.js';
import { isRecord } from '../../../../shared/is-record.js';
import { switchTool } from '../../catalog/tool-switch.js';
import { HubError } from '../../errors.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';

type ToolHandlers = Pick<OperationHandlers, 'setToolEnabled' | 'approveTools' | 'getToolChange'>;

/** Single tools: switching them on and off in their server's entry, and trusting changed definitions. */
export function toolHandlers({ hub }: OperationContext): ToolHandlers {
  return {
    setToolEnabled: async ({ server_name, tool, enabled }) => {
      const server = hub.requireServer(server_name);
      const { entry, source } = server.definition;
      const fields = switchTool({ tools: switchesOf(entry.tools), disabled_tools: namesOf(entry.disabled_tools) }, tool, enabled);
      await hub.editConfig((editor) =>
        editor.editFile(source, [
          { kind: 'setField', name: server_name, field: 'tools', value: fields.tools },
          { kind: 'setField', name: server_name, field: 'disabled_tools', value: fields.disabled_tools },
        ]),
      );
      return { status: 'ok', server: hub.serverInfo(server_name) };
    },

    approveTools: async ({ server_name, tools }) => {
      const server = hub.requireServer(server_name);
      const approved = await hub.pins.approve(server, tools);
      const notHeld = tools.filter((tool) => !approved.includes(tool));
      if (approved.length === 0) {
        throw new HubError('NOTHING_TO_APPROVE', `No tool of server '${server_name}' named here is held back: ${notHeld.join(', ')}`, { server: server_name, tools: notHeld });
      }
      hub.catalog.reexpose(server);
      return { status: 'ok', approved, server: hub.serverInfo(server_name) };
    },

    getToolChange: async ({ server_name, tool }) => {
      hub.requireServer(server_name);
      const held = hub.pins.isHeld(server_name, tool);
      if (!held) throw new HubError('TOOL_NOT_HELD', `Tool '${tool}' of server '${server_name}' is not held back`, { server: server_name, tool });
      const offered = await hub.pins.definition(held.offered);
      if (!offered) throw new HubError('SERVER_ERROR', `The definition offered for '${tool}' was not kept; refresh the server and try again`);
      return { server: server_name, tool, reason: held.reason, pinned: held.pinned ? ((await hub.pins.definition(held.pinned)) ?? null) : null, offered };
    },
  };
}

/** The entry's switches as written (the entry may hold anything; the loader reports what is wrong with it). */
function switchesOf(value: unknown): ItemSwitches | undefined {
  if (!isRecord(value)) return undefined;
  return { allow: namesOf(value.allow), deny: namesOf(value.deny) };
}

function namesOf(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}
