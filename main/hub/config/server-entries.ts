import { ConfigFileSettingsSchema, ServerConfigSchema, type ConfigFileSettings, type ServerConfig } from '../../../shared/config.js';
import { ConfigFileError } from './config-file-error.js';
import { locatedIssues, type JsonDocument } from './json-document.js';
import { formatJsonPath } from './json-path.js';
import type { ServerDefinition } from './types.js';
import { isRecord } from '../../../shared/is-record.js';

/**
 * The two keys servers can live under: mcp-hub's own, and VS Code's `.vscode/mcp.json`. In this
 * order they are merged, so `servers` wins a name clash.
 */
export const SERVER_KEYS = ['mcpServers', 'servers'] as const;

/** Longer than any name a person gives; a name like that only hides something. */
const MAX_NAME_IN_FILE = 256;

/**
 * What makes a name in a config file unusable: names the hub writes itself are stricter (see
 * NewServerNameSchema); these are names that would mislead or break wherever they are shown.
 */
function serverNameProblem(name: string): string | undefined {
  if (name === '') return 'the server name must not be empty';
  if (name.length > MAX_NAME_IN_FILE) return `the server name is longer than ${MAX_NAME_IN_FILE} characters`;
  if (/\p{Cc}/u.test(name)) return 'the server name contains a control character (a line break, NUL, …)';
  // Bidirectional controls make a name read differently from what it is (U+202E "evil\u202Etxt.exe").
  if (/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(name)) return 'the server name contains a bidirectional text control';
  return undefined;
}

/** The entry parsed, or why it cannot be: every issue, located in the file. */
function parseEntry(doc: JsonDocument, file: string, entryPath: string[], entry: unknown): { config: ServerConfig } | { problem: string } {
  const name = entryPath[entryPath.length - 1];
  const problems: { path: PropertyKey[]; message: string }[] = [];
  const nameProblem = serverNameProblem(name ?? '');
  if (nameProblem) problems.push({ path: [], message: nameProblem });
  const result = ServerConfigSchema.safeParse(entry);
  if (!result.success) problems.push(...result.error.issues);
  if (result.success && problems.length === 0) return { config: result.data };
  const problem = locatedIssues(doc, file, entryPath, problems);
  return { problem };
}

/**
 * The servers a parsed config file defines. File-level shape errors throw ConfigFileError; an
 * invalid server only gets `problem`, so one bad entry cannot take the other servers down.
 */
export function serversFromDocument(doc: JsonDocument, file: string): ServerDefinition[] {
  if (!isRecord(doc.value)) {
    throw new ConfigFileError(file, 'expected a JSON object at the top level', doc.locate([]));
  }
  const root = doc.value;
  const fileDefaults = readFileSettings(doc, file, root);
  const byName = new Map<string, ServerDefinition>();
  // mcp-hub v4 drops `mcpServers` entirely when `servers` exists; a union loses nothing, and on a
  // name clash `servers` wins because VS Code, which owns that key, would use it.
  for (const key of SERVER_KEYS) {
    if (!Object.hasOwn(root, key)) continue;
    const block = root[key];
    if (!isRecord(block)) {
      throw new ConfigFileError(file, `${key}: expected an object of servers ({ "name": { ... } })`, doc.locate([key]));
    }
    for (const [name, entry] of Object.entries(block)) {
      const parsed = parseEntry(doc, file, [key, name], entry);
      const definition: ServerDefinition = {
        name,
        source: file,
        entry: isRecord(entry) ? entry : {},
        ...('config' in parsed ? { config: parsed.config } : { config: undefined, problem: parsed.problem }),
        ...(fileDefaults && { fileDefaults }),
      };
      byName.set(name, definition);
    }
  }
  return [...byName.values()];
}

/**
 * The file's own defaults for its entries. A wrong value there would silently change every server
 * of the file, so it stops the file from loading, like any other file-level error.
 */
function readFileSettings(doc: JsonDocument, file: string, root: Record<string, unknown>): ConfigFileSettings | undefined {
  const result = ConfigFileSettingsSchema.safeParse(root);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    throw new ConfigFileError(file, `${formatJsonPath(path)}: ${issue.message}`, doc.locate(path));
  }
  const settings = Object.fromEntries(
    (['lazy', 'idleTimeout', 'isolation', 'newTools', 'pinning'] as const).filter((key) => result.data[key] !== undefined).map((key) => [key, result.data[key]]),
  ) as ConfigFileSettings;
  return Object.keys(settings).length > 0 ? settings : undefined;
}
