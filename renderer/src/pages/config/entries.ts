import { parse, type ParseError } from 'jsonc-parser';
import { SERVER_KEYS } from './validate.js';

/** A config file as the hub read it for the UI (secret values shown as [redacted]). */
export interface ConfigFile {
  path: string;
  exists: boolean;
  hash: string;
  text: string;
}

/** One server entry as written in a config file. */
export interface ServerEntry {
  name: string;
  /** The file it comes from (a later file's entry of the same name wins, as in the hub). */
  source: string;
  config: Record<string, unknown>;
}

export interface ParsedEntries {
  entries: ServerEntry[];
  /** Files whose servers cannot be listed: they do not parse as JSON with comments. */
  unreadable: { path: string; reason: string }[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The servers the hub's config files define, merged the way the hub merges them. */
export function serverEntries(files: readonly ConfigFile[]): ParsedEntries {
  const byName = new Map<string, ServerEntry>();
  const unreadable: ParsedEntries['unreadable'] = [];
  for (const file of files) {
    if (!file.exists || file.text.trim() === '') continue;
    const errors: ParseError[] = [];
    const root: unknown = parse(file.text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length > 0 || !isObject(root)) {
      unreadable.push({ path: file.path, reason: errors.length > 0 ? 'it has JSON syntax errors' : 'its top level is not an object' });
      continue;
    }
    for (const key of SERVER_KEYS) {
      const block = root[key];
      if (!isObject(block)) continue;
      for (const [name, config] of Object.entries(block)) {
        // A later entry replaces an earlier one whole, keeping the earlier one's place.
        byName.set(name, { name, source: file.path, config: isObject(config) ? config : {} });
      }
    }
  }
  return { entries: [...byName.values()], unreadable };
}
