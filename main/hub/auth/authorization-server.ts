import {
  buildDiscoveryUrls,
  discoverAuthorizationServerMetadata,
  OAuthError,
  type AuthorizationServerMetadata,
  type FetchLike,
  type OAuthDiscoveryState,
} from '@modelcontextprotocol/client';
import { errorMessage } from '../../../shared/errors.js';

/** Each request to an authorization server; one that hangs must not hold a connect attempt forever. */
const AUTHORIZATION_SERVER_TIMEOUT_MS = 30_000;

/**
 * Fields of an authorization server's metadata document that the SDK's parsing drops for OpenID
 * providers, read from the document itself.
 */
export interface MetadataDocument {
  revocation_endpoint?: unknown;
  revocation_endpoint_auth_methods_supported?: unknown;
  token_endpoint_auth_methods_supported?: unknown;
  authorization_response_iss_parameter_supported?: unknown;
}

/** Requests to authorization servers, with a deadline. */
export const authorizationServerFetch: FetchLike = (input, init) =>
  fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(AUTHORIZATION_SERVER_TIMEOUT_MS) });

/** The metadata of the authorization servers one remote server's tokens come from, each looked up once. */
export class AuthorizationServers {
  private readonly metadata = new Map<string, AuthorizationServerMetadata>();
  private readonly documents = new Map<string, MetadataDocument>();

  /** `discovery`: what the SDK's `auth()` found while the last login started. */
  constructor(private readonly discovery: () => OAuthDiscoveryState | undefined) {}

  async metadataOf(authorizationServer: string): Promise<AuthorizationServerMetadata | undefined> {
    const discovery = this.discovery();
    if (discovery?.authorizationServerUrl === authorizationServer && discovery.authorizationServerMetadata) {
      return discovery.authorizationServerMetadata;
    }
    const known = this.metadata.get(authorizationServer);
    if (known) return known;
    const found = await discoverAuthorizationServerMetadata(authorizationServer, { fetchFn: authorizationServerFetch });
    if (found) this.metadata.set(authorizationServer, found);
    return found;
  }

  /** The authorization server's metadata as published (RFC 8414, or OpenID Connect discovery). */
  async document(authorizationServer: string): Promise<MetadataDocument | undefined> {
    const known = this.documents.get(authorizationServer);
    if (known) return known;
    for (const { url } of buildDiscoveryUrls(authorizationServer)) {
      const response = await authorizationServerFetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) {
        await response.body?.cancel();
        continue;
      }
      const document = (await response.json()) as MetadataDocument;
      this.documents.set(authorizationServer, document);
      return document;
    }
    return undefined;
  }
}

/** An authorization server's error with its OAuth error code, for a log or a message. */
export function describeError(error: unknown): string {
  if (error instanceof OAuthError) return error.message ? `${error.code}: ${error.message}` : error.code;
  return errorMessage(error);
}
