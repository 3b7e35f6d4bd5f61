import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/client';
import type { Logger } from '../log.js';
import type { Redactor } from '../redactor.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** Tokens as the hub keeps them: what the authorization server issued, and what they are for. */
export interface StoredTokens {
  /** As issued, stamped with `issuer` (the authorization server they came from) by the SDK's convention. */
  tokens: OAuthTokens;
  /** When the access token expires (ms since the epoch), if the authorization server said. */
  expiresAt?: number;
  /** The resource indicator (RFC 8707) they were issued for; a refresh asks for the same. */
  resource?: string;
}

/**
 * The tokens as stored: the OAuth token response's fields (RFC 6749 §5.1), and the authorization
 * server that issued them, which the SDK's auth() stamps on before it saves them. The hub's own
 * schema, as this is the hub's storage format.
 */
const OAuthTokensSchema = z
  .object({
    access_token: z.string(),
    id_token: z.string().optional(),
    token_type: z.string(),
    expires_in: z.coerce.number().optional(),
    scope: z.string().optional(),
    refresh_token: z.string().optional(),
    issuer: z.string().optional().catch(undefined),
  })
  .strip();

const StoredTokensSchema = z.object({
  tokens: OAuthTokensSchema,
  expiresAt: z.number().optional(),
  resource: z.string().optional(),
});
const StoredClientSchema = z.looseObject({ client_id: z.string() });

/**
 * OAuth tokens and client registrations in the secret store (the OS keychain, or its file
 * fallback), one entry each per remote server, keyed by the server's resolved URL: two config
 * entries for the same server share a login, and `${PORT}` placeholders do not split one.
 */
export class OAuthStore {
  constructor(
    private readonly secrets: () => Promise<SecretStore>,
    private readonly redactor: Redactor,
    private readonly log: Logger,
  ) {}

  async tokens(serverUrl: URL): Promise<StoredTokens | undefined> {
    const record = await this.read(tokensAccount(serverUrl), StoredTokensSchema);
    if (!record) return undefined;
    const { access_token, refresh_token, id_token } = record.tokens;
    this.redactor.rotate(tokensAccount(serverUrl), [access_token, refresh_token, id_token]);
    return record;
  }

  async saveTokens(serverUrl: URL, record: StoredTokens): Promise<void> {
    const { access_token, refresh_token, id_token } = record.tokens;
    this.redactor.rotate(tokensAccount(serverUrl), [access_token, refresh_token, id_token]);
    await (await this.secrets()).set(tokensAccount(serverUrl), JSON.stringify(record));
  }

  async deleteTokens(serverUrl: URL): Promise<void> {
    this.redactor.rotate(tokensAccount(serverUrl), []);
    await (await this.secrets()).delete(tokensAccount(serverUrl));
  }

  /** A registration made by dynamic client registration (a client from the config is never stored). */
  async client(serverUrl: URL): Promise<OAuthClientInformationMixed | undefined> {
    const record = await this.read(clientAccount(serverUrl), StoredClientSchema);
    if (!record) return undefined;
    const client = record as OAuthClientInformationMixed;
    this.redactor.add(clientSecrets(client));
    return client;
  }

  async saveClient(serverUrl: URL, client: OAuthClientInformationMixed): Promise<void> {
    this.redactor.add(clientSecrets(client));
    await (await this.secrets()).set(clientAccount(serverUrl), JSON.stringify(client));
  }

  async deleteClient(serverUrl: URL): Promise<void> {
    await (await this.secrets()).delete(clientAccount(serverUrl));
  }

  private async read<T>(account: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const text = await (await this.secrets()).get(account);
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    // Not what this hub writes (edited by hand, or an older format): as good as no login.
    this.log.warn({ account }, 'ignoring an unreadable OAuth entry in the secret store');
    return undefined;
  }
}

function clientSecrets(client: OAuthClientInformationMixed): (string | undefined)[] {
  const registration = (client as { registration_access_token?: unknown }).registration_access_token;
  return [client.client_secret, typeof registration === 'string' ? registration : undefined];
}

/**
 * The secret store account of a server: its URL as written after resolving placeholders, minus the
 * fragment; a query string (which may carry a key) is replaced by its hash, because account names
 * are listed in the keychain's UI and in messages.
 */
export function oauthAccountKey(serverUrl: URL): string {
  const base = `${serverUrl.origin}${serverUrl.pathname}`;
  if (!serverUrl.search) return base;
  return `${base}?sha256=${createHash('sha256').update(serverUrl.search).digest('hex').slice(0, 16)}`;
}

const tokensAccount = (serverUrl: URL) => `oauth:tokens:${oauthAccountKey(serverUrl)}`;
const clientAccount = (serverUrl: URL) => `oauth:client:${oauthAccountKey(serverUrl)}`;
