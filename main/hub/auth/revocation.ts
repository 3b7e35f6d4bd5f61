import { selectClientAuthMethod, type OAuthClientInformationMixed } from '@modelcontextprotocol/client';
import { authorizationServerFetch, type AuthorizationServers } from './authorization-server.js';
import type { StoredTokens } from './oauth-store.js';

/**
 * Revokes the tokens (RFC 7009) at the authorization server that issued them. False when it
 * offers no revocation, or the tokens name no authorization server or no client is known.
 */
export async function revokeTokens(
  record: StoredTokens,
  client: OAuthClientInformationMixed | undefined,
  servers: AuthorizationServers,
): Promise<boolean> {
  const authorizationServer = record.tokens.issuer;
  if (!authorizationServer || !client) return false;
  const document = await servers.document(authorizationServer);
  const endpoint = document?.revocation_endpoint;
  if (typeof endpoint !== 'string') return false;
  const methods = stringList(document?.revocation_endpoint_auth_methods_supported) ?? stringList(document?.token_endpoint_auth_methods_supported) ?? [];
  // The refresh token first: revoking it ends the grant, access tokens included, on most servers.
  const tokens: [string | undefined, string][] = [
    [record.tokens.refresh_token, 'refresh_token'],
    [record.tokens.access_token, 'access_token'],
  ];
  for (const [token, hint] of tokens) {
    if (!token) continue;
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    const body = new URLSearchParams({ token, token_type_hint: hint });
    authenticateClient(client, selectClientAuthMethod(client, methods), headers, body);
    const response = await authorizationServerFetch(endpoint, { method: 'POST', headers, body });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the revocation endpoint answered ${response.status}`);
  }
  return true;
}

/** RFC 6749 §2.3.1 and the SDK's choice of method, for a request the SDK does not make itself. */
function authenticateClient(client: OAuthClientInformationMixed, method: string, headers: Headers, body: URLSearchParams): void {
  if (method === 'client_secret_basic' && client.client_secret) {
    headers.set('authorization', `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}`);
    return;
  }
  body.set('client_id', client.client_id);
  if (method === 'client_secret_post' && client.client_secret) body.set('client_secret', client.client_secret);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
