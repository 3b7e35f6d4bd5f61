import type { z } from 'zod';
import type { ClientIdSchema } from './clients.js';

/**
 * "Point this client at the hub": the exact text each MCP client needs, for the tray's "Copy client
 * config" menu and the UI's "Connect a client" page. Pure functions, so both show the same text,
 * and the same entry the hub writes when it connects a client itself (main/hub/clients).
 */

export type ClientId = z.infer<typeof ClientIdSchema>;

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
}

/** The hub's name in each client's list of servers, as the hub itself writes it there. */
export const CLIENT_SERVER_NAME = 'mcp-hub';

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
 * Every client's snippet for the hub at `endpointUrl` (`http://127.0.0.1:37373/mcp`). Clients that
 * speak Streamable HTTP get the URL; Claude Desktop, which starts only stdio servers from its
 * config file, gets the `mcp-hub stdio` bridge pointed at the same port.
 */
export function clientSnippets(endpointUrl: string, options: SnippetOptions = {}): ClientSnippet[] {
  const url = new URL(endpointUrl);
  const token = options.apiToken;
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
  const name = CLIENT_SERVER_NAME;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const bridgeArgs = ['stdio', '--port', port, ...(host === '127.0.0.1' ? [] : ['--host', host])];

  return [
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      where: 'claude_desktop_config.json (Settings → Developer → Edit Config); needs `mcp-hub` on the PATH',
      language: 'json',
      text: json({
        mcpServers: { [name]: { command: 'mcp-hub', args: bridgeArgs, ...(token && { env: { MCP_HUB_API_TOKEN: token } }) } },
      }),
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      where: 'a terminal',
      language: 'shell',
      text: [
        'claude mcp add --scope user --transport http',
        ...(token ? ['--header', shellQuote(`Authorization: Bearer ${token}`)] : []),
        name,
        shellQuote(endpointUrl),
      ].join(' '),
    },
    {
      id: 'cursor',
      label: 'Cursor',
      where: '~/.cursor/mcp.json',
      language: 'json',
      text: json({ mcpServers: { [name]: { url: endpointUrl, ...(headers && { headers }) } } }),
    },
    {
      id: 'vscode',
      label: 'VS Code',
      where: '.vscode/mcp.json, or the user mcp.json (MCP: Open User Configuration)',
      language: 'json',
      text: json({ servers: { [name]: { type: 'http', url: endpointUrl, ...(headers && { headers }) } } }),
    },
    {
      id: 'windsurf',
      label: 'Windsurf',
      where: '~/.codeium/windsurf/mcp_config.json',
      language: 'json',
      text: json({ mcpServers: { [name]: { serverUrl: endpointUrl, ...(headers && { headers }) } } }),
    },
    {
      id: 'codex',
      label: 'Codex',
      where: '~/.codex/config.toml',
      language: 'toml',
      text: [
        `[mcp_servers.${name}]`,
        `url = ${tomlString(endpointUrl)}`,
        // Codex takes a bearer token only from the environment, never inline.
        ...(token ? ['bearer_token_env_var = "MCP_HUB_API_TOKEN"  # export MCP_HUB_API_TOKEN=<the token> before starting Codex'] : []),
      ].join('\n'),
    },
    {
      id: 'gemini-cli',
      label: 'Gemini CLI',
      where: '~/.gemini/settings.json',
      language: 'json',
      text: json({ mcpServers: { [name]: { httpUrl: endpointUrl, ...(headers && { headers }) } } }),
    },
  ];
}
