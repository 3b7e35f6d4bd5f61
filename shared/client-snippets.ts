import { CLIENTS, defaultBridge, HUB_SERVER_NAME, hubEntry, type ClientId, type HubEndpoint, type StdioBridge } from './clients.js';

/**
 * "Point this client at the hub": the exact text each MCP client needs, for the tray's "Copy client
 * config" menu and the UI's "Connect a client" page. Pure functions, so both show the same text,
 * and the same entry the hub writes when it connects a client itself (main/hub/clients).
 */

export type { ClientId };

export interface ClientSnippet {
  id: ClientId;
  /** The client's name as its users know it. */
  label: string;
  /** Where the text goes: a file to merge it into, or a terminal. */
  where: string;
  language: 'json' | 'toml' | 'shell';
  text: string;
}

export interface SnippetOptions {
  /** The hub's API token, when it requires one; the snippets then send it as a Bearer token. */
  apiToken?: string | undefined;
  /** How this installation runs the stdio bridge (the hub's health says); default `mcp-hub` from the PATH. */
  bridge?: StdioBridge | undefined;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** POSIX shell quoting, for values that may hold anything (a token). */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A TOML basic string. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Every client's snippet for the hub at `endpointUrl` (`http://127.0.0.1:37373/mcp`): the same
 * entry the hub writes when it connects a client itself (shared/clients.ts `hubEntry`).
 */
export function clientSnippets(endpointUrl: string, options: SnippetOptions = {}): ClientSnippet[] {
  const endpoint: HubEndpoint = { url: endpointUrl, bridge: options.bridge ?? defaultBridge(endpointUrl), apiToken: options.apiToken };
  const inFile = (id: ClientId) => json({ [CLIENTS[id].serversKey]: { [HUB_SERVER_NAME]: hubEntry(id, endpoint) } });
  const token = options.apiToken;
  const codex = hubEntry('codex', endpoint);

  return [
    {
      id: 'claude-desktop',
      label: CLIENTS['claude-desktop'].label,
      where: `claude_desktop_config.json (Settings → Developer → Edit Config)${options.bridge ? '' : '; needs `mcp-hub` on the PATH'}`,
      language: 'json',
      text: inFile('claude-desktop'),
    },
    {
      id: 'claude-code',
      label: CLIENTS['claude-code'].label,
      where: 'a terminal',
      language: 'shell',
      text: [
        'claude mcp add --scope user --transport http',
        ...(token ? ['--header', shellQuote(`Authorization: Bearer ${token}`)] : []),
        HUB_SERVER_NAME,
        shellQuote(endpointUrl),
      ].join(' '),
    },
    { id: 'cursor', label: CLIENTS.cursor.label, where: '~/.cursor/mcp.json', language: 'json', text: inFile('cursor') },
    {
      id: 'vscode',
      label: CLIENTS.vscode.label,
      where: '.vscode/mcp.json, or the user mcp.json (MCP: Open User Configuration)',
      language: 'json',
      text: inFile('vscode'),
    },
    { id: 'windsurf', label: CLIENTS.windsurf.label, where: '~/.codeium/windsurf/mcp_config.json', language: 'json', text: inFile('windsurf') },
    {
      id: 'codex',
      label: CLIENTS.codex.label,
      where: '~/.codex/config.toml',
      language: 'toml',
      text: [
        `[mcp_servers.${HUB_SERVER_NAME}]`,
        ...Object.entries(codex).map(([key, value]) => `${key} = ${tomlString(String(value))}`),
        ...(token ? ['# export MCP_HUB_API_TOKEN=<the token> before starting Codex'] : []),
      ].join('\n'),
    },
    { id: 'gemini-cli', label: CLIENTS['gemini-cli'].label, where: '~/.gemini/settings.json', language: 'json', text: inFile('gemini-cli') },
  ];
}
