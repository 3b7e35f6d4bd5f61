import { CLIENTS, type FoundServer } from '../../../shared/clients.js';
import { ServerConfigSchema, type ServerConfig } from '../../../shared/config.js';
import { describeIssues } from '../../../shared/issues.js';
import type { ClientId, HubEndpoint } from './known-clients.js';
import { isRecord } from '../../../shared/is-record.js';
import { ImportTextError, translateClientText, variablePlaceholder } from './client-placeholders.js';
import { runPreview } from '../config/run-preview.js';

const asString = (value: unknown) => (typeof value === 'string' ? value : undefined);
const stringRecord = (value: unknown): Record<string, string> | undefined =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;

/**
 * The hub's config for one entry of a client's file. The clients agree on command/args/env/cwd
 * and url/headers; what differs is translated here, and fields only the client understands are
 * left behind. Every text goes through the client's placeholder dialect (client-placeholders.ts),
 * so it means in the hub what it meant in the client.
 */
export function hubConfigFromClient(client: ClientId, entry: unknown): { config: ServerConfig; notes: string[] } | { problem: string } {
  if (!isRecord(entry)) return { problem: 'the entry is not an object' };
  try {
    return translateEntry(client, entry);
  } catch (error) {
    if (error instanceof ImportTextError) return { problem: error.message };
    throw error;
  }
}

function translateEntry(client: ClientId, entry: Record<string, unknown>): { config: ServerConfig; notes: string[] } | { problem: string } {
  const notes: string[] = [];
  const label = CLIENTS[client].label;
  const text = (value: string, field: string): string => {
    try {
      const { text: translated, untranslated } = translateClientText(client, value);
      for (const original of untranslated) notes.push(`${field}: ${label} would expand ${original}; the hub cannot, so it is passed on as written`);
      return translated;
    } catch (error) {
      if (error instanceof ImportTextError) throw new ImportTextError(`${field}: ${error.message}`);
      throw error;
    }
  };
  const texts = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') return text(value, field);
    if (Array.isArray(value)) return value.map((item, index) => texts(item, `${field}[${index}]`));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, texts(item, `${field}.${key}`)]));
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const key of ['command', 'args', 'env', 'cwd', 'url', 'headers'] as const) {
    if (entry[key] !== undefined) out[key] = texts(entry[key], key);
  }
  // Not expanded by the hub: copied as they are.
  for (const key of ['type', 'disabled', 'description'] as const) {
    if (entry[key] !== undefined) out[key] = entry[key];
  }
  switch (client) {
    case 'windsurf':
      if (entry['serverUrl'] !== undefined) out['url'] = texts(entry['serverUrl'], 'serverUrl');
      break;
    case 'gemini-cli':
      // Gemini's `url` is an SSE endpoint and `httpUrl` a Streamable HTTP one.
      if (entry['httpUrl'] !== undefined) Object.assign(out, { url: texts(entry['httpUrl'], 'httpUrl'), type: 'streamable-http' });
      else if (entry['url'] !== undefined) out['type'] = 'sse';
      if (typeof entry['timeout'] === 'number') out['timeout'] = entry['timeout'];
      break;
    case 'codex': {
      const headers: Record<string, string> = {};
      for (const [header, value] of Object.entries(stringRecord(entry['http_headers']) ?? {})) headers[header] = text(value, `http_headers.${header}`);
      for (const [header, variable] of Object.entries(stringRecord(entry['env_http_headers']) ?? {})) headers[header] = variablePlaceholder(variable, `env_http_headers.${header}`);
      const bearer = asString(entry['bearer_token_env_var']);
      if (bearer) headers['Authorization'] = `Bearer ${variablePlaceholder(bearer, 'bearer_token_env_var')}`;
      if (Object.keys(headers).length > 0) out['headers'] = headers;
      // Codex passes these variables of its own environment on to the server: null inherits the hub's.
      const forwarded = Array.isArray(entry['env_vars']) ? entry['env_vars'].filter((name): name is string => typeof name === 'string') : [];
      if (forwarded.length > 0) {
        const env = { ...(isRecord(out['env']) ? out['env'] : {}) };
        for (const name of forwarded) {
          variablePlaceholder(name, 'env_vars');
          if (!Object.hasOwn(env, name)) env[name] = null;
        }
        out['env'] = env;
      }
      if (entry['enabled'] === false) out['disabled'] = true;
      if (typeof entry['tool_timeout_sec'] === 'number') out['timeout'] = entry['tool_timeout_sec'] * 1000;
      break;
    }
    default:
      break;
  }
  if (out['type'] === 'stdio' && out['command'] === undefined) delete out['type'];
  const parsed = ServerConfigSchema.safeParse(out);
  if (!parsed.success) return { problem: describeIssues(parsed.error) };
  return { config: parsed.data, notes };
}

/** The client's entry points at this hub (its URL, or the stdio bridge). */
function pointsAtHub(config: ServerConfig, hub: HubEndpoint): boolean {
  if (config.url !== undefined) return config.url.replace(/\/$/, '') === hub.url.replace(/\/$/, '');
  return config.command === hub.bridge.command && JSON.stringify(config.args ?? []) === JSON.stringify(hub.bridge.args);
}

function sameCommand(a: ServerConfig, b: ServerConfig): boolean {
  return a.command !== undefined && a.command === b.command && JSON.stringify(a.args ?? []) === JSON.stringify(b.args ?? []);
}

/**
 * What importing a client's servers would do: each server as the hub would configure it, with
 * the hub server it duplicates (same name, same command line, or same URL).
 */
export function findImportable(
  client: ClientId,
  servers: Record<string, unknown>,
  hubServers: Record<string, ServerConfig>,
  hub: HubEndpoint,
): FoundServer[] {
  return Object.entries(servers).map(([name, entry]) => {
    const mapped = hubConfigFromClient(client, entry);
    if ('problem' in mapped) return { name, config: null, preview: null, problem: mapped.problem, duplicateOf: null, isHub: false };
    const { config } = mapped;
    let duplicateOf: FoundServer['duplicateOf'] = null;
    for (const [existing, existingConfig] of Object.entries(hubServers)) {
      if (sameCommand(config, existingConfig)) duplicateOf = { server: existing, by: 'command' };
      else if (config.url !== undefined && config.url === existingConfig.url) duplicateOf = { server: existing, by: 'url' };
      if (duplicateOf) break;
    }
    if (!duplicateOf && hubServers[name]) duplicateOf = { server: name, by: 'name' };
    return { name, config, preview: runPreview(config, mapped.notes), problem: null, duplicateOf, isHub: pointsAtHub(config, hub) };
  });
}
