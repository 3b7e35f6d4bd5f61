import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, ResultSchema, type ClientNotification, type ClientRequest, type Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerStatus } from '../../../shared/status.js';
import { ProtocolError } from '../protocol-error.js';
import type { CatalogState } from './catalog-state.js';
import type { SleepCycle } from './lazy.js';
import type { Supervisor } from './supervisor.js';

/** What the requests need of their server. */
export interface RequestTarget {
  readonly name: string;
  status(): ServerStatus;
  error(): string | null;
  requestTimeoutMs(): number;
  readonly supervisor: Supervisor;
  readonly sleepCycle: SleepCycle;
  readonly catalogState: CatalogState;
}

/**
 * The hub's requests to one upstream server: each wakes a sleeping server first, counts as
 * activity while it runs, and fails fast with a clear MCP error when the server is not connected
 * (or does not come up).
 */
export class UpstreamRequests {
  constructor(private readonly target: RequestTarget) {}

  async request(request: ClientRequest, options: RequestOptions = {}): Promise<Result> {
    const { sleepCycle, supervisor } = this.target;
    return sleepCycle.whileBusy(async () => {
      const client = await this.awakeClient();
      try {
        return await client.request(request, ResultSchema, {
          timeout: this.target.requestTimeoutMs(),
          resetTimeoutOnProgress: true,
          ...options,
        });
      } catch (error) {
        // Refused mid-session: the server went `unauthorized` (closing the connection), and the error
        // says so like any request to a server that is not connected, not as a bare 401 or close.
        if (this.target.status() === 'unauthorized' && supervisor.client !== client) this.requireClient();
        throw error;
      }
    });
  }

  async notify(notification: ClientNotification): Promise<void> {
    await this.target.supervisor.client?.notification(notification);
  }

  /** Re-reads every list from the server (waking it if it sleeps), announcing what changed. */
  async refreshCatalog(): Promise<void> {
    const { sleepCycle, catalogState } = this.target;
    await sleepCycle.whileBusy(async () => {
      const client = await this.awakeClient();
      catalogState.set(await catalogState.fetch(client));
      catalogState.save();
    });
  }

  private async awakeClient(): Promise<Client> {
    const { sleepCycle } = this.target;
    if (this.target.status() === 'sleeping' || sleepCycle.waking) await sleepCycle.wake();
    return this.requireClient();
  }

  private requireClient(): Client {
    const { supervisor, name } = this.target;
    const status = this.target.status();
    const error = this.target.error();
    const client = supervisor.client;
    if (!client || status !== 'connected') {
      const why = error ? `: ${error}` : '';
      throw new ProtocolError(ErrorCode.ConnectionClosed, `Server '${name}' is not connected (status: ${status}${why})`);
    }
    return client;
  }
}
