import type { ServerConfig } from '../../../../shared/config.js';
import { restoreRedactedConfig, type ConfigEditor } from '../../config/editor.js';
import { HubError } from '../../errors.js';
import { renameOwnSecrets } from '../../secrets/renamed-secrets.js';
import type { Hub } from '../../hub.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';

type ConfigHandlers = Pick<OperationHandlers, 'addServer' | 'updateServer' | 'removeServer' | 'renameServer' | 'readConfig' | 'writeConfig'>;

/** One of the hub's own config files; the API writes nowhere else. */
export function knownFile(hub: Hub, path: string | undefined): string {
  if (path === undefined) return hub.configEditor.defaultFile;
  const file = hub.configEditor.known(path);
  if (!file) throw new HubError('CONFIG_FILE_NOT_FOUND', `'${path}' is not one of this hub's config files`, { path });
  return file;
}

/** Refuses a server name the config already has (an add, a rename or an import would replace it). */
export function requireNewName(hub: Hub, name: string, hint = ''): void {
  if (hub.server(name)) throw new HubError('SERVER_EXISTS', `Server '${name}' already exists${hint}`, { server: name });
}

/** The hub's config files: reading and writing them whole, and editing one server entry. */
export function configHandlers({ hub }: OperationContext): ConfigHandlers {
  const edit = <T>(change: (editor: ConfigEditor) => Promise<T>) => hub.editConfig(change);
  /**
   * A server entry as the UI sends it back: secrets it was shown as [redacted] and left alone are
   * put back; a new entry (no previous one) with the marker is refused, never saved as "[redacted]".
   */
  const restoreRedacted = (config: ServerConfig, previous: Record<string, unknown> | undefined, name: string) =>
    restoreRedactedConfig(config, previous, (value) => hub.redactor.redact(value), name);

  return {
    addServer: async ({ server_name, config, config_file }) => {
      requireNewName(hub, server_name);
      const file = knownFile(hub, config_file);
      const entry = restoreRedacted(config, undefined, server_name);
      await edit((editor) => editor.editFile(file, [{ kind: 'set', name: server_name, config: entry }]));
      return { status: 'ok', server: hub.serverInfo(server_name) };
    },

    updateServer: async ({ server_name, config }) => {
      const server = hub.requireServer(server_name);
      const entry = restoreRedacted(config, server.definition.entry, server_name);
      await edit((editor) => editor.editFile(server.definition.source, [{ kind: 'set', name: server_name, config: entry }]));
      return { status: 'ok', server: hub.serverInfo(server_name) };
    },

    removeServer: async ({ server_name }) => {
      const server = hub.requireServer(server_name);
      await edit((editor) => editor.editFile(server.definition.source, [{ kind: 'remove', name: server_name }]));
      return { status: 'ok' };
    },

    renameServer: async ({ server_name, new_name }) => {
      const server = hub.requireServer(server_name);
      requireNewName(hub, new_name);
      const secrets = await renameOwnSecrets(server.definition.entry, server_name, new_name, () => hub.secrets());
      await edit((editor) => editor.editFile(server.definition.source, [{ kind: 'rename', from: server_name, to: new_name }, ...secrets.edits]));
      await secrets.done();
      return { status: 'ok', server: hub.serverInfo(new_name) };
    },

    readConfig: async () => ({ files: await hub.configEditor.snapshots() }),

    writeConfig: async ({ path, text, hash }) => {
      const file = knownFile(hub, path);
      const written = await edit((editor) => editor.writeText(file, text, hash, (value) => hub.redactor.redact(value)));
      return { status: 'ok', file: written };
    },
  };
}
