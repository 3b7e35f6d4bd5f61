import { OAuthError, OAuthErrorCode, refreshAuthorization, type OAuthClientInformationMixed, type OAuthTokens } from '@modelcontextprotocol/client';
import type { Logger } from '../log.js';
import { authorizationServerFetch, describeError, type AuthorizationServers } from './authorization-server.js';
import type { OAuthStore, StoredTokens } from './oauth-store.js';

export type RefreshOutcome = 'refreshed' | 'login-required' | 'unavailable';

export interface TokenKeeperOptions {
  serverUrl: URL;
  store: OAuthStore;
  servers: AuthorizationServers;
  /** The client the tokens were issued to. */
  client: () => Promise<OAuthClientInformationMixed | undefined>;
  log: Logger;
}

/**
 * The tokens of one remote server, in memory and in the secret store, refreshed one refresh at a
 * time (HubOAuthProvider says why).
 */
export class TokenKeeper {
  private stored: StoredTokens | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private refreshing: Promise<RefreshOutcome> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: TokenKeeperOptions) {}

  /** Whether the store was read, or written since: until then `record` says nothing. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  get record(): StoredTokens | undefined {
    return this.stored;
  }

  load(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.options.store
      .tokens(this.options.serverUrl)
      .then((record) => {
        this.stored = record;
        this.loaded = true;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** The token for the next request, refreshed first when it is about to expire. */
  async accessToken(): Promise<string | undefined> {
    if (!this.loaded) return undefined;
    if (this.refreshing) await this.refreshing;
    const record = this.stored;
    if (record?.tokens.refresh_token && expiresSoon(record)) await this.refresh();
    return this.stored?.tokens.access_token;
  }

  refresh(): Promise<RefreshOutcome> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async save(tokens: OAuthTokens, resource: string | undefined): Promise<void> {
    const record: StoredTokens = {
      tokens,
      ...(tokens.expires_in !== undefined && { expiresAt: Date.now() + tokens.expires_in * 1000 }),
      ...(resource !== undefined && { resource }),
    };
    this.stored = record;
    this.loaded = true;
    await this.persist(() => this.options.store.saveTokens(this.options.serverUrl, record));
  }

  async forget(): Promise<void> {
    this.stored = undefined;
    this.loaded = true;
    await this.persist(() => this.options.store.deleteTokens(this.options.serverUrl));
  }

  private async refreshOnce(): Promise<RefreshOutcome> {
    const { log } = this.options;
    const held = this.stored;
    // Another hub on this machine, sharing the keychain, may have refreshed (and so rotated) them.
    const latest = await this.options.store.tokens(this.options.serverUrl).catch(() => undefined);
    if (latest && latest.tokens.access_token !== held?.tokens.access_token && !expiresSoon(latest)) {
      this.stored = latest;
      return 'refreshed';
    }
    const record = latest ?? held;
    const refreshToken = record?.tokens.refresh_token;
    const authorizationServer = record?.tokens.issuer;
    const client = await this.options.client();
    if (!record || !refreshToken || !authorizationServer || !client) {
      await this.forget();
      return 'login-required';
    }
    let tokens: OAuthTokens;
    try {
      tokens = await refreshAuthorization(authorizationServer, {
        metadata: await this.options.servers.metadataOf(authorizationServer),
        clientInformation: client,
        refreshToken,
        ...(record.resource !== undefined && { resource: record.resource }),
        fetchFn: authorizationServerFetch,
      });
    } catch (error) {
      if (isRefusal(error)) {
        log.info({ reason: describeError(error) }, 'the authorization server refused the refresh token; a new login is needed');
        await this.forget();
        return 'login-required';
      }
      log.warn({ err: describeError(error) }, 'could not refresh the access token');
      return 'unavailable';
    }
    // The old refresh token is spent: the new tokens are used even if the store cannot keep them.
    await this.save({ ...tokens, issuer: authorizationServer }, record.resource).catch((error: unknown) => {
      log.warn({ err: describeError(error) }, 'the refreshed tokens could not be stored; they last until the hub stops');
    });
    log.debug('access token refreshed');
    return 'refreshed';
  }

  /** Secret store writes in the order they were asked for, so the store ends as memory does. */
  private persist(write: () => Promise<void>): Promise<void> {
    const done = this.writing.then(write);
    this.writing = done.catch(() => undefined);
    return done;
  }
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

/** The error codes of an outage (server_error also stands for an answer that was no OAuth error at all). */
const OUTAGE_CODES: ReadonlySet<string> = new Set([OAuthErrorCode.ServerError, OAuthErrorCode.TemporarilyUnavailable, OAuthErrorCode.TooManyRequests]);

/** An answer that a retry cannot change (invalid_grant, invalid_client, …), unlike an outage. */
function isRefusal(error: unknown): boolean {
  return error instanceof OAuthError && !OUTAGE_CODES.has(error.code);
}
