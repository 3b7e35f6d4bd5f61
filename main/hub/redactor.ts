import { INHERITED_ENV_VARS } from './config/default-env.js';
import type { ResolvedServer } from './config/resolve.js';
import type { ServerDefinition } from './config/types.js';
import { isRecord } from '../../shared/is-record.js';

/** Shorter values (ports, flags, "true") would redact ordinary text; real secrets are longer. */
const MIN_SECRET_LENGTH = 6;
/** Longer than any credential (a private key in PEM is about 3 KB); longer values are documents, not secrets. */
const MAX_SECRET_LENGTH = 16 * 1024;
/**
 * The values of a config, its servers' resolved secrets (rotated per server) and logins stay far
 * below this; a redactor that reached it is being fed by someone, and each value slows every
 * redaction, so further ones are refused.
 */
const MAX_VALUES = 10_000;
export const REDACTED = '[redacted]';

/**
 * Knows the secret values of the running config (env and header values, MCP_HUB_ENV, the API
 * token, OAuth tokens) and blanks them out of any text that leaves the hub: REST responses, events, log lines.
 * A server that prints its token to stderr must not put it on the event stream.
 */
export class Redactor {
  private readonly values = new Set<string>();
  /** Per owner, its current and its previous values. */
  private readonly rotating = new Map<string, [string[], string[]]>();
  /** Undefined: to be built; null: nothing to redact. */
  private pattern: RegExp | null | undefined;

  add(values: Iterable<string | null | undefined>): void {
    let added = false;
    for (const form of secretForms(values)) {
      if (this.values.has(form) || this.values.size >= MAX_VALUES) continue;
      this.values.add(form);
      added = true;
    }
    if (added) this.pattern = undefined;
  }

  /**
   * Values that replace each other, such as a server's OAuth tokens as they are refreshed: the
   * owner's new values and the ones they replace are redacted, older ones no longer, so a
   * long-running hub does not collect every token it ever held.
   */
  rotate(owner: string, values: Iterable<string | null | undefined>): void {
    const current = secretForms(values);
    const [held = [], previous = []] = this.rotating.get(owner) ?? [];
    if (current.join('\0') === held.join('\0')) return;
    this.rotating.set(owner, [current, held.length > 0 ? held : previous]);
    this.pattern = undefined;
  }

  redact(text: string): string {
    this.pattern ??= this.buildPattern();
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }

  /**
   * JSON-shaped data with every secret blanked out of its strings, keys included. Structural, not
   * on serialised text, so no secret can break the JSON around it; parts without a secret are
   * returned as they are, not copied.
   */
  redactValue<T>(value: T): T {
    this.pattern ??= this.buildPattern();
    const pattern = this.pattern;
    if (!pattern) return value;
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') return item.replace(pattern, REDACTED);
      if (Array.isArray(item)) {
        let copy: unknown[] | undefined;
        item.forEach((element, index) => {
          const redacted = walk(element);
          if (redacted !== element) (copy ??= [...item])[index] = redacted;
        });
        return copy ?? item;
      }
      if (!isRecord(item)) return item;
      let changed = false;
      const entries = Object.entries(item).map(([key, element]) => {
        const entry = [key.replace(pattern, REDACTED), walk(element)] as const;
        if (entry[0] !== key || entry[1] !== element) changed = true;
        return entry;
      });
      return changed ? Object.fromEntries(entries) : item;
    };
    return walk(value) as T;
  }

  private buildPattern(): RegExp | null {
    const values = new Set([...this.values, ...[...this.rotating.values()].flat(2)]);
    if (values.size === 0) return null;
    return new RegExp(
      [...values]
        .sort((a, b) => b.length - a.length)
        .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
  }
}

/** `Bearer <token>`, `Basic <credentials>`, `token <t>`: an Authorization-style value and its credential. */
const SCHEME_AND_CREDENTIAL = /^[A-Za-z][\w-]*\s+(\S+)$/;

function secretForms(values: Iterable<string | null | undefined>): string[] {
  const forms: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    // A server that refuses a header often echoes the token alone ("bad token: …"), without its scheme.
    const credential = SCHEME_AND_CREDENTIAL.exec(value)?.[1];
    for (const secret of credential ? [value, credential] : [value]) {
      if (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) continue;
      // In JSON text a value with quotes or backslashes appears escaped.
      forms.push(secret, JSON.stringify(secret).slice(1, -1));
    }
  }
  return forms;
}

/** The literal env and header values and OAuth client secret written in a server entry (placeholders are resolved later). */
export function literalSecrets({ entry: config, project }: Pick<ServerDefinition, 'entry' | 'project'>): string[] {
  // An untrusted project file is someone else's text: its values must not blank out what the hub says.
  if (project && !project.trusted) return [];
  const values: string[] = [];
  const oauth = config['oauth'];
  const records = [config['env'], config['headers'], typeof oauth === 'object' && oauth !== null ? { clientSecret: (oauth as Record<string, unknown>)['clientSecret'] } : undefined];
  for (const record of records) {
    if (typeof record !== 'object' || record === null) continue;
    for (const value of Object.values(record)) if (typeof value === 'string' && !value.includes('${')) values.push(value);
  }
  return values;
}

/** Variables every server inherits (PATH, HOME, …): not secrets, and too common to blank out. */
const ORDINARY_VARIABLES = new Set(INHERITED_ENV_VARS);

/**
 * The secret values of a resolved server: the env entries its config names (placeholders and
 * inherited ones included, e.g. `GITHUB_TOKEN: null`), its header values, and URL query values.
 */
export function resolvedSecrets(resolved: ResolvedServer, config: Record<string, unknown>): string[] {
  if (resolved.transport === 'stdio') {
    const named = config['env'] && typeof config['env'] === 'object' ? Object.keys(config['env']) : [];
    return named.filter((key) => !ORDINARY_VARIABLES.has(key)).map((key) => resolved.env[key] ?? '');
  }
  return [...Object.values(resolved.headers), ...resolved.url.searchParams.values(), resolved.oauth?.clientSecret ?? ''];
}
