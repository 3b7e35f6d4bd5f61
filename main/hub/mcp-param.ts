import type { IncomingHttpHeaders } from 'node:http';
import { isRecord } from '../../shared/is-record.js';
import { mcpHeaderValue } from '../../shared/mcp-header-value.js';

/** A tool parameter a 2026-07-28 server wants mirrored in a header (`x-mcp-header` in its input schema). */
interface Declaration {
  path: string[];
  header: string;
  type: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean']);
const SENTINEL = /^=\?base64\?(.*)\?=$/;
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** Schemas are the catalog's and change only with it: each is scanned once. */
const scanned = new WeakMap<object, Declaration[]>();

/**
 * The `Mcp-Param-{Name}` headers of one `tools/call` to a 2026-07-28 server over HTTP, from the
 * tool's input schema as the server listed it: the SDK client mirrors them only in its own
 * `callTool`, and the hub relays calls as they come. A declaration the spec does not allow is
 * skipped (the server refuses the call and says why).
 */
export function mcpParamHeaders(inputSchema: unknown, args: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { path, header } of declarations(inputSchema)) {
    const text = primitiveText(valueAt(args, path));
    if (text !== undefined) headers[`Mcp-Param-${header}`] = mcpHeaderValue(text);
  }
  return headers;
}

/**
 * What is wrong with a 2026-07-28 client's `Mcp-Param-*` headers for a call of a tool with this
 * input schema (a header missing for an argument given, not decodable, or naming another value);
 * undefined when nothing is. Proxies route on these headers, so they must say what the body says.
 */
export function mcpParamMismatch(inputSchema: unknown, args: Record<string, unknown> | undefined, headers: IncomingHttpHeaders): string | undefined {
  for (const { path, header, type } of declarations(inputSchema)) {
    const body = valueAt(args, path);
    const text = primitiveText(body);
    if (text === undefined) continue;
    const name = `Mcp-Param-${header}`;
    const sent = headers[name.toLowerCase()];
    if (typeof sent !== 'string') return `the body carries ${path.join('.')}=${JSON.stringify(body)} but the ${name} header is absent`;
    const decoded = decode(sent);
    if (decoded === undefined) return `the ${name} header carries an invalid Base64 sentinel value`;
    const equal = (type === 'integer' || type === 'number') && typeof body === 'number' && DECIMAL.test(decoded) ? Number(decoded) === body : decoded === text;
    if (!equal) return `the ${name} header decodes to ${JSON.stringify(decoded)} but the body carries ${path.join('.')}=${JSON.stringify(body)}`;
  }
  return undefined;
}

/** Declarations on properties reached through `properties` alone, as the spec allows them. */
function declarations(schema: unknown): Declaration[] {
  if (!isRecord(schema)) return [];
  let found = scanned.get(schema);
  if (!found) scanned.set(schema, (found = scan(schema, [])));
  return found;
}

function scan(schema: unknown, path: string[]): Declaration[] {
  if (!isRecord(schema)) return [];
  const found: Declaration[] = [];
  const header = schema['x-mcp-header'];
  const type = schema['type'];
  if (path.length > 0 && typeof header === 'string' && TOKEN.test(header) && typeof type === 'string' && PRIMITIVES.has(type)) found.push({ path, header, type });
  const properties = schema['properties'];
  if (isRecord(properties)) for (const [key, child] of Object.entries(properties)) found.push(...scan(child, [...path, key]));
  return found;
}

function valueAt(args: unknown, path: readonly string[]): unknown {
  let value = args;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

function primitiveText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A header value as sent: plain, or UTF-8 in the base64 sentinel; undefined if the sentinel is broken. */
function decode(value: string): string | undefined {
  const sentinel = SENTINEL.exec(value);
  if (!sentinel) return value;
  if (!CANONICAL_BASE64.test(sentinel[1]!)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(sentinel[1]!, 'base64'));
  } catch {
    return undefined;
  }
}
