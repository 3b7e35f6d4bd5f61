import { readFile, rm } from 'node:fs/promises';
import { HUB_SERVER_NAME, hubEntry, profileEndpoint, type ClientSummary } from '../../../shared/clients.js';
import type { ServerConfig } from '../../../shared/config.js';
import { ConfigFileError } from '../config/config-file-error.js';
import { ConfigValidationError, readConfigSnapshot, writeFileSafely } from '../config/write.js';
import { HubError } from '../errors.js';
import { clientConfigPath, parseClientDocument, readClientFile } from './client-file.js';
import { editClientText } from './client-edit.js';
import { ConnectionRecords } from './connections.js';
import { findImportable } from './import.js';
import { CLIENT_IDS, KNOWN_CLIENTS, type ClientEnvironment, type ClientId, type HubEndpoint, type KnownClient } from './known-clients.js';

export interface ClientConfigsOptions {
  where: ClientEnvironment;
  /** Where replaced versions of client files are kept (the hub's backup folder). */
  backupDir: string;
  /** `client-connections.json`: what connect did, for undo. */
  recordsFile: string;
  endpoint: () => HubEndpoint;
  /** The names of the hub's profiles, to recognise an entry that points at one. */
  profiles: () => readonly string[];
}

export type UndoResult = { path: string; restored: 'previous-version' | 'file-removed' | 'entry-removed' };

/**
 * The config files of the MCP clients on this machine: what they hold (for import), and the
 * hub's entry in them (connect, undo). The hub only ever changes its own entry, after a backup,
 * atomically; a file it cannot parse is reported and left alone.
 */
export class ClientConfigs {
  private readonly records: ConnectionRecords;

  constructor(private readonly options: ClientConfigsOptions) {
    this.records = new ConnectionRecords(options.recordsFile);
  }

  async list(hubServers: Record<string, ServerConfig>): Promise<ClientSummary[]> {
    const records = await this.records.all();
    return Promise.all(CLIENT_IDS.map((id) => this.summary(id, hubServers, records)));
  }

  /** One client's summary, reading only its own file. */
  async get(id: ClientId, hubServers: Record<string, ServerConfig>): Promise<ClientSummary> {
    return this.summary(id, hubServers, await this.records.all());
  }

  private async summary(id: ClientId, hubServers: Record<string, ServerConfig>, records: Awaited<ReturnType<ConnectionRecords['all']>>): Promise<ClientSummary> {
    const client = KNOWN_CLIENTS[id];
    const endpoint = this.options.endpoint();
    const file = await readClientFile(client, clientConfigPath(client, this.options.where));
    const ours = file.servers[HUB_SERVER_NAME];
    const points = (candidate: HubEndpoint) => ours !== undefined && JSON.stringify(ours) === JSON.stringify(hubEntry(id, candidate));
    const profile = this.options.profiles().find((name) => points(profileEndpoint(endpoint, name))) ?? null;
    return {
      id,
      label: client.label,
      path: file.snapshot.path,
      exists: file.snapshot.exists,
      error: file.error ?? null,
      servers: findImportable(id, file.servers, hubServers, endpoint),
      connected: profile !== null || points(endpoint),
      profile,
      undoAvailable: records[id] !== undefined,
    };
  }

  /** Writes the hub's entry (for the whole hub, or one profile) into the client's file, creating the file if the client has none yet. */
  async connect(id: ClientId, profile?: string): Promise<{ path: string; backup: string | null }> {
    const client = KNOWN_CLIENTS[id];
    const path = clientConfigPath(client, this.options.where);
    const snapshot = await readConfigSnapshot(path);
    const endpoint = profile === undefined ? this.options.endpoint() : profileEndpoint(this.options.endpoint(), profile);
    const text = this.edited(client, snapshot.path, snapshot.text, hubEntry(id, endpoint));
    const { snapshot: written, backup } = await this.write(client, snapshot.path, text, snapshot.hash);
    const previous = (await this.records.all())[id];
    // Connecting twice keeps the first backup: undo goes back to before the hub ever touched the file.
    const record = previous && previous.path === written.path ? { ...previous, writtenHash: written.hash } : { path: written.path, backup: backup ?? null, writtenHash: written.hash, connectedAt: new Date().toISOString() };
    await this.records.set(id, record);
    return { path: written.path, backup: record.backup };
  }

  /**
   * Puts the client's file back as it was before connect, byte for byte, if nobody changed it
   * since; otherwise removes only the hub's entry, keeping the other changes.
   */
  async undo(id: ClientId): Promise<UndoResult> {
    const client = KNOWN_CLIENTS[id];
    const record = (await this.records.all())[id];
    if (!record) throw new HubError('NOTHING_TO_UNDO', `The hub has not connected ${client.label}, so there is nothing to undo`, { client: id });
    const current = await readConfigSnapshot(record.path);
    let result: UndoResult;
    if (current.exists && current.hash === record.writtenHash) {
      if (record.backup === null) {
        await rm(record.path);
        result = { path: record.path, restored: 'file-removed' };
      } else {
        const previous = await readFile(record.backup, 'utf8');
        await this.write(client, record.path, previous, current.hash, { validate: false });
        result = { path: record.path, restored: 'previous-version' };
      }
    } else {
      if (current.exists) await this.write(client, record.path, this.edited(client, record.path, current.text, undefined), current.hash);
      result = { path: record.path, restored: 'entry-removed' };
    }
    await this.records.set(id, undefined);
    return result;
  }

  private edited(client: KnownClient, path: string, text: string, entry: Record<string, unknown> | undefined): string {
    try {
      // Parsed first so that a broken file is reported with its position and left untouched.
      parseClientDocument(client, path, text);
      return editClientText(client, path, text, entry);
    } catch (error) {
      if (error instanceof ConfigFileError) throw new HubError('CLIENT_CONFIG_INVALID', `Cannot edit ${client.label}'s config: ${error.message}`, { client: client.id, path });
      throw error;
    }
  }

  private write(client: KnownClient, path: string, text: string, expectedHash: string, options: { validate: boolean } = { validate: true }) {
    return writeFileSafely(path, text, {
      expectedHash,
      backupDir: this.options.backupDir,
      validate: (file, content) => {
        if (!options.validate) return;
        try {
          parseClientDocument(client, file, content);
        } catch (error) {
          if (error instanceof ConfigFileError) throw new ConfigValidationError(file, [error.message]);
          throw error;
        }
      },
    });
  }
}
