/**
 * What a hub with no browser to open (`mcp-hub serve`) prints when a server needs a login: the
 * address to open, and how to finish when that browser runs on another machine, where the redirect
 * back to this hub cannot load.
 */
export function loginInstructions(server: string, authorizationUrl: string, hubUrl: string, options: { apiToken: boolean }): string {
  const auth = options.apiToken ? ` -H "authorization: Bearer $MCP_HUB_API_TOKEN"` : '';
  return [
    `mcp-hub: server '${server}' needs a login. Open this address in a browser:`,
    `  ${authorizationUrl}`,
    `  If the browser is on another machine, its last page will not load; copy that page's address and run:`,
    `  curl -X POST ${hubUrl}/api/oauth/manual_callback -H 'content-type: application/json'${auth} -d '{"url":"<the address>"}'`,
    '',
  ].join('\n');
}
