import type { OperationName } from '../../../shared/contract.js';
import { isRecord } from '../../../shared/is-record.js';
import type { MarketplaceEntry } from '../../../shared/marketplace.js';
import { v4MarketplaceEntry } from '../marketplace/v4-entry.js';

/**
 * What mcp-hub v4's clients are sent. They know v4's five server statuses only: mcphub.nvim offers
 * the tools of `connected` servers alone and shows an error only for `disconnected`. So a sleeping
 * lazy server, whose first call starts it, reads as `connected` (with `sleeping: true`), and a
 * failed one as `disconnected` with its `error`, and an untrusted project server as `disabled`. The marketplace is sent in v4's registry shape.
 * The hub's own UI asks for the full view with FULL_VIEW_HEADER; IPC always has it.
 */
export function v4View(name: OperationName, result: Record<string, unknown>): Record<string, unknown> {
  if (name === 'listMarketplace') {
    return { ...result, servers: (result['servers'] as MarketplaceEntry[]).map(v4MarketplaceEntry) };
  }
  if (name === 'marketplaceDetails') {
    const { server } = result as { server: { server: MarketplaceEntry } };
    return { server: { server: v4MarketplaceEntry(server.server), readmeContent: null } };
  }
  const view = { ...result };
  if (isServerInfo(view['server'])) view['server'] = v4Server(view['server']);
  if (Array.isArray(view['servers'])) view['servers'] = view['servers'].map((server: unknown) => (isServerInfo(server) ? v4Server(server) : server));
  return view;
}

/** A server's info, as opposed to a refresh's `{name, status: 'error', error}`, which is v4's own. */
function isServerInfo(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value['status'] === 'string' && isRecord(value['capabilities']);
}

function v4Server(server: Record<string, unknown>): Record<string, unknown> {
  if (server['status'] === 'sleeping') return { ...server, status: 'connected', sleeping: true };
  if (server['status'] === 'error') return { ...server, status: 'disconnected' };
  // A project folder's server waiting for trust: off until the user trusts the folder, which
  // starting it says (PROJECT_NOT_TRUSTED).
  if (server['status'] === 'untrusted') return { ...server, status: 'disabled', untrusted: true };
  return server;
}
