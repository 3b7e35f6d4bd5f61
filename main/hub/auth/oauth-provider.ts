import { randomBytes } from 'node:crypto';
import {
  auth,
  extractWWWAuthenticateParams,
  type FetchLike,
  type OAuthClientInformationMixed,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type OAuthTokens,
} from '@modelcontextprotocol/client';
import { HUB_VERSION } from '../../../shared/version.js';
import type { OAuthSettings } from '../config/resolve.js';
import type { Logger } from '../log.js';
import { AuthorizationServers, authorizationServerFetch, describeError } from './authorization-server.js';
import { LoginError } from './login-error.js';
import type { OAuthStore } from './oauth-store.js';
import { isExpired, redeemCallback, type PendingLogin } from './pending-login.js';
import { revokeTokens } from './revocation.js';
import { TokenKeeper } from './token-keeper.js';

/** Tries of one request: the token at hand, then at most two that `afterRejection` offers (the stored one, a refreshed one). */
const MAX_ATTEMPTS = 3;

/** Where the logins waiting for their callback are found by `state`. */
export interface LoginRegistry {
  started(state: string, provider: HubOAuthProvider): void;
  ended(state: string): void;
}

export interface HubOAuthProviderOptions {
  serverName: string;
  serverUrl: URL;
  settings: OAuthSettings | undefined;
  /** The hub's callback, `http://127.0.0.1:<port>/api/oauth/callback`. */
  redirectUrl: () => string;
  store: OAuthStore;
  logins: LoginRegistry;
  logger: Logger;
  /** The tokens were refused and cannot be refreshed: the server needs a new login. */
  onLoginRequired: () => void;
}

/**
 * The OAuth client of one remote server: the SDK's `OAuthClientProvider` (discovery, dynamic
 * client registration, PKCE, state, resource indicators) plus what a long-running hub needs on
 * top: `authorizedFetch` for the transports, tokens refreshed before they expire, a login
 * completed from a callback that may arrive at any time, and log out.
 *
 * The transports get `authorizedFetch` rather than this provider: the SDK's transports refresh on
 * their own, request by request, and two requests refused together would present the same
 * refresh token twice, which an authorization server that rotates refresh tokens takes for a
 * stolen token and revokes the whole grant. Here every refresh of a server is one at a time.
 */
export class HubOAuthProvider implements OAuthClientProvider {
  readonly serverName: string;
  readonly serverUrl: URL;
  readonly settings: OAuthSettings | undefined;
  /** Why no login can be offered (no OAuth discovery, no registration), once one was attempted. */
  problem: string | null = null;

  private readonly log: Logger;
  private readonly servers: AuthorizationServers;
  private readonly keeper: TokenKeeper;
  private loginStarting: Promise<void> | undefined;
  private pending: PendingLogin | undefined;
  /** Filled in by `auth()` while a login starts. */
  private discovery: OAuthDiscoveryState | undefined;
  private nextState: string | undefined;
  private nextVerifier: string | undefined;
  private lastHint: { resourceMetadataUrl?: URL; scope?: string } = {};

  constructor(private readonly options: HubOAuthProviderOptions) {
    this.serverName = options.serverName;
    this.serverUrl = options.serverUrl;
    this.settings = options.settings;
    this.log = options.logger.child({ server: options.serverName });
    this.servers = new AuthorizationServers(() => this.discovery);
    this.keeper = new TokenKeeper({
      serverUrl: options.serverUrl,
      store: options.store,
      servers: this.servers,
      client: () => this.registeredClient(),
      log: this.log,
    });
  }

  /** Whether this provider is the one for a server reached at `url` with these settings. */
  serves(url: URL, settings: OAuthSettings | undefined): boolean {
    return url.href === this.serverUrl.href && JSON.stringify(settings ?? null) === JSON.stringify(this.settings ?? null);
  }

  /** Whether tokens are held, once they were looked for (the store is opened only after a 401). */
  get loggedIn(): boolean | undefined {
    return this.keeper.isLoaded ? this.keeper.record !== undefined : undefined;
  }

  /** Where to send the user's browser to log in, while a login is waiting for its callback. */
  get authorizationUrl(): string | null {
    return this.pending && !isExpired(this.pending) ? this.pending.url : null;
  }

