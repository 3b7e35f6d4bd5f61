import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { ResolvedServer } from './config/resolve.js';

/** Shorter values (ports, flags, "true") would redact ordinary text; real secrets are longer. */
const MIN_SECRET_LENGTH = 6;
export const REDACTED = '[redacted]';

/**
 * Knows the secret values of the running config (env and header values, MCP_HUB_ENV, the API
 * token) and blanks them out of any text that leaves the hub: REST responses, events, log lines.
 * A server that prints its token to stderr must not put it on the event stream.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  add(values: Iterable<string | null | undefined>): void {
    let added = false;
    for (const value of values) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
      // In JSON text a value with quotes or backslashes appears escaped.
      for (const form of [value, JSON.stringify(value).slice(1, -1)]) {
        if (!this.values.has(form)) {
          this.values.add(form);
          added = true;
        }
      }
    }
    if (added) this.pattern = undefined;
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, REDACTED);
  }
}

/** The literal env and header values written in a server entry (placeholders are resolved later). */
export function literalSecrets(config: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const key of ['env', 'headers']) {
    const record = config[key];
    if (typeof record !== 'object' || record === null) continue;
    for (const value of Object.values(record)) if (typeof value === 'string' && !value.includes('${')) values.push(value);
  }
  return values;
}

/** Variables every server inherits (PATH, HOME, …): not secrets, and too common to blank out. */
const ORDINARY_VARIABLES = new Set(DEFAULT_INHERITED_ENV_VARS);

/**
 * The secret values of a resolved server: the env entries its config names (placeholders and
 * inherited ones included, e.g. `GITHUB_TOKEN: null`), its header values, and URL query values.
 */
export function resolvedSecrets(resolved: ResolvedServer, config: Record<string, unknown>): string[] {
  if (resolved.transport === 'stdio') {
    const named = config['env'] && typeof config['env'] === 'object' ? Object.keys(config['env']) : [];
    return named.filter((key) => !ORDINARY_VARIABLES.has(key)).map((key) => resolved.env[key] ?? '');
  }
  return [...Object.values(resolved.headers), ...[...resolved.url.searchParams.values()]];
}
