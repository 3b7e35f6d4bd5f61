import { exchangeAuthorization, type AuthorizationServerMetadata, type OAuthClientInformationMixed, type OAuthTokens } from '@modelcontextprotocol/client';
import { authorizationServerFetch, describeError, type AuthorizationServers } from './authorization-server.js';
import { LoginError } from './login-error.js';

/** How long a login may take from the authorization URL to the callback. */
export const LOGIN_TIMEOUT_MS = 30 * 60_000;

/** A login begun (its authorization URL handed out) and not yet completed. */
export interface PendingLogin {
  state: string;
  url: string;
  startedAt: number;
  codeVerifier: string;
  redirectUri: string;
  /** The authorization server the URL points at, as discovery found it: the code goes back there. */
  authorizationServer: string;
  metadata: AuthorizationServerMetadata | undefined;
  clientId: string;
  resource: string | undefined;
}

export interface CallbackContext {
  serverName: string;
  servers: AuthorizationServers;
  /** The client the hub is registered as now. */
  client: () => Promise<OAuthClientInformationMixed | undefined>;
}

export function isExpired(login: PendingLogin): boolean {
  return Date.now() - login.startedAt > LOGIN_TIMEOUT_MS;
}

/**
 * The tokens the callback of a pending login brings, exchanged for its code; every failure is a
 * LoginError.
 */
export async function redeemCallback(login: PendingLogin, params: URLSearchParams, context: CallbackContext): Promise<OAuthTokens> {
  const { serverName } = context;
  if (isExpired(login)) throw new LoginError('LOGIN_EXPIRED', 'This login took too long and has expired. Start the login again.', serverName);
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    throw new LoginError(
      'AUTHORIZATION_DENIED',
      `The authorization server did not grant access (${error}${description ? `: ${description}` : ''}).`,
      serverName,
    );
  }
  const document = await context.servers.document(login.authorizationServer).catch(() => undefined);
  const iss = params.get('iss');
  checkIssuer(login, iss, document?.authorization_response_iss_parameter_supported === true, serverName);
  const code = params.get('code');
  if (!code) throw new LoginError('INVALID_CALLBACK', 'The address carries no authorization code.', serverName);
  const client = await context.client();
  if (client?.client_id !== login.clientId) {
    throw new LoginError('LOGIN_UNKNOWN', "The hub's registration with the authorization server changed during this login. Start the login again.", serverName);
  }
  try {
    return await exchangeAuthorization(login.authorizationServer, {
      metadata: login.metadata,
      clientInformation: client,
      authorizationCode: code,
      // Checked above already, with the hub's own message; the SDK checks it again.
      ...(iss !== null && { iss }),
      codeVerifier: login.codeVerifier,
      redirectUri: login.redirectUri,
      ...(login.resource !== undefined && { resource: login.resource }),
      fetchFn: authorizationServerFetch,
    });
  } catch (cause) {
    throw new LoginError('TOKEN_EXCHANGE_FAILED', `The authorization server did not accept the login: ${describeError(cause)}`, serverName);
  }
}

/** RFC 9207: the authorization response must come from the server the login was sent to. */
function checkIssuer(login: PendingLogin, iss: string | null, announced: boolean, server: string): void {
  const issuer = login.metadata?.issuer;
  if (iss === null && !announced) return;
  if (iss === null || issuer === undefined || iss !== issuer) {
    throw new LoginError(
      'ISSUER_MISMATCH',
      `The answer does not come from the authorization server this login was sent to (${issuer ?? login.authorizationServer}).`,
      server,
    );
  }
}
