import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isRecord } from '../../../shared/is-record.js';
import { defaultEnvironment } from '../config/default-env.js';
import type { StdioLaunch } from '../upstream/spawn-server.js';

/** What the CLI knew about the hub to start before the hub's code loaded. */
export interface EarlyStart {
  /** The config files as given (none: the default file). */
  configFiles: string[];
  /** `--lazy`, `--workspace`: the full loader decides what starts, so nothing starts early. */
  lazy: boolean;
  workspace: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

export interface PlannedServer {
  name: string;
  launch: StdioLaunch;
}

/**
 * The stdio servers the hub will start at once whose launch follows from their entry alone: plain
 * JSON files, entries without placeholders, not disabled, lazy or per-client, in one file only.
 * Anything the full resolver must do (placeholders, secrets, MCP_HUB_ENV, project folders) keeps
 * a server out; the hub compares every launch with its own before it takes a process over.
 */
export function plannedServers(start: EarlyStart, files: string[]): PlannedServer[] {
  if (start.lazy || start.workspace !== undefined || (start.env['MCP_HUB_ENV'] ?? '').trim() !== '') return [];
  const entries = new Map<string, { entry: unknown; source: string } | undefined>();
  for (const file of files) {
    const source = resolve(file);
    const document = readJson(source);
    if (document === undefined) return [];
    if (!isRecord(document) || document['servers'] !== undefined || document['lazy'] === true || document['isolation'] === 'per-client') return [];
    const servers = document['mcpServers'] ?? {};
    if (!isRecord(servers)) return [];
    // A server defined in two files is the full loader's to merge.
    for (const [name, entry] of Object.entries(servers)) entries.set(name, entries.has(name) ? undefined : { entry, source });
  }
  const planned: PlannedServer[] = [];
  for (const [name, found] of entries) {
    const launch = found && plainLaunch(found.entry, found.source, start.env);
    if (launch) planned.push({ name, launch });
  }
  return planned;
}

function readJson(file: string): unknown {
  if (!file.endsWith('.json') || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // JSONC, JSON5 or broken: the full loader reads it (and says what is wrong).
    return undefined;
  }
}

const plain = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.includes('$');

function plainLaunch(entry: unknown, source: string, env: Readonly<Record<string, string | undefined>>): StdioLaunch | undefined {
  if (!isRecord(entry) || entry['url'] !== undefined || (entry['type'] !== undefined && entry['type'] !== 'stdio')) return undefined;
  if (entry['disabled'] !== undefined && entry['disabled'] !== false) return undefined;
  if (entry['lazy'] !== undefined && entry['lazy'] !== false) return undefined;
  if (entry['isolation'] !== undefined && entry['isolation'] !== 'shared') return undefined;
  const { command, args = [], env: own = {}, cwd } = entry;
  if (!plain(command) || !Array.isArray(args) || !args.every((arg) => typeof arg === 'string' && !arg.includes('$'))) return undefined;
  if (!isRecord(own) || !Object.values(own).every(plain) || (cwd !== undefined && !plain(cwd))) return undefined;
  const launch: StdioLaunch = { command, args: args as string[], env: { ...defaultEnvironment(env), ...(own as Record<string, string>) } };
  if (cwd !== undefined) launch.cwd = resolve(dirname(source), cwd);
  return launch;
}
