import type { OperationHandlers } from '../service.js';
import type { OperationContext } from '../context.js';
import { upstreamError } from '../../errors.js';

type ServerHandlers = Pick<OperationHandlers, 'listServers' | 'getServer' | 'refreshServer' | 'refreshAll' | 'startServer' | 'stopServer' | 'getServerLogs'>;

/** The servers as they run: listing, starting, stopping, re-reading their lists, their logs. */
export function serverHandlers({ hub }: OperationContext): ServerHandlers {
  return {
    listServers: async () => ({ servers: hub.serverInfos() }),
    getServer: async ({ server_name }) => ({ server: hub.serverInfo(server_name) }),

    refreshServer: async ({ server_name }) => {
      const server = hub.requireAvailable(server_name);
      await server.refreshCatalog().catch((error: unknown) => {
        throw upstreamError(server_name, error);
      });
      return { status: 'ok', server: hub.serverInfo(server_name) };
    },

    refreshAll: async () => {
      const servers = await Promise.all(
        hub.serverInfos().map(async (current) => {
          const server = hub.server(current.name);
          if (!server || server.status !== 'connected') return current;
          try {
            await server.refreshCatalog();
            return hub.serverInfo(current.name);
          } catch (error) {
            return { name: current.name, status: 'error' as const, error: upstreamError(current.name, error).message };
          }
        }),
      );
      return { status: 'ok', servers };
    },

    startServer: async ({ server_name }) => ({ status: 'ok', server: await hub.startServer(server_name) }),
    stopServer: async ({ server_name, disable }) => ({ status: 'ok', server: await hub.stopServer(server_name, { disable: disable === true }) }),
    getServerLogs: async ({ server_name, after }) => ({ server: server_name, logs: hub.requireServer(server_name).logs.list(after) }),
  };
}