  /**
   * The fetch of this server's transports. The first request goes without a token: the secret
   * store (perhaps a keychain that prompts) is only opened for a server that answers 401. A
   * refused token is replaced by the stored one, then by a refreshed one, and the request repeated;
   * when none is left to try, a login is begun and the 401 passed on.
   */
  readonly authorizedFetch: FetchLike = async (input, init) => {
    let token = await this.keeper.accessToken();
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(input, withBearer(init, token));
      if (response.status !== 401) return response;
      const hint = extractWWWAuthenticateParams(response);
      const next = attempt < MAX_ATTEMPTS ? await this.afterRejection(token, hint) : undefined;
      if (next === undefined) {
        // Fresh tokens refused as well (issued for something else, revoked at once): only a login helps.
        if (attempt === MAX_ATTEMPTS) await this.requireLogin(hint);
        return response;
      }
      await response.body?.cancel();
      token = next;
    }
  };

  /**
   * Starts a new login, replacing any pending one (and any tokens, which the server refused):
   * discovery, registration if needed, a fresh state and PKCE verifier. Resolves to the URL to
   * open; rejects, with `problem` set, when the server offers no way to log in.
   */
  async beginLogin(hint: { resourceMetadataUrl?: URL | undefined; scope?: string | undefined } = {}): Promise<string> {
    if (hint.resourceMetadataUrl || hint.scope) this.lastHint = hint;
    this.loginStarting ??= this.startLogin().finally(() => {
      this.loginStarting = undefined;
    });
    await this.loginStarting;
    if (!this.pending) throw new Error(this.problem ?? 'no login was started');
    return this.pending.url;
  }

  /**
   * Exchanges the code of the callback for tokens and stores them. The login is used up whatever
   * the outcome; every failure is a LoginError and stores nothing.
   */
  async completeLogin(state: string, params: URLSearchParams): Promise<void> {
    const login = this.pending;
    if (!login || login.state !== state) {
      throw new LoginError('LOGIN_UNKNOWN', 'This login was replaced by a newer one. Use the newest login link, or start the login again.', this.serverName);
    }
    this.endPending();
    const tokens = await redeemCallback(login, params, {
      serverName: this.serverName,
      servers: this.servers,
      client: () => this.registeredClient(),
    });
    await this.keeper.save({ ...tokens, issuer: login.authorizationServer }, login.resource);
    this.problem = null;
    this.log.info('logged in');
  }

  /** Revokes the tokens where the authorization server offers revocation (RFC 7009), then deletes them. */
  async logout(): Promise<{ revoked: boolean }> {
    this.endPending();
    await this.keeper.load();
    const record = this.keeper.record;
    let revoked = false;
    if (record) {
      try {
        revoked = await revokeTokens(record, await this.registeredClient(), this.servers);
      } catch (error) {
        // The tokens are deleted all the same: logging out must not depend on the server answering.
        this.log.warn({ err: describeError(error) }, 'could not revoke the tokens');
      }
    }
    await this.keeper.forget();
    this.log.info({ revoked }, 'logged out');
    return { revoked };
  }

  /** Ends a pending login (logged out, or the server's config changed), so its callback is refused. */
  endPending(): void {
    if (!this.pending) return;
    this.options.logins.ended(this.pending.state);
    this.pending = undefined;
  }

  // --- OAuthClientProvider, as the SDK's auth() uses it while a login starts ---

  get redirectUrl(): string {
    return this.options.redirectUrl();
  }

  get clientMetadata(): OAuthClientMetadata {
    // What the hub is in RFC 8252's terms: a native application with a loopback redirect.
    const metadata: OAuthClientMetadata & { application_type: string } = {
      client_name: 'MCP Hub',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      software_id: 'mcp-hub-desktop',
      software_version: HUB_VERSION,
      ...(this.settings?.scopes !== undefined && { scope: this.settings.scopes }),
    };
    return metadata;
  }

  state(): string {
    this.nextState = randomBytes(32).toString('base64url');
    return this.nextState;
  }

  /** A registration good for starting a login from this hub: it must name this hub's redirect URI. */
  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const client = await this.registeredClient();
    const registered = (client as { redirect_uris?: unknown } | undefined)?.redirect_uris;
    if (!this.preregistered && Array.isArray(registered) && !registered.includes(this.redirectUrl)) return undefined;
    return client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    // A client from the config stays in the config; the SDK only stamps it with its issuer here.
    if (this.preregistered) return;
    await this.options.store.saveClient(this.serverUrl, client);
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    await this.keeper.load();
    return this.keeper.record?.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.keeper.save(tokens, this.keeper.record?.resource);
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.nextVerifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.pending) throw new Error('no login is pending');
    return this.pending.codeVerifier;
  }

  /** The SDK's `auth()` calls this last: the URL is kept, to be opened by whoever asked for the login. */
  redirectToAuthorization(url: URL): void {
    const state = url.searchParams.get('state');
    const discovery = this.discovery;
    if (!state || state !== this.nextState || !this.nextVerifier || !discovery) throw new Error('the login was not prepared as expected');
    this.endPending();
    this.pending = {
      state,
      url: url.href,
      startedAt: Date.now(),
      codeVerifier: this.nextVerifier,
      redirectUri: url.searchParams.get('redirect_uri') ?? this.redirectUrl,
      authorizationServer: discovery.authorizationServerUrl,
      metadata: discovery.authorizationServerMetadata,
      clientId: url.searchParams.get('client_id') ?? '',
      resource: url.searchParams.get('resource') ?? undefined,
    };
    this.nextState = undefined;
    this.nextVerifier = undefined;
    this.options.logins.started(state, this);
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all' || scope === 'tokens') await this.keeper.forget();
    if ((scope === 'all' || scope === 'client') && !this.preregistered) await this.options.store.deleteClient(this.serverUrl);
    if (scope === 'all' || scope === 'verifier') this.endPending();
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }

  // --- internals ---

  /** Registered by hand, its client_id in the config (rather than by dynamic client registration). */
  private get preregistered(): boolean {
    return this.settings?.clientId !== undefined;
  }

  private async startLogin(): Promise<void> {
    this.problem = null;
    this.endPending();
    // Begun because the server refused what was stored (or nothing was): it is of no further use.
    await this.keeper.forget();
    const { resourceMetadataUrl, scope } = this.lastHint;
    try {
      await auth(this, {
        serverUrl: this.serverUrl,
        ...(resourceMetadataUrl && { resourceMetadataUrl }),
        // Scopes from the config win over what the server suggests.
        ...((this.settings?.scopes ?? scope) !== undefined && { scope: this.settings?.scopes ?? scope }),
        fetchFn: authorizationServerFetch,
      });
    } catch (error) {
      this.problem = explainLoginProblem(error, this.settings);
      this.log.warn({ problem: this.problem }, 'cannot offer an OAuth login');
    }
  }

  /** After a 401: a token to try again with, or undefined when a login is needed (and has begun). */
  private async afterRejection(rejected: string | undefined, hint: { resourceMetadataUrl?: URL | undefined; scope?: string | undefined }): Promise<string | undefined> {
    await this.keeper.load();
    // Loaded just now, or refreshed meanwhile by a request that was refused too.
    const token = await this.keeper.accessToken();
    if (token !== undefined && token !== rejected) return token;
    if (this.keeper.record?.tokens.refresh_token) {
      const outcome = await this.keeper.refresh();
      if (outcome === 'refreshed' && this.keeper.record) return this.keeper.record.tokens.access_token;
      if (outcome === 'unavailable') throw new Error('the server refused the access token, and the authorization server did not refresh it (see the log); a later request tries again');
    }
    await this.requireLogin(hint);
    return undefined;
  }

  private async requireLogin(hint: { resourceMetadataUrl?: URL | undefined; scope?: string | undefined }): Promise<void> {
    // A login already waiting (started after the tokens went) keeps its URL: the user may have it open.
    if (!this.authorizationUrl || this.keeper.record) await this.beginLogin(hint).catch(() => undefined);
    this.options.onLoginRequired();
  }

  /** The client the tokens were issued to: from the config, or the stored registration whatever its redirect URI. */
  private async registeredClient(): Promise<OAuthClientInformationMixed | undefined> {
    const { clientId, clientSecret } = this.settings ?? {};
    if (clientId !== undefined) return { client_id: clientId, ...(clientSecret !== undefined && { client_secret: clientSecret }) };
    return this.options.store.client(this.serverUrl);
  }
}

function explainLoginProblem(error: unknown, settings: OAuthSettings | undefined): string {
  const message = describeError(error);
  if (/dynamic client registration/i.test(message) && settings?.clientId === undefined) {
    return `${message}; register MCP Hub with the authorization server yourself and set oauth.clientId (and oauth.clientSecret) in the server's config`;
  }
  return message;
}

function withBearer(init: RequestInit | undefined, token: string | undefined): RequestInit | undefined {
  if (token === undefined) return init;
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}
