import type { OAuthSettings } from '../config/resolve.js';
import type { Logger } from '../log.js';
import type { Redactor } from '../redactor.js';
import { LoginError } from './login-error.js';
import { HubOAuthProvider, type LoginRegistry } from './oauth-provider.js';
import type { OAuthStore } from './oauth-store.js';

export interface OAuthLoginsOptions {
  store: OAuthStore;
  redactor: Redactor;
  logger: Logger;
  /** The hub's callback URL; known once the hub listens. */
  redirectUrl: () => string;
  /** Whether a provider is still the one its server uses (the server exists, its URL and oauth settings unchanged). */
  isCurrent: (provider: HubOAuthProvider) => boolean;
}

export interface OAuthProviderRequest {
  serverName: string;
  serverUrl: URL;
  settings: OAuthSettings | undefined;
  onLoginRequired: () => void;
}

/**
 * The hub's OAuth logins: it makes each remote server's provider and finds the login a callback
 * belongs to by its `state`. A state is issued for one login of one server, and is good once: the
 * first callback that names it uses it up, whatever its outcome, so a replayed or forged callback
 * finds nothing and stores nothing.
 */
export class OAuthLogins implements LoginRegistry {
  private readonly waiting = new Map<string, HubOAuthProvider>();

  constructor(private readonly options: OAuthLoginsOptions) {}

  provider(request: OAuthProviderRequest): HubOAuthProvider {
    return new HubOAuthProvider({
      ...request,
      redirectUrl: this.options.redirectUrl,
      store: this.options.store,
      logins: this,
      logger: this.options.logger,
    });
  }

  started(state: string, provider: HubOAuthProvider): void {
    this.waiting.set(state, provider);
  }

  ended(state: string): void {
    this.waiting.delete(state);
  }

  /**
   * Completes the login that the callback's parameters belong to, storing its tokens; resolves to
   * that login's provider. Every other outcome is a LoginError, and nothing is stored.
   */
  async complete(params: URLSearchParams): Promise<HubOAuthProvider> {
    for (const name of ['state', 'code', 'error', 'iss', 'server_name']) {
      if (params.getAll(name).length > 1) throw new LoginError('INVALID_CALLBACK', `The address names ${name} more than once.`);
    }
    const state = params.get('state');
    if (!state) {
      throw new LoginError('INVALID_CALLBACK', 'The address carries no state, so it cannot be matched to a login started by this hub. Start the login again.');
    }
    const provider = this.waiting.get(state);
    if (!provider) {
      throw new LoginError(
        'LOGIN_UNKNOWN',
        'This hub is not waiting for this login: it was completed already, replaced by a newer login, or started elsewhere. Start the login again.',
      );
    }
    // A code is a credential until it is used: it must not reach a log or a page. Only a callback
    // for a waiting login gets this far, so no address made up by someone else reaches the redactor.
    this.options.redactor.rotate('oauth-code', [params.get('code')]);
    const named = params.get('server_name');
    if (named !== null && named !== provider.serverName) {
      throw new LoginError('SERVER_MISMATCH', `This login was started for server '${provider.serverName}', not '${named}'.`, provider.serverName);
    }
    if (!this.options.isCurrent(provider)) {
      provider.endPending();
      throw new LoginError(
        'SERVER_UNKNOWN',
        `Server '${provider.serverName}' is no longer configured in this hub as it was when this login started. Nothing was stored.`,
        provider.serverName,
      );
    }
    await provider.completeLogin(state, params);
    return provider;
  }
}
