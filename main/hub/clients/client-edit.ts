import { applyEdits } from 'jsonc-parser';
import { HUB_SERVER_NAME } from '../../../shared/clients.js';
import { ConfigFileError } from '../config/config-file-error.js';
import { parseJsonc } from '../config/jsonc.js';
import { detectStyle, insertProperty, isBlankDocument, propertiesNamed, propertyValue, removeProperty, replaceValue } from '../config/jsonc-edit.js';
import type { KnownClient } from './known-clients.js';

/**
 * The client's config text with the hub's entry set (`entry`) or removed (undefined), changing
 * nothing else: comments, order, formatting and every other key stay as they were.
 */
export function editClientText(client: KnownClient, path: string, text: string, entry: Record<string, unknown> | undefined): string {
  return client.format === 'toml' ? editToml(client.serversKey, text, entry) : editJson(client.serversKey, path, text, entry);
}

function editJson(serversKey: string, path: string, text: string, entry: Record<string, unknown> | undefined): string {
  if (isBlankDocument(text)) {
    if (!entry) return text;
    return `${JSON.stringify({ [serversKey]: { [HUB_SERVER_NAME]: entry } }, null, 2)}\n`;
  }
  const parsed = parseJsonc(text);
  if (!parsed.ok) throw new ConfigFileError(path, parsed.error.message);
  const root = parsed.root;
  if (root.type !== 'object') throw new ConfigFileError(path, 'the top level is not a JSON object');
  const style = detectStyle(text, root);
  const block = propertiesNamed(root, serversKey).at(-1);
  if (!block) return entry ? applyEdits(text, insertProperty(text, root, serversKey, { [HUB_SERVER_NAME]: entry }, style, true)) : text;
  const servers = propertyValue(block);
  if (servers.type !== 'object') throw new ConfigFileError(path, `"${serversKey}" is not an object`);
  const existing = propertiesNamed(servers, HUB_SERVER_NAME).at(-1);
  if (!entry) return existing ? applyEdits(text, removeProperty(text, servers, existing)) : text;
  const edits = existing ? replaceValue(text, servers, existing, entry, style) : insertProperty(text, servers, HUB_SERVER_NAME, entry, style, false);
  return applyEdits(text, edits);
}

const TABLE_HEADER = /^[ \t]*\[/;

/** TOML values as TOML writes them; JSON's string escapes are valid in TOML basic strings. */
function tomlValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([key, item]) => `${tomlKey(key)} = ${tomlValue(item)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/**
 * Codex's config.toml: the hub's `[mcp_servers.mcp-hub]` table (and its sub-tables such as
 * `.env`) replaced or removed as a block of lines, or appended at the end.
 */
function editToml(serversKey: string, text: string, entry: Record<string, unknown> | undefined): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const header = `${serversKey}.${HUB_SERVER_NAME}`;
  const isOurs = (line: string) => {
    const match = /^[ \t]*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (!match?.[1]) return false;
    const name = match[1].replace(/\s*\.\s*/g, '.').replace(/"/g, '');
    return name === header || name.startsWith(`${header}.`);
  };
  const start = lines.findIndex(isOurs);
  const block = entry
    ? [`[${header}]`, ...Object.entries(entry).map(([key, value]) => `${tomlKey(key)} = ${tomlValue(value)}`)]
    : [];
  if (start < 0) {
    if (!entry) return text;
    const body = text.replace(/(\r?\n)*$/, '');
    return `${body}${body === '' ? '' : `${eol}${eol}`}${block.join(eol)}${eol}`;
  }
  let end = start + 1;
  while (end < lines.length && (!TABLE_HEADER.test(lines[end]!) || isOurs(lines[end]!))) end++;
  // Blank lines that separated the block from the next table stay with that table.
  while (end > start + 1 && lines[end - 1]!.trim() === '') end--;
  const replaced = [...lines.slice(0, start), ...block, ...lines.slice(end)];
  if (!entry && start > 0 && lines[start - 1]!.trim() === '' && (end >= lines.length || lines[end]!.trim() === '')) replaced.splice(start - 1, 1);
  return replaced.join(eol);
}
