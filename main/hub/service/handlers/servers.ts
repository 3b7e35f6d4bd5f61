import type { OperationResult } from '../../../../shared/contract.js';
import { upstreamError } from '../../errors.js';
import type { Hub } from '../../hub.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';

type ServerHandlers = Pick<OperationHandlers, 'listServers' | 'getServer' | 'refreshServer' | 'refreshAll' | 'startServer' | 'stopServer' | 'getServerLogs'>;

/** How long a finished re-read of every server answers further asks. */
const REFRESH_REUSE_MS = 1_000;

/** The servers as they run: listing, starting, stopping, re-reading their lists, their logs. */
export function serverHandlers({ hub }: OperationContext): ServerHandlers {
  let refreshing: { result: Promise<OperationResult<'refreshAll'>>; finishedAt?: number } | undefined;

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

    refreshAll: () => {
      // mcp-hub v4's GET, which any page could make a browser send: asks that come together, or
      // within a second of each other, share one re-read of the lists.
      if (refreshing && (refreshing.finishedAt === undefined || Date.now() - refreshing.finishedAt < REFRESH_REUSE_MS)) return refreshing.result;
      const current: NonNullable<typeof refreshing> = { result: refreshEveryServer(hub) };
      current.result.then(() => (current.finishedAt = Date.now()));
      refreshing = current;
      return current.result;
    },

    startServer: async ({ server_name }) => ({ status: 'ok', server: await hub.startServer(server_name) }),
    stopServer: async ({ server_name, disable }) => ({ status: 'ok', server: await hub.stopServer(server_name, { disable: disable === true }) }),
    getServerLogs: async ({ server_name, after }) => ({ server: server_name, logs: hub.requireServer(server_name).logs.list(after) }),
  };
}

/** Every connected server's lists, read afresh; a server that fails is reported in place, the others still answer. */
async function refreshEveryServer(hub: Hub): Promise<OperationResult<'refreshAll'>> {
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
}
