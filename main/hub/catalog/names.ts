import { createHash } from 'node:crypto';

/** Between a server's id and an item's own name: `github__create_issue`, as in mcp-hub v4. */
export const SEPARATOR = '__';
/** Claude's and OpenAI's limit on tool names; longer names are shortened with a hash. */
export const MAX_TOOL_NAME = 64;
/** Resources are exposed as `mcp-hub://<server id>/<original uri>`, which stays a valid URI. */
export const RESOURCE_SCHEME = 'mcp-hub';
const URI_PREFIX = `${RESOURCE_SCHEME}://`;

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** mcp-hub v4's rule: every character outside [A-Za-z0-9] becomes `_`. */
function safeId(name: string): string {
  return name.replace(/[^a-zA-Z0-9]/g, '_') || '_';
}

/**
 * Gives every server the id that prefixes its names. Deterministic and independent of order: a
 * server whose name is already safe keeps it; others that would collide get a hash of their own
 * name appended, so adding or removing a server never renames another one's tools.
 */
export function assignServerIds(names: Iterable<string>): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const id = safeId(name);
    groups.set(id, [...(groups.get(id) ?? []), name]);
  }
  const ids = new Map<string, string>();
  for (const [id, members] of groups) {
    for (const name of members) {
      ids.set(name, members.length === 1 || name === id ? id : `${id}_${shortHash(name, 6)}`);
    }
  }
  return ids;
}

/** `<id>__<name>`, shortened to `max` characters with a hash of the full name when too long. */
export function exposedName(id: string, name: string, max = MAX_TOOL_NAME): string {
  const full = `${id}${SEPARATOR}${name}`;
  if (full.length <= max) return full;
  const hash = shortHash(full, 8);
  return `${full.slice(0, max - hash.length - 1)}_${hash}`;
}

/** A namespaced name two servers' items share, made theirs alone with a hash of the server and the item's own name. */
export function disambiguatedName(shared: string, server: string, name: string, max = MAX_TOOL_NAME): string {
  const hash = shortHash(`${server}\0${name}`, 6);
  return `${shared.slice(0, max - hash.length - 1)}_${hash}`;
}

export function exposedUri(id: string, uri: string): string {
  return `${URI_PREFIX}${id}/${uri}`;
}

/**
 * The server id and original URI of an exposed URI. mcp-hub v4's form `<id>__<uri>` is accepted
 * too, so clients that stored such URIs keep working.
 */
export function parseExposedUri(uri: string): { id: string; uri: string } | undefined {
  if (uri.startsWith(URI_PREFIX)) {
    const rest = uri.slice(URI_PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    return { id: rest.slice(0, slash), uri: rest.slice(slash + 1) };
  }
  const separator = uri.indexOf(SEPARATOR);
  if (separator <= 0) return undefined;
  return { id: uri.slice(0, separator), uri: uri.slice(separator + SEPARATOR.length) };
}
