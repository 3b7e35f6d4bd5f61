import type { OAuthProviderRequest } from '../auth/oauth-logins.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { ResolvedServer } from '../config/resolve.js';

export type RemoteServer = Exclude<ResolvedServer, { transport: 'stdio' }>;

export interface OAuthChoiceOptions {
  serverName: string;
  /** OAuth for remote servers that answer 401; without it such a server just stays `unauthorized`. */
  oauth: { provider(request: OAuthProviderRequest): HubOAuthProvider } | undefined;
  /** The current provider's server refused its tokens mid-session, and they cannot be refreshed. */
  onLoginRequired(provider: HubOAuthProvider): void;
}

/** Which OAuth client, if any, one remote server's connections use. */
export class OAuthChoice {
  private current: HubOAuthProvider | undefined;

  constructor(private readonly options: OAuthChoiceOptions) {}

  /** The OAuth client of the last connection, unless the server authenticates with its headers. */
  get provider(): HubOAuthProvider | undefined {
    return this.current;
  }

  /**
   * The OAuth client of a remote server, kept while its URL and oauth settings stay the same (a
   * pending login survives reconnects). A configured Authorization header means header auth: the
   * hub then never starts an OAuth login of its own.
   */
  for(resolved: RemoteServer): HubOAuthProvider | undefined {
    const oauth = this.options.oauth;
    if (this.current?.serves(resolved.url, resolved.oauth) && !hasAuthorizationHeader(resolved)) return this.current;
    this.current?.endPending();
    if (!oauth || hasAuthorizationHeader(resolved)) {
      this.current = undefined;
      return undefined;
    }
    const provider = oauth.provider({
      serverName: this.options.serverName,
      serverUrl: resolved.url,
      settings: resolved.oauth,
      onLoginRequired: () => {
        if (provider === this.current) this.options.onLoginRequired(provider);
      },
    });
    this.current = provider;
    return provider;
  }

  /** Why a server that answered 401 is `unauthorized`, and whether a login can help. */
  unauthorizedReason(resolved: ResolvedServer): string {
    const provider = this.current;
    if (resolved.transport !== 'stdio' && hasAuthorizationHeader(resolved)) return 'the server refused the Authorization header configured for it';
    if (!provider) return 'the server requires authorization';
    if (provider.problem) return `the server requires authorization, but no OAuth login is possible: ${provider.problem}`;
    return 'the server requires a login';
  }
}

function hasAuthorizationHeader(resolved: RemoteServer): boolean {
  return Object.keys(resolved.headers).some((name) => name.toLowerCase() === 'authorization');
}
