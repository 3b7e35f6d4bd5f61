import type { FoundServer } from '../../../shared/clients.js';
import { ServerConfigSchema, type ServerConfig } from '../../../shared/config.js';
import { describeIssues } from '../../../shared/issues.js';
import type { ClientId, HubEndpoint } from './known-clients.js';
import { isRecord } from '../../../shared/is-record.js';

const asString = (value: unknown) => (typeof value === 'string' ? value : undefined);
const stringRecord = (value: unknown): Record<string, string> | undefined =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;

/**
 * The hub's config for one entry of a client's file. The clients agree on command/args/env/cwd
 * and url/headers; what differs is translated here, and fields only the client understands are
 * left behind.
 */
export function hubConfigFromClient(client: ClientId, entry: unknown): { config: ServerConfig } | { problem: string } {
  if (!isRecord(entry)) return { problem: 'the entry is not an object' };
  const out: Record<string, unknown> = {};
  for (const key of ['command', 'args', 'env', 'cwd', 'url', 'headers', 'type', 'disabled', 'description'] as const) {
    if (entry[key] !== undefined) out[key] = entry[key];
  }
  switch (client) {
    case 'windsurf':
      if (entry['serverUrl'] !== undefined) out['url'] = entry['serverUrl'];
      break;
    case 'gemini-cli':
      // Gemini's `url` is an SSE endpoint and `httpUrl` a Streamable HTTP one.
      if (entry['httpUrl'] !== undefined) Object.assign(out, { url: entry['httpUrl'], type: 'streamable-http' });
      else if (entry['url'] !== undefined) out['type'] = 'sse';
      if (typeof entry['timeout'] === 'number') out['timeout'] = entry['timeout'];
      break;
    case 'codex': {
      const headers: Record<string, string> = { ...stringRecord(entry['http_headers']) };
      for (const [header, variable] of Object.entries(stringRecord(entry['env_http_headers']) ?? {})) headers[header] = `\${env:${variable}}`;
      const bearer = asString(entry['bearer_token_env_var']);
      if (bearer) headers['Authorization'] = `Bearer \${env:${bearer}}`;
      if (Object.keys(headers).length > 0) out['headers'] = headers;
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
  return { config: parsed.data };
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
    if ('problem' in mapped) return { name, config: null, problem: mapped.problem, duplicateOf: null, isHub: false };
    const { config } = mapped;
    let duplicateOf: FoundServer['duplicateOf'] = null;
    for (const [existing, existingConfig] of Object.entries(hubServers)) {
      if (sameCommand(config, existingConfig)) duplicateOf = { server: existing, by: 'command' };
      else if (config.url !== undefined && config.url === existingConfig.url) duplicateOf = { server: existing, by: 'url' };
      if (duplicateOf) break;
    }
    if (!duplicateOf && hubServers[name]) duplicateOf = { server: name, by: 'name' };
    return { name, config, problem: null, duplicateOf, isHub: pointsAtHub(config, hub) };
  });
}
