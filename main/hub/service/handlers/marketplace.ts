import { HubError, validationError } from '../../errors.js';
import { entryDetails } from '../../marketplace/details.js';
import { configFromEntry } from '../../marketplace/install.js';
import { markInstalled } from '../../marketplace/installed.js';
import { checkRuntime, requiredRuntime } from '../../marketplace/runtime.js';
import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';
import { knownFile, requireNewName } from './config.js';

type MarketplaceHandlers = Pick<OperationHandlers, 'listMarketplace' | 'marketplaceDetails' | 'installFromMarketplace'>;

/** The MCP Registry's servers: browsing them, and installing one as a server entry. */
export function marketplaceHandlers({ hub, marketplace }: OperationContext): MarketplaceHandlers {
  const configured = () => hub.config?.servers ?? [];
  const requireEntry = async (mcpId: string) => {
    const entry = await marketplace.details(mcpId);
    // mcp-hub v4 answered an unknown id with 400, and its integrations expect that.
    if (!entry) throw validationError(`Marketplace server '${mcpId}' not found`, { mcpId });
    return entry;
  };

  return {
    listMarketplace: async ({ refresh, ...query }) => {
      const list = await marketplace.list(query, { refresh: refresh === true });
      return { ...list, servers: markInstalled(list.servers, configured()) };
    },

    marketplaceDetails: async ({ mcpId }) => ({ server: await entryDetails(marketplace, await requireEntry(mcpId), configured()) }),

    installFromMarketplace: async ({ mcpId, server_name, package: packageIndex, remote, values, config_file }) => {
      const entry = await requireEntry(mcpId);
      requireNewName(hub, server_name);
      const choice = remote !== undefined ? { remote } : packageIndex !== undefined ? { package: packageIndex } : {};
      const result = configFromEntry(entry, choice, values, { secretName: (key) => `server:${server_name}:${key}` });
      // What the user typed as secrets must not come back in this answer or any event.
      hub.redactor.add(result.secrets.map((secret) => secret.value));
      if (!result.config || result.missing.length > 0 || result.invalid.length > 0) {
        const reasons = [...(result.config ? [] : result.notices), ...result.missing.map((key) => `${key} is required`), ...result.invalid];
        throw validationError(`Cannot install '${mcpId}': ${reasons.join('; ')}`, { missing: result.missing, invalid: result.invalid, notices: result.notices });
      }
      const runtime = requiredRuntime(result.config);
      if (runtime) {
        const check = await checkRuntime(runtime);
        if (check.message) throw new HubError('RUNTIME_MISSING', check.message, { runtime, command: check.command });
      }
      const secrets = await hub.secrets();
      for (const secret of result.secrets) await secrets.set(secret.name, secret.value);
      const file = knownFile(hub, config_file);
      const config: Record<string, unknown> = { ...result.config };
      await hub.editConfig((editor) => editor.editFile(file, [{ kind: 'set', name: server_name, config }]));
      return { status: 'ok', server: hub.serverInfo(server_name), notices: result.notices };
    },
  };
}
