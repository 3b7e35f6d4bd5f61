import type { ServerConfig } from '../../../shared/config.js';
import type { ServerEdit } from '../config/edit.js';
import { ConfigConflictError } from '../config/write.js';
import type { Hub } from '../hub.js';
import { HubError, validationError } from './errors.js';
import { configChange, knownFile } from './operations.js';
import type { OperationHandlers } from './rest.js';

type ClientHandlers = Pick<OperationHandlers, 'listClients' | 'importServers' | 'connectClient' | 'undoConnectClient'>;

/** The hub's servers as configured, to recognise a client's server the hub already has. */
function configuredServers(hub: Hub): Record<string, ServerConfig> {
  return Object.fromEntries((hub.config?.servers ?? []).map((definition) => [definition.name, definition.entry as ServerConfig]));
}

/**
 * A client's file that changed while the hub wrote it: tried again by the user, not merged. Its
 * text is not sent back (unlike the hub's own config files): it may hold the client's secrets.
 */
async function clientFileChange<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof ConfigConflictError) {
      throw new HubError('CLIENT_CONFIG_CHANGED', `${error.path} changed while the hub was writing it; nothing was written, try again`, 409, { path: error.path });
    }
    throw error;
  }
}

export function clientHandlers(hub: Hub): ClientHandlers {
  return {
    listClients: async () => ({ clients: await hub.clients.list(configuredServers(hub)) }),

    importServers: async ({ client, servers, config_file }) => {
      const summary = await hub.clients.get(client, configuredServers(hub));
      if (summary.error) throw new HubError('CLIENT_CONFIG_INVALID', `Cannot read ${summary.label}'s config: ${summary.error}`, 400, { client, path: summary.path });
      const edits: ServerEdit[] = [];
      const names: string[] = [];
      for (const { name, as } of servers) {
        const found = summary.servers.find((server) => server.name === name);
        if (!found) throw validationError(`${summary.label}'s config (${summary.path}) has no server '${name}'`, { client, server: name });
        if (found.isHub) throw validationError(`'${name}' in ${summary.label}'s config is this hub itself`, { client, server: name });
        if (!found.config) throw validationError(`Cannot import '${name}' from ${summary.label}: ${found.problem}`, { client, server: name });
        const target = as ?? name;
        if (hub.server(target) || names.includes(target)) {
          throw new HubError('SERVER_EXISTS', `Server '${target}' already exists; import it under another name ("as")`, 409, { server: target });
        }
        edits.push({ kind: 'set', name: target, config: found.config });
        names.push(target);
      }
      const file = config_file === undefined ? hub.configEditor.defaultFile : knownFile(hub, config_file);
      await configChange(hub, (editor) => editor.editServers(file, edits));
      return { status: 'ok', servers: names.map((name) => hub.serverInfo(name)) };
    },

    connectClient: async ({ client }) => ({ status: 'ok', ...(await clientFileChange(() => hub.clients.connect(client))) }),

    undoConnectClient: async ({ client }) => ({ status: 'ok', ...(await clientFileChange(() => hub.clients.undo(client))) }),
  };
}
