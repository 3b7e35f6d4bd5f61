import { randomBytes } from 'node:crypto';
import {
  auth,
  buildDiscoveryUrls,
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  extractWWWAuthenticateParams,
  refreshAuthorization,
  selectClientAuthMethod,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthError, ServerError, TemporarilyUnavailableError, TooManyRequestsError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type {
  AuthorizationServerMetadata,
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { HUB_VERSION } from '../../../shared/version.js';
import type { OAuthSettings } from '../config/resolve.js';
import type { Logger } from '../log.js';
import { LoginError } from './login-error.js';
import type { OAuthStore, StoredTokens } from './oauth-store.js';

/** Tries of one request: the token at hand, then at most two that `afterRejection` offers (the stored one, a refreshed one). */
const MAX_ATTEMPTS = 3;
/** How long a login may take from the authorization URL to the callback. */
export const LOGIN_TIMEOUT_MS = 30 * 60_000;
/** Each request to an authorization server; one that hangs must not hold a connect attempt forever. */
const AUTHORIZATION_SERVER_TIMEOUT_MS = 30_000;

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

/**
 * Fields of an authorization server's metadata document that the SDK's parsing drops for OpenID
 * providers, read from the document itself.
 */
interface MetadataDocument {
  revocation_endpoint?: unknown;
  revocation_endpoint_auth_methods_supported?: unknown;
  token_endpoint_auth_methods_supported?: unknown;
  authorization_response_iss_parameter_supported?: unknown;
}

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

type RefreshOutcome = 'refreshed' | 'login-required' | 'unavailable';

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
  private stored: StoredTokens | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private refreshing: Promise<RefreshOutcome> | undefined;
  private loginStarting: Promise<void> | undefined;
  private pending: PendingLogin | undefined;
  /** Filled in by `auth()` while a login starts. */
  private discovery: OAuthDiscoveryState | undefined;
  private nextState: string | undefined;
  private nextVerifier: string | undefined;
  private lastHint: { resourceMetadataUrl?: URL; scope?: string } = {};
  private readonly metadata = new Map<string, AuthorizationServerMetadata>();
  private readonly documents = new Map<string, MetadataDocument>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: HubOAuthProviderOptions) {
    this.serverName = options.serverName;
    this.serverUrl = options.serverUrl;
    this.settings = options.settings;
    this.log = options.logger.child({ server: options.serverName });
  }

  /** Whether this provider is the one for a server reached at `url` with these settings. */
  serves(url: URL, settings: OAuthSettings | undefined): boolean {
    return url.href === this.serverUrl.href && JSON.stringify(settings ?? null) === JSON.stringify(this.settings ?? null);
  }

  /** Whether tokens are held, once they were looked for (the store is opened only after a 401). */
  get loggedIn(): boolean | undefined {
    return this.loaded ? this.stored !== undefined : undefined;
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
    let token = await this.currentAccessToken();
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
    if (isExpired(login)) throw new LoginError('LOGIN_EXPIRED', 'This login took too long and has expired. Start the login again.', this.serverName);
    const error = params.get('error');
    if (error !== null) {
      const description = params.get('error_description');
      throw new LoginError(
        'AUTHORIZATION_DENIED',
        `The authorization server did not grant access (${error}${description ? `: ${description}` : ''}).`,
        this.serverName,
      );
    }
    const document = await this.metadataDocument(login.authorizationServer).catch(() => undefined);
    checkIssuer(login, params.get('iss'), document?.authorization_response_iss_parameter_supported === true, this.serverName);
    const code = params.get('code');
    if (!code) throw new LoginError('INVALID_CALLBACK', 'The address carries no authorization code.', this.serverName);
    const client = await this.registeredClient();
    if (client?.client_id !== login.clientId) {
      throw new LoginError('LOGIN_UNKNOWN', "The hub's registration with the authorization server changed during this login. Start the login again.", this.serverName);
    }
    let tokens: OAuthTokens;
    try {
      tokens = await exchangeAuthorization(login.authorizationServer, {
        metadata: login.metadata,
        clientInformation: client,
        authorizationCode: code,
        codeVerifier: login.codeVerifier,
        redirectUri: login.redirectUri,
        ...(login.resource !== undefined && { resource: login.resource }),
        fetchFn: authorizationServerFetch,
      });
    } catch (cause) {
      throw new LoginError('TOKEN_EXCHANGE_FAILED', `The authorization server did not accept the login: ${describe(cause)}`, this.serverName);
    }
    await this.storeTokens({ ...tokens, issuer: login.authorizationServer }, login.resource);
    this.problem = null;
    this.log.info('logged in');
  }

  /** Revokes the tokens where the authorization server offers revocation (RFC 7009), then deletes them. */
  async logout(): Promise<{ revoked: boolean }> {
    this.endPending();
    await this.load();
    const record = this.stored;
    let revoked = false;
    if (record) {
      try {
        revoked = await this.revoke(record);
      } catch (error) {
        // The tokens are deleted all the same: logging out must not depend on the server answering.
        this.log.warn({ err: describe(error) }, 'could not revoke the tokens');
      }
    }
    await this.forgetTokens();
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
    await this.load();
    return this.stored?.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.storeTokens(tokens, this.stored?.resource);
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
    if (scope === 'all' || scope === 'tokens') await this.forgetTokens();
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
    await this.forgetTokens();
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

  /** The token for the next request, refreshed first when it is about to expire. */
  private async currentAccessToken(): Promise<string | undefined> {
    if (!this.loaded) return undefined;
    if (this.refreshing) await this.refreshing;
    const record = this.stored;
    if (record?.tokens.refresh_token && expiresSoon(record)) await this.refresh();
    return this.stored?.tokens.access_token;
  }

  /** After a 401: a token to try again with, or undefined when a login is needed (and has begun). */
  private async afterRejection(rejected: string | undefined, hint: { resourceMetadataUrl?: URL | undefined; scope?: string | undefined }): Promise<string | undefined> {
    await this.load();
    // Loaded just now, or refreshed meanwhile by a request that was refused too.
    const token = await this.currentAccessToken();
    if (token !== undefined && token !== rejected) return token;
    if (this.stored?.tokens.refresh_token) {
      const outcome = await this.refresh();
      if (outcome === 'refreshed' && this.stored) return this.stored.tokens.access_token;
      if (outcome === 'unavailable') throw new Error('the server refused the access token, and the authorization server did not refresh it (see the log); a later request tries again');
    }
    await this.requireLogin(hint);
    return undefined;
  }

  private async requireLogin(hint: { resourceMetadataUrl?: URL | undefined; scope?: string | undefined }): Promise<void> {
    // A login already waiting (started after the tokens went) keeps its URL: the user may have it open.
    if (!this.authorizationUrl || this.stored) await this.beginLogin(hint).catch(() => undefined);
    this.options.onLoginRequired();
  }

  private refresh(): Promise<RefreshOutcome> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<RefreshOutcome> {
    const held = this.stored;
    // Another hub on this machine, sharing the keychain, may have refreshed (and so rotated) them.
    const latest = await this.options.store.tokens(this.serverUrl).catch(() => undefined);
    if (latest && latest.tokens.access_token !== held?.tokens.access_token && !expiresSoon(latest)) {
      this.stored = latest;
      return 'refreshed';
    }
    const record = latest ?? held;
    const refreshToken = record?.tokens.refresh_token;
    const authorizationServer = record?.tokens.issuer;
    const client = await this.registeredClient();
    if (!record || !refreshToken || !authorizationServer || !client) {
      await this.forgetTokens();
      return 'login-required';
    }
    let tokens: OAuthTokens;
    try {
      tokens = await refreshAuthorization(authorizationServer, {
        metadata: await this.metadataOf(authorizationServer),
        clientInformation: client,
        refreshToken,
        ...(record.resource !== undefined && { resource: record.resource }),
        fetchFn: authorizationServerFetch,
      });
    } catch (error) {
      if (isRefusal(error)) {
        this.log.info({ reason: describe(error) }, 'the authorization server refused the refresh token; a new login is needed');
        await this.forgetTokens();
        return 'login-required';
      }
      this.log.warn({ err: describe(error) }, 'could not refresh the access token');
      return 'unavailable';
    }
    // The old refresh token is spent: the new tokens are used even if the store cannot keep them.
    await this.storeTokens({ ...tokens, issuer: authorizationServer }, record.resource).catch((error: unknown) => {
      this.log.warn({ err: describe(error) }, 'the refreshed tokens could not be stored; they last until the hub stops');
    });
    this.log.debug('access token refreshed');
    return 'refreshed';
  }

  private async revoke(record: StoredTokens): Promise<boolean> {
    const authorizationServer = record.tokens.issuer;
    const client = await this.registeredClient();
    if (!authorizationServer || !client) return false;
    const document = await this.metadataDocument(authorizationServer);
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

  private async metadataOf(authorizationServer: string): Promise<AuthorizationServerMetadata | undefined> {
    if (this.discovery?.authorizationServerUrl === authorizationServer && this.discovery.authorizationServerMetadata) {
      return this.discovery.authorizationServerMetadata;
    }
    const known = this.metadata.get(authorizationServer);
    if (known) return known;
    const found = await discoverAuthorizationServerMetadata(authorizationServer, { fetchFn: authorizationServerFetch });
    if (found) this.metadata.set(authorizationServer, found);
    return found;
  }

  /** The authorization server's metadata as published (RFC 8414, or OpenID Connect discovery). */
  private async metadataDocument(authorizationServer: string): Promise<MetadataDocument | undefined> {
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

  /** The client the tokens were issued to: from the config, or the stored registration whatever its redirect URI. */
  private async registeredClient(): Promise<OAuthClientInformationMixed | undefined> {
    const { clientId, clientSecret } = this.settings ?? {};
    if (clientId !== undefined) return { client_id: clientId, ...(clientSecret !== undefined && { client_secret: clientSecret }) };
    return this.options.store.client(this.serverUrl);
  }

  private load(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.options.store
      .tokens(this.serverUrl)
      .then((record) => {
        this.stored = record;
        this.loaded = true;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private async storeTokens(tokens: OAuthTokens, resource: string | undefined): Promise<void> {
    const record: StoredTokens = {
      tokens,
      ...(tokens.expires_in !== undefined && { expiresAt: Date.now() + tokens.expires_in * 1000 }),
      ...(resource !== undefined && { resource }),
    };
    this.stored = record;
    this.loaded = true;
    await this.persist(() => this.options.store.saveTokens(this.serverUrl, record));
  }

  private async forgetTokens(): Promise<void> {
    this.stored = undefined;
    this.loaded = true;
    await this.persist(() => this.options.store.deleteTokens(this.serverUrl));
  }

  /** Secret store writes in the order they were asked for, so the store ends as memory does. */
  private persist(write: () => Promise<void>): Promise<void> {
    const done = this.writing.then(write);
    this.writing = done.catch(() => undefined);
    return done;
  }
}

/** Requests to authorization servers, with a deadline. */
const authorizationServerFetch: FetchLike = (input, init) =>
  fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(AUTHORIZATION_SERVER_TIMEOUT_MS) });

function withBearer(init: RequestInit | undefined, token: string | undefined): RequestInit | undefined {
  if (token === undefined) return init;
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/**
 * Refresh ahead of expiry by a quarter of the token's lifetime, at most a minute: a request never
 * goes out with a token known to be about to expire, short-lived tokens included.
 */
function expiresSoon(record: StoredTokens): boolean {
  if (record.expiresAt === undefined) return false;
  const lifetime = (record.tokens.expires_in ?? 0) * 1000;
  return Date.now() >= record.expiresAt - Math.min(60_000, lifetime / 4);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function isExpired(login: PendingLogin): boolean {
  return Date.now() - login.startedAt > LOGIN_TIMEOUT_MS;
}

/** An answer that a retry cannot change (invalid_grant, invalid_client, …), unlike an outage. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof OAuthError &&
    !(error instanceof ServerError || error instanceof TemporarilyUnavailableError || error instanceof TooManyRequestsError)
  );
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

/** RFC 6749 §2.3.1 and the SDK's choice of method, for a request the SDK does not make itself. */
function authenticateClient(client: OAuthClientInformationMixed, method: string, headers: Headers, body: URLSearchParams): void {
  if (method === 'client_secret_basic' && client.client_secret) {
    headers.set('authorization', `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}`);
    return;
  }
  body.set('client_id', client.client_id);
  if (method === 'client_secret_post' && client.client_secret) body.set('client_secret', client.client_secret);
}

function explainLoginProblem(error: unknown, settings: OAuthSettings | undefined): string {
  const message = describe(error);
  if (/dynamic client registration/i.test(message) && settings?.clientId === undefined) {
    return `${message}; register MCP Hub with the authorization server yourself and set oauth.clientId (and oauth.clientSecret) in the server's config`;
  }
  return message;
}

function describe(error: unknown): string {
  if (error instanceof OAuthError) return error.message ? `${error.errorCode}: ${error.message}` : error.errorCode;
  return error instanceof Error ? error.message : String(error);
}
