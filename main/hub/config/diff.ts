import type { Isolation } from '../../../shared/config.js';
import { byCodeUnits } from '../code-unit-order.js';
import type { ServerDefinition } from './types.js';

export interface ServerChanges {
  added: string[];
  removed: string[];
  /** Changed in a way that needs a new connection (command, args, env, url, headers, …). */
  modified: string[];
  /** Changed only in what needs no new connection: name, description, `disabled`, `lazy`, `idleTimeout`, `maxInstances` or what of it is shown. */
  updated: string[];
  unchanged: string[];
}

/** Fields that change how the server is shown or when it runs, not how it is reached. */
/** What decides which of its items are shown, not how the server runs: changed without a reconnect. */
const VIEW_FIELDS = ['tools', 'prompts', 'resources', 'disabled_tools', 'newTools', 'pinning'];
const NON_CONNECTION_FIELDS = new Set(['name', 'description', 'disabled', 'lazy', 'idleTimeout', 'maxInstances', ...VIEW_FIELDS]);

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byCodeUnits(a, b)))
      : v,
  );
}

/** Everything about an entry that decides what runs and how it is reached, as a stable string. */
export function connectionPart(definition: ServerDefinition): string {
  const config = Object.fromEntries(Object.entries(definition.entry).filter(([key]) => !NON_CONNECTION_FIELDS.has(key)));
  // One connection or one per client is decided by the entry or by its file; only the second is
  // named, so entries that never asked keep their fingerprints.
  if (isolationOf(definition) === 'per-client') config['isolation'] = 'per-client';
  // Hashed into saved catalogs' fingerprints (catalog-store.ts): a changed shape here orphans them all.
  return stable({ config, source: definition.source, problem: definition.problem ?? null });
}

/** The entry's own isolation, else its file's, else `shared`. */
export function isolationOf(definition: ServerDefinition): Isolation {
  return definition.config?.isolation ?? definition.fileDefaults?.isolation ?? 'shared';
}

function runPart(definition: ServerDefinition): unknown {
  return { config: definition.entry, fileDefaults: definition.fileDefaults ?? null };
}

/** What a config reload changes, server by server. */
export function diffServers(before: readonly ServerDefinition[], after: readonly ServerDefinition[]): ServerChanges {
  const old = new Map(before.map((definition) => [definition.name, definition]));
  const changes: ServerChanges = { added: [], removed: [], modified: [], updated: [], unchanged: [] };
  for (const definition of after) {
    const previous = old.get(definition.name);
    if (!previous) changes.added.push(definition.name);
    // Trusted or no longer trusted (a project file changed): it starts, or stops.
    else if (connectionPart(previous) !== connectionPart(definition) || previous.project?.trusted !== definition.project?.trusted) changes.modified.push(definition.name);
    else if (stable(runPart(previous)) !== stable(runPart(definition))) changes.updated.push(definition.name);
    else changes.unchanged.push(definition.name);
    old.delete(definition.name);
  }
  changes.removed.push(...old.keys());
  return changes;
}

/** A change of the servers in words, for the event log: "added a, b; removed c". */
export function describeChanges(changes: { added: string[]; removed: string[]; modified: string[] }): string {
  const parts = [
    ['added', changes.added],
    ['removed', changes.removed],
    ['changed', changes.modified],
  ] as const;
  return parts
    .filter(([, names]) => names.length > 0)
    .map(([what, names]) => `${what} ${names.join(', ')}`)
    .join('; ');
}
