import { API_VERSION, HUB_VERSION } from '../../../../shared/version.js';
import { HubError } from '../../errors.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';

type HubHandlers = Pick<OperationHandlers, 'health' | 'listSessions' | 'listWorkspaces' | 'restartHub' | 'hardRestart'>;

/** The hub as a whole: its health (mcp-hub v4's body), the machine's hubs, restarts. */
export function hubHandlers({ hub, endpoint, connections, onHardRestart }: OperationContext): HubHandlers {
  return {
    health: async () => {
      const view = hub.catalog.aggregateView();
      const registered = {
        tools: view.tools().length,
        resources: view.resources().length,
        resourceTemplates: view.resourceTemplates().length,
        prompts: view.prompts().length,
      };
      const { mcpSessions, ...eventStream } = connections();
      const mcp = endpoint();
      return {
        status: 'ok',
        state: hub.state,
        configError: hub.configError ?? null,
        server_id: 'mcp-hub',
        version: API_VERSION,
        appVersion: HUB_VERSION,
        activeClients: eventStream.totalConnections,
        servers: hub.serverInfos(),
        connections: eventStream,
        mcpEndpoint: {
          url: mcp.url,
          stdioBridge: mcp.bridge,
          activeClients: mcpSessions,
          sessions: hub.endpoint.sessionInfos(),
          registeredCapabilities: registered,
          totalCapabilities: Object.values(registered).reduce((a, b) => a + b, 0),
        },
        workspaces: { current: String(hub.address.port), allActive: hub.workspaces },
      };
    },

    listSessions: async () => ({ sessions: hub.endpoint.sessionInfos() }),
    listWorkspaces: async () => ({ workspaces: await hub.listWorkspaces() }),

    restartHub: async () => {
      await hub.restart();
      return { status: 'ok' };
    },

    hardRestart: async () => {
      if (!onHardRestart) throw new HubError('HARD_RESTART_UNAVAILABLE', 'This hub cannot restart its own process; restart it yourself');
      hub.announceHardRestart();
      // Let the answer leave first.
      setTimeout(onHardRestart, 50);
      return { status: 'ok' };
    },
  };
}
