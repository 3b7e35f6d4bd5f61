import { LoginError } from '../auth/login-error.js';
import { restoreRedactedConfig, type ConfigEditor } from '../config/editor.js';
import { configFromEntry, requiredRuntime } from '../marketplace/install.js';
import { entryDetails } from '../marketplace/details.js';
import { markInstalled } from '../marketplace/installed.js';
import { checkRuntime } from '../marketplace/runtime.js';
import type { Hub } from '../hub.js';
import type { UpstreamServer } from '../upstream/upstream-server.js';
import { configError, HubError, serverNotFound, upstreamError, validationError } from './errors.js';
import { clientHandlers } from './client-operations.js';
import type { OperationHandlers } from './rest.js';

function requireServer(hub: Hub, name: string): UpstreamServer {
  const server = hub.server(name);
  if (!server) throw serverNotFound(name);
  return server;
}

/** A server that takes requests: connected, or sleeping (the request wakes it). */
function requireAvailable(hub: Hub, name: string): UpstreamServer {
  const server = requireServer(hub, name);
  if (!server.acceptsRequests) {
    const why = server.error ? `: ${server.error}` : '';
    throw new HubError('SERVER_NOT_CONNECTED', `Server '${name}' is not connected (status: ${server.status}${why})`, 503, {
      server: name,
      status: server.status,
    });
  }
  return server;
}

