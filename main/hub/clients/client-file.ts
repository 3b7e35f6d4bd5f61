import { existsSync } from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigFileError } from '../config/config-file-error.js';
import { parseJsonDocument } from '../config/json-document.js';
import { readConfigSnapshot, type ConfigSnapshot } from '../config/write.js';
import type { ClientEnvironment, KnownClient } from './known-clients.js';
import { isRecord } from '../../../shared/is-record.js';

export interface ClientFile {
  snapshot: ConfigSnapshot;
  /** The whole document, when it parsed. */
  document: Record<string, unknown> | undefined;
  /** The client's servers by name, as the client wrote them. */
  servers: Record<string, unknown>;
  /** Why the file could not be read (`file:line:column: what`); the file is then left alone. */
  error: string | undefined;
}

/** Where this client's config is on this machine: the first location that exists, else the first. */
export function clientConfigPath(client: KnownClient, where: ClientEnvironment): string {
  const locations = client.locations(where);
  return locations.find((path) => existsSync(path)) ?? locations[0]!;
}

/** Parses a client's config text; throws ConfigFileError with the position of a syntax error. */
export function parseClientDocument(client: KnownClient, path: string, text: string): Record<string, unknown> {
  if (client.format === 'toml') {
    try {
      return parseToml(text) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof TomlError) {
        throw new ConfigFileError(path, error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, ''), { line: error.line, column: error.column });
      }
      throw error;
    }
  }
  // Claude Code and others write an empty file on first launch.
  if (text.trim() === '') return {};
  const value = parseJsonDocument(text, path).value;
  if (!isRecord(value)) throw new ConfigFileError(path, 'the top level is not a JSON object', { line: 1, column: 1 });
  return value;
}

export async function readClientFile(client: KnownClient, path: string): Promise<ClientFile> {
  const snapshot = await readConfigSnapshot(path);
  if (!snapshot.exists) return { snapshot, document: undefined, servers: {}, error: undefined };
  try {
    const document = parseClientDocument(client, snapshot.path, snapshot.text);
    const block = document[client.serversKey];
    return { snapshot, document, servers: isRecord(block) ? block : {}, error: undefined };
  } catch (error) {
    if (error instanceof ConfigFileError) return { snapshot, document: undefined, servers: {}, error: error.message };
    throw error;
  }
}
