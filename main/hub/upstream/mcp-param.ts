import { isRecord } from '../../../shared/is-record.js';
import { mcpHeaderValue } from '../../../shared/mcp-header-value.js';

/** A tool parameter a 2026-07-28 server wants mirrored in a header (`x-mcp-header` in its input schema). */
interface Declaration {
  path: string[];
  header: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * The `Mcp-Param-{Name}` headers of one `tools/call` to a 2026-07-28 server over HTTP, from the
 * tool's input schema as the server listed it: the SDK client mirrors them only in its own
 * `callTool`, and the hub relays calls as they come. A server that declares such a parameter
 * refuses a call whose argument is not mirrored. A declaration the spec does not allow is skipped
 * (the server refuses the call and says why).
 */
export function mcpParamHeaders(inputSchema: unknown, args: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { path, header } of declarations(inputSchema)) {
    let value: unknown = args;
    for (const key of path) value = isRecord(value) ? value[key] : undefined;
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text !== undefined) headers[`Mcp-Param-${header}`] = mcpHeaderValue(text);
  }
  return headers;
}

/** Declarations on properties reached through `properties` alone, as the spec allows them. */
function declarations(schema: unknown, path: string[] = []): Declaration[] {
  if (!isRecord(schema)) return [];
  const found: Declaration[] = [];
  const header = schema['x-mcp-header'];
  if (path.length > 0 && typeof header === 'string' && TOKEN.test(header) && typeof schema['type'] === 'string' && PRIMITIVES.has(schema['type'])) {
    found.push({ path, header });
  }
  const properties = schema['properties'];
  if (isRecord(properties)) for (const [key, child] of Object.entries(properties)) found.push(...declarations(child, [...path, key]));
  return found;
}
