import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { Redactor } from '../redactor.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { oauthAccountKey, OAuthStore } from './oauth-store.js';

describe('OAuthStore', () => {
  it('keys entries by the resolved URL, hashing a query that may hold a key, dropping the fragment', () => {
    expect(oauthAccountKey(new URL('https://mcp.example.com/mcp'))).toBe('https://mcp.example.com/mcp');
    expect(oauthAccountKey(new URL('https://mcp.example.com/mcp#part'))).toBe('https://mcp.example.com/mcp');
    const withKey = oauthAccountKey(new URL('https://mcp.example.com/mcp?api_key=SECRET-123'));
    expect(withKey).toMatch(/^https:\/\/mcp\.example\.com\/mcp\?sha256=[0-9a-f]{16}$/);
    expect(withKey).not.toContain('SECRET');
    expect(oauthAccountKey(new URL('https://mcp.example.com/mcp?api_key=other'))).not.toBe(withKey);
  });

  it('stores tokens and registrations under their own accounts, and the redactor learns them', async () => {
    const secrets = new MemorySecretStore();
    const redactor = new Redactor();
    const store = new OAuthStore(async () => secrets, redactor, silentLogger());
    const url = new URL('https://mcp.example.com/mcp');
    await store.saveClient(url, { client_id: 'hub-client', client_secret: 'client-secret-value' });
    await store.saveTokens(url, { tokens: { access_token: 'access-token-value', token_type: 'Bearer', refresh_token: 'refresh-token-value' }, expiresAt: 1, resource: url.href });
    expect(await secrets.list()).toEqual(['oauth:client:https://mcp.example.com/mcp', 'oauth:tokens:https://mcp.example.com/mcp']);
    expect(await store.tokens(url)).toEqual({
      tokens: { access_token: 'access-token-value', token_type: 'Bearer', refresh_token: 'refresh-token-value' },
      expiresAt: 1,
      resource: url.href,
    });
    expect(redactor.redact('access-token-value refresh-token-value client-secret-value')).toBe('[redacted] [redacted] [redacted]');

    await store.deleteTokens(url);
    expect(await store.tokens(url)).toBeUndefined();
    expect(await store.client(url)).toEqual({ client_id: 'hub-client', client_secret: 'client-secret-value' });
  });

  it('takes an entry it cannot read for no login at all', async () => {
    const secrets = new MemorySecretStore();
    const store = new OAuthStore(async () => secrets, new Redactor(), silentLogger());
    const url = new URL('https://mcp.example.com/mcp');
    await secrets.set('oauth:tokens:https://mcp.example.com/mcp', 'not json');
    await secrets.set('oauth:client:https://mcp.example.com/mcp', JSON.stringify({ id: 'no client_id' }));
    expect(await store.tokens(url)).toBeUndefined();
    expect(await store.client(url)).toBeUndefined();
  });
});
