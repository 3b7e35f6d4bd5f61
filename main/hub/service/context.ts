import type { HubEndpoint } from '../../../shared/clients.js';
import type { OperationResult } from '../../../shared/contract.js';
import type { CliLauncher } from '../clients/cli-launcher.js';
import type { ClientConfigs } from '../clients/client-configs.js';
import type { Hub } from '../hub.js';
import type { Logger } from '../log.js';
import type { Marketplace } from '../marketplace/marketplace.js';

/** Who is connected to the hub's listener right now, as `health` reports it. */
export type ConnectionReport = Pick<OperationResult<'health'>, 'connections'>['connections'] & {
  /** Sessions of MCP clients on /mcp and /mcp/<server>. */
  mcpSessions: number;
};

/** What the operations work on: the hub core and the parts composed around it. */
export interface OperationContext {
  hub: Hub;
  marketplace: Marketplace;
  clients: ClientConfigs;
  cliLauncher: CliLauncher;
  logger: Logger;
  /** Where MCP clients reach this hub (URL, stdio bridge, token). */
  endpoint(): HubEndpoint;
  connections(): ConnectionReport;
  /** Opens a login's authorization URL in the user's browser, when the hub can (the desktop app). */
  openUrl?: ((url: string) => Promise<void>) | undefined;
  /** Ends this process so its supervisor starts a fresh one (mcp-hub v4's hard restart), when it has one. */
  onHardRestart?: (() => void) | undefined;
}
