import { describe, expect, it } from 'vitest';
import { clientSnippets, type ClientId } from './client-snippets.js';

const ENDPOINT = 'http://127.0.0.1:37373/mcp';

function snippet(id: ClientId, endpoint = ENDPOINT, apiToken?: string) {
  const found = clientSnippets(endpoint, { apiToken }).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no snippet for ${id}`);
  return found;
}

describe('client snippets', () => {
  it('covers every client the tray and the UI offer, each once', () => {
    expect(clientSnippets(ENDPOINT).map((s) => s.id)).toEqual(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'gemini-cli']);
    for (const s of clientSnippets(ENDPOINT)) {
      expect(s.label).not.toBe('');
      expect(s.where).not.toBe('');
    }
  });

  it('gives the JSON clients the endpoint in the shape each one reads', () => {
    expect(JSON.parse(snippet('cursor').text)).toEqual({ mcpServers: { 'mcp-hub': { url: ENDPOINT } } });
    expect(JSON.parse(snippet('vscode').text)).toEqual({ servers: { 'mcp-hub': { type: 'http', url: ENDPOINT } } });
    expect(JSON.parse(snippet('gemini-cli').text)).toEqual({ mcpServers: { 'mcp-hub': { httpUrl: ENDPOINT } } });
  });

  it('points Claude Desktop, which starts only stdio servers, at the bridge on the same port', () => {
    expect(JSON.parse(snippet('claude-desktop', 'http://127.0.0.1:4100/mcp').text)).toEqual({
      mcpServers: { 'mcp-hub': { command: 'mcp-hub', args: ['stdio', '--port', '4100'] } },
    });
    expect(JSON.parse(snippet('claude-desktop', 'http://[::1]:4100/mcp').text).mcpServers['mcp-hub'].args).toEqual(['stdio', '--port', '4100', '--host', '::1']);
  });

  it('gives Claude Code a command and Codex a TOML table', () => {
    expect(snippet('claude-code').text).toBe(`claude mcp add --scope user --transport http mcp-hub ${ENDPOINT}`);
    expect(snippet('codex').text).toBe(`[mcp_servers.mcp-hub]\nurl = "${ENDPOINT}"`);
  });

  it('sends the API token where the hub requires one, quoted for the shell', () => {
    const token = "to'ken with space";
    expect(JSON.parse(snippet('cursor', ENDPOINT, token).text).mcpServers['mcp-hub'].headers).toEqual({ Authorization: `Bearer ${token}` });
    expect(JSON.parse(snippet('vscode', ENDPOINT, token).text).servers['mcp-hub'].headers).toEqual({ Authorization: `Bearer ${token}` });
    expect(JSON.parse(snippet('gemini-cli', ENDPOINT, token).text).mcpServers['mcp-hub'].headers).toEqual({ Authorization: `Bearer ${token}` });
    expect(JSON.parse(snippet('claude-desktop', ENDPOINT, token).text).mcpServers['mcp-hub'].env).toEqual({ MCP_HUB_API_TOKEN: token });
    expect(snippet('claude-code', ENDPOINT, token).text).toBe(
      `claude mcp add --scope user --transport http --header 'Authorization: Bearer to'\\''ken with space' mcp-hub ${ENDPOINT}`,
    );
    // Codex refuses inline tokens; it reads one from the environment.
    expect(snippet('codex', ENDPOINT, token).text).toContain('bearer_token_env_var = "MCP_HUB_API_TOKEN"');
    expect(snippet('codex', ENDPOINT, token).text).not.toContain(token);
  });
});