/** The operations of the shared contract, carried out on a hub. */
export function hubOperations(hub: Hub): OperationHandlers {
  const info = (server: UpstreamServer) => hub.serverInfo(server.name);
  return {
    health: async () => hub.health(),
    listServers: async () => ({ servers: hub.serverInfos() }),
    getServer: async ({ server_name }) => ({ server: info(requireServer(hub, server_name)) }),

    refreshServer: async ({ server_name }) => {
      const server = requireAvailable(hub, server_name);
      await server.refreshCatalog().catch((error: unknown) => {
        throw upstreamError(server_name, error);
      });
      return { status: 'ok', server: info(server) };
    },

    refreshAll: async () => {
      const servers = await Promise.all(
        hub.serverInfos().map(async (current) => {
          const server = requireServer(hub, current.name);
          if (server.status !== 'connected') return current;
          try {
            await server.refreshCatalog();
            return info(server);
          } catch (error) {
            return { name: current.name, status: 'error' as const, error: upstreamError(current.name, error).message };
          }
        }),
      );
      return { status: 'ok', servers };
    },

    startServer: async ({ server_name }) => ({ status: 'ok', server: await hub.startServer(server_name) }),
    stopServer: async ({ server_name, disable }) => ({ status: 'ok', server: await hub.stopServer(server_name, { disable: disable === true }) }),

    callTool: async ({ server_name, tool, arguments: args, request_options }) => {
      const server = requireAvailable(hub, server_name);
      if (!server.catalog.tools.some((candidate) => candidate.name === tool)) {
        throw new HubError('TOOL_NOT_FOUND', `Tool '${tool}' not found on server '${server_name}'`, 404, {
          server: server_name,
          tool,
          availableTools: server.catalog.tools.map((candidate) => candidate.name),
        });
      }
      const result = await hub.callTool(server, tool, args ?? {}, { via: 'api', timeout: request_options?.timeout });
      return { result };
    },

    readResource: async ({ server_name, uri, request_options }) => {
      const server = requireAvailable(hub, server_name);
      try {
        const result = await server.request({ method: 'resources/read', params: { uri } }, timeoutOption(request_options?.timeout));
        return { result };
      } catch (error) {
        throw upstreamError(server_name, error);
      }
    },

    getPrompt: async ({ server_name, prompt, arguments: args, request_options }) => {
      const server = requireAvailable(hub, server_name);
      if (!server.catalog.prompts.some((candidate) => candidate.name === prompt)) {
        throw new HubError('PROMPT_NOT_FOUND', `Prompt '${prompt}' not found on server '${server_name}'`, 404, {
          server: server_name,
          prompt,
          availablePrompts: server.catalog.prompts.map((candidate) => candidate.name),
        });
      }
      try {
        const params = { name: prompt, ...(args && { arguments: args }) };
        const result = await server.request({ method: 'prompts/get', params }, timeoutOption(request_options?.timeout));
        return { result };
      } catch (error) {
        throw upstreamError(server_name, error);
      }
    },

    authorizeServer: async ({ server_name }) => ({ authorizationUrl: await hub.authorizeServer(server_name) }),

    logoutServer: async ({ server_name }) => {
      const { server, revoked } = await hub.logoutServer(server_name);
      return { status: 'ok', server, revoked };
    },

    completeLogin: async ({ url }) => {
      let params: URLSearchParams;
      try {
        params = new URL(url).searchParams;
      } catch {
        throw validationError('url must be the whole address the browser ended on, starting with http', { url });
      }
      try {
        const { server, message } = await hub.completeLogin(params);
        return { status: 'ok', message, server_name: server };
      } catch (error) {
        if (error instanceof LoginError) throw new HubError(error.code, error.message, error.status, error.server ? { server: error.server } : {});
        throw error;
      }
    },

    getServerLogs: async ({ server_name, after }) => ({
      server: server_name,
      logs: requireServer(hub, server_name).logs.list(after),
    }),

    addServer: async ({ server_name, config, config_file }) => {
      if (hub.server(server_name)) throw new HubError('SERVER_EXISTS', `Server '${server_name}' already exists`, 409, { server: server_name });
      const file = config_file === undefined ? hub.configEditor.defaultFile : knownFile(hub, config_file);
      const entry = restoreRedacted(hub, config, undefined, server_name);
      await configChange(hub, (editor) => editor.editServers(file, [{ kind: 'set', name: server_name, config: entry }]));
      return { status: 'ok', server: hub.serverInfo(server_name) };
    },

    updateServer: async ({ server_name, config }) => {
      const server = requireServer(hub, server_name);
      const entry = restoreRedacted(hub, config, server.definition.entry, server_name);
      await configChange(hub, (editor) => editor.editServers(server.definition.source, [{ kind: 'set', name: server_name, config: entry }]));
      return { status: 'ok', server: hub.serverInfo(server_name) };
    },

    removeServer: async ({ server_name }) => {
      const server = requireServer(hub, server_name);
      await configChange(hub, (editor) => editor.editServers(server.definition.source, [{ kind: 'remove', name: server_name }]));
      return { status: 'ok' };
    },

    renameServer: async ({ server_name, new_name }) => {
      const server = requireServer(hub, server_name);
      if (hub.server(new_name)) throw new HubError('SERVER_EXISTS', `Server '${new_name}' already exists`, 409, { server: new_name });
      await configChange(hub, (editor) => editor.editServers(server.definition.source, [{ kind: 'rename', from: server_name, to: new_name }]));
      return { status: 'ok', server: hub.serverInfo(new_name) };
    },

    readConfig: async () => ({ files: await hub.configEditor.snapshots() }),

    writeConfig: async ({ path, text, hash }) => {
      const file = knownFile(hub, path);
      const written = await configChange(hub, (editor) => editor.writeText(file, text, hash, (value) => hub.redactor.redact(value)));
      return { status: 'ok', file: written };
    },

    listWorkspaces: async () => ({ workspaces: await hub.listWorkspaces() }),

    listMarketplace: async ({ refresh, ...query }) => {
      const list = await hub.marketplace.list(query, { refresh: refresh === true });
      return { ...list, servers: markInstalled(list.servers, hub.config?.servers ?? []) };
    },

    installFromMarketplace: async ({ mcpId, server_name, package: packageIndex, remote, values, config_file }) => {
      const entry = await hub.marketplace.details(mcpId);
      if (!entry) throw validationError(`Marketplace server '${mcpId}' not found`, { mcpId });
      if (hub.server(server_name)) throw new HubError('SERVER_EXISTS', `Server '${server_name}' already exists`, 409, { server: server_name });
      const choice = remote !== undefined ? { remote } : packageIndex !== undefined ? { package: packageIndex } : {};
      const result = configFromEntry(entry, choice, values, { secretName: (key) => `server:${server_name}:${key}` });
      // What the user typed as secrets must not come back in this answer or any event.
      hub.redactor.add(result.secrets.map((secret) => secret.value));
      if (!result.config || result.missing.length > 0 || result.invalid.length > 0) {
        const reasons = [
          ...(result.config ? [] : result.notices),
          ...result.missing.map((key) => `${key} is required`),
          ...result.invalid,
        ];
        throw validationError(`Cannot install '${mcpId}': ${reasons.join('; ')}`, { missing: result.missing, invalid: result.invalid, notices: result.notices });
      }
      const runtime = requiredRuntime(result.config);
      if (runtime) {
        const check = await checkRuntime(runtime);
        if (check.message) throw new HubError('RUNTIME_MISSING', check.message, 400, { runtime, command: check.command });
      }
      const secrets = await hub.secrets();
      for (const secret of result.secrets) await secrets.set(secret.name, secret.value);
      const file = config_file === undefined ? hub.configEditor.defaultFile : knownFile(hub, config_file);
      const config: Record<string, unknown> = { ...result.config };
      await configChange(hub, (editor) => editor.editServers(file, [{ kind: 'set', name: server_name, config }]));
      return { status: 'ok', server: hub.serverInfo(server_name), notices: result.notices };
    },

    marketplaceDetails: async ({ mcpId }) => {
      const entry = await hub.marketplace.details(mcpId);
      // mcp-hub v4 answered an unknown id with 400, and its integrations expect that.
      if (!entry) throw validationError(`Marketplace server '${mcpId}' not found`, { mcpId });
      return { server: await entryDetails(hub.marketplace, entry, hub.config?.servers ?? []) };
    },

    restartHub: async () => {
      await hub.restart();
      return { status: 'ok' };
    },

    hardRestart: async () => {
      hub.requestHardRestart();
      return { status: 'ok' };
    },

    ...clientHandlers(hub),
  };
}

/** One of the hub's own config files; the API writes nowhere else. */
export function knownFile(hub: Hub, path: string): string {
  const file = hub.configEditor.known(path);
  if (!file) throw new HubError('CONFIG_FILE_NOT_FOUND', `'${path}' is not one of this hub's config files`, 404, { path });
  return file;
}

/**
 * A server entry as the UI sends it back: secrets it was shown as [redacted] and left alone are
 * put back; a new entry (no previous one) with the marker is refused, never saved as "[redacted]".
 */
function restoreRedacted(hub: Hub, config: Record<string, unknown>, previous: Record<string, unknown> | undefined, name: string): Record<string, unknown> {
  try {
    return restoreRedactedConfig(config, previous, (value) => hub.redactor.redact(value), name);
  } catch (error) {
    throw configError(error);
  }
}

export async function configChange<T>(hub: Hub, change: (editor: ConfigEditor) => Promise<T>): Promise<T> {
  try {
    return await hub.editConfig(change);
  } catch (error) {
    throw configError(error);
  }
}

function timeoutOption(timeout: number | undefined): { timeout?: number } {
  return timeout === undefined ? {} : { timeout };
}
