import type { ToolCallRecord } from '../../../../shared/events.js';
import { recordToolCall } from '../../endpoint/tool-call.js';
import { HubError, upstreamError } from '../../errors.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';

type RequestHandlers = Pick<OperationHandlers, 'callTool' | 'readResource' | 'getPrompt'>;

/**
 * Requests to a server on behalf of a REST caller, routed like requests on `/mcp/<server>`: only
 * to what that server lists (a resource URI is the server's own business), waking it if it sleeps.
 */
export function requestHandlers({ hub }: OperationContext): RequestHandlers {
  const forward = async (server_name: string, run: () => Promise<Record<string, unknown>>) => {
    try {
      return { result: await run() };
    } catch (error) {
      throw upstreamError(server_name, error);
    }
  };
  const timeout = (value: number | undefined) => (value === undefined ? {} : { timeout: value });

  return {
    callTool: async ({ server_name, tool, arguments: args, request_options }) => {
      const server = hub.requireAvailable(server_name);
      const view = hub.catalog.serverView(server_name);
      const route = view?.routeTool(tool);
      if (!route) {
        const hidden = view?.whyHidden('tool', tool);
        if (hidden) throw new HubError('ITEM_HIDDEN', `Tool '${tool}' of server '${server_name}' is not available: ${hidden}`, { server: server_name, tool });
        throw new HubError('TOOL_NOT_FOUND', `Tool '${tool}' not found on server '${server_name}'`, {
          server: server_name,
          tool,
          availableTools: view?.tools().map((candidate) => candidate.name) ?? [],
        });
      }
      const record = (call: ToolCallRecord) => hub.events.emit('tool_call', call);
      return forward(server_name, () =>
        recordToolCall(record, { server: server_name, tool, via: 'api' }, () =>
          server.request({ method: 'tools/call', params: { name: route.name, arguments: args ?? {} } }, timeout(request_options?.timeout)),
        ),
      );
    },

    readResource: async ({ server_name, uri, request_options }) => {
      const server = hub.requireAvailable(server_name);
      const hidden = hub.catalog.serverView(server_name)?.whyHidden('resource', uri);
      if (hidden) throw new HubError('ITEM_HIDDEN', `Resource '${uri}' of server '${server_name}' is not available: ${hidden}`, { server: server_name, uri });
      return forward(server_name, () => server.request({ method: 'resources/read', params: { uri } }, timeout(request_options?.timeout)));
    },

    getPrompt: async ({ server_name, prompt, arguments: args, request_options }) => {
      const server = hub.requireAvailable(server_name);
      const view = hub.catalog.serverView(server_name);
      const route = view?.routePrompt(prompt);
      if (!route) {
        const hidden = view?.whyHidden('prompt', prompt);
        if (hidden) throw new HubError('ITEM_HIDDEN', `Prompt '${prompt}' of server '${server_name}' is not available: ${hidden}`, { server: server_name, prompt });
        throw new HubError('PROMPT_NOT_FOUND', `Prompt '${prompt}' not found on server '${server_name}'`, {
          server: server_name,
          prompt,
          availablePrompts: view?.prompts().map((candidate) => candidate.name) ?? [],
        });
      }
      const params = { name: route.name, ...(args && { arguments: args }) };
      return forward(server_name, () => server.request({ method: 'prompts/get', params }, timeout(request_options?.timeout)));
    },
  };
}
