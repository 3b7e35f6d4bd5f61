import { NewServerNameSchema, type ServerConfig } from '../../../../shared/config.js';
import type { ConfigEdit } from '../../config/edit.js';
import { ConfigConflictError } from '../../config/write.js';
import { HubError, validationError } from '../../errors.js';
import type { Hub } from '../../hub.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';
import { knownFile, requireNewName } from './config.js';

type ClientHandlers = Pick<
  OperationHandlers,
  'listClients' | 'importServers' | 'connectClient' | 'undoConnectClient' | 'cliCommand' | 'installCliCommand' | 'removeCliCommand'
>;

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
      throw new HubError('CLIENT_CONFIG_CHANGED', `${error.path} changed while the hub was writing it; nothing was written, try again`, { path: error.path });
    }
    throw error;
  }
}

/** The MCP clients on this machine: importing their servers, pointing them at the hub, and undoing that. */
export function clientHandlers({ hub, clients, cliLauncher }: OperationContext): ClientHandlers {
  return {
    listClients: async () => ({ clients: await clients.list(configuredServers(hub)) }),

    importServers: async ({ client, servers, config_file }) => {
      const summary = await clients.get(client, configuredServers(hub));
      if (summary.error) throw new HubError('CLIENT_CONFIG_INVALID', `Cannot read ${summary.label}'s config: ${summary.error}`, { client, path: summary.path });
      const edits: ConfigEdit[] = [];
      const names: string[] = [];
      for (const { name, as } of servers) {
        const found = summary.servers.find((server) => server.name === name);
        if (!found) throw validationError(`${summary.label}'s config (${summary.path}) has no server '${name}'`, { client, server: name });
        if (found.isHub) throw validationError(`'${name}' in ${summary.label}'s config is this hub itself`, { client, server: name });
        if (!found.config) throw validationError(`Cannot import '${name}' from ${summary.label}: ${found.problem}`, { client, server: name });
        const target = as ?? name;
        const valid = NewServerNameSchema.safeParse(target);
        if (!valid.success) throw validationError(`'${target}' cannot be the name of a server in the hub (${valid.error.issues[0]?.message}); import it under another name ("as")`, { client, server: name });
        requireNewName(hub, target, '; import it under another name ("as")');
        if (names.includes(target)) throw new HubError('SERVER_EXISTS', `Server '${target}' is imported twice; import one under another name ("as")`, { server: target });
        edits.push({ kind: 'set', name: target, config: found.config });
        names.push(target);
      }
      const file = knownFile(hub, config_file);
      await hub.editConfig((editor) => editor.editFile(file, edits));
      return { status: 'ok', servers: names.map((name) => hub.serverInfo(name)) };
    },

    connectClient: async ({ client, profile }) => {
      if (profile !== undefined && !hub.config?.profiles.some((candidate) => candidate.name === profile)) {
        throw new HubError('PROFILE_NOT_FOUND', `There is no profile '${profile}' in the hub's config files`, { profile });
      }
      return { status: 'ok', ...(await clientFileChange(() => clients.connect(client, profile))) };
    },
    undoConnectClient: async ({ client }) => ({ status: 'ok', ...(await clientFileChange(() => clients.undo(client))) }),

    cliCommand: () => cliLauncher.status(),
    installCliCommand: () => cliLauncher.install(),
    removeCliCommand: () => cliLauncher.remove(),
  };
}
