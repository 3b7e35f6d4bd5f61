import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubApp } from '../../main/hub/compose.js';
import { createLogger } from '../../main/hub/log.js';
import { Redactor } from '../../main/hub/redactor.js';
import { MemorySecretStore } from '../../main/hub/secrets/memory-store.js';
import type { SecretStore } from '../../main/hub/secrets/secret-store.js';
import { loginThroughForms } from '../fixtures/oauth/form-login.js';
import { startOAuthWorld, startRecordedHub, type OAuthWorld, type TestHub } from '../fixtures/oauth/oauth-world.js';
import { callApi, connectClient, node, openEventStream, removeDir, SERVERS, tempDir, waitFor } from '../helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(options: Parameters<typeof startOAuthWorld>[0] = {}): Promise<OAuthWorld> {
  const started = await startOAuthWorld(options);
  cleanups.push(() => started.close());
  return started;
}

async function hubWith(servers: Record<string, unknown>, options: Parameters<typeof startRecordedHub>[1] = {}): Promise<TestHub> {
  const started = await startRecordedHub(servers, options);
  cleanups.push(() => started.stop());
  return started;
}

/** Logs in to `name` as the browser would, and lands on the hub's callback page. */
async function logIn(hub: HubApp, name: string, { authorizationServer }: OAuthWorld): Promise<Response> {
  const url = hub.core.serverInfo(name).authorizationUrl;
  if (!url) throw new Error(`${name} has no authorization URL: ${hub.core.serverInfo(name).error}`);
  return fetch(await loginThroughForms(url, authorizationServer.user));
}

/** The stored tokens of a server, as the hub wrote them. */
async function storedTokens(store: SecretStore, serverUrl: string): Promise<{ access_token: string; refresh_token?: string } | undefined> {
  const text = await store.get(`oauth:tokens:${serverUrl}`);
  return text === undefined ? undefined : (JSON.parse(text) as { tokens: { access_token: string; refresh_token?: string } }).tokens;
}

/** What an authorization server does when it ends one access token early: the next request with it is refused. */
async function revokeAccessToken({ authorizationServer, mcpServer }: OAuthWorld, store: SecretStore): Promise<void> {
  const client = JSON.parse((await store.get(`oauth:client:${mcpServer.url}`))!) as { client_id: string };
  const tokens = await storedTokens(store, mcpServer.url);
  const revocation = await fetch(`${authorizationServer.issuer}/token/revocation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: tokens!.access_token, token_type_hint: 'access_token', client_id: client.client_id }),
  });
  expect(revocation.status).toBe(200);
}

/** What the hub's store holds for OAuth, to show that a failed callback changed nothing. */
async function oauthEntries(store: SecretStore): Promise<Record<string, string | undefined>> {
  const accounts = (await store.list()).filter((account) => account.startsWith('oauth:'));
  return Object.fromEntries(await Promise.all(accounts.map(async (account) => [account, await store.get(account)] as const)));
}

describe('OAuth login to a remote server', () => {
  it('a server answering 401 is unauthorized, with a login URL and an event; the login completes and its tools appear on /mcp', async () => {
    const oauth = await world();
    const { authorizationServer, mcpServer } = oauth;
    const store = new MemorySecretStore();
    const { hub, events } = await hubWith({ protected: { url: mcpServer.url } }, { store });

    const info = hub.core.serverInfo('protected');
    expect(info.status).toBe('unauthorized');
    expect(info.error).toBe('the server requires a login');
    expect(info.loggedIn).toBe(false);
    const url = new URL(info.authorizationUrl!);
    expect(url.origin).toBe(authorizationServer.issuer);
    expect(url.searchParams.get('redirect_uri')).toBe(`${hub.url}/api/oauth/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(mcpServer.url);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(events).toContainEqual({
      type: 'server_status',
      data: expect.objectContaining({ server: 'protected', status: 'unauthorized', authorizationUrl: url.href }),
    });
    expect(authorizationServer.stats.registrations).toBe(1);

    const page = await logIn(hub, 'protected', oauth);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[\w+/=]+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toMatch(/Logged in to protected[\s\S]*MCP Hub is connected to &#39;protected&#39; \(1 tool\)/);
    expect(hub.core.serverInfo('protected')).toMatchObject({ status: 'connected', authorizationUrl: null, error: null, loggedIn: true });

    const client = await connectClient(`${hub.url}/mcp`);
    cleanups.push(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('protected__whoami');
    const result = await client.callTool({ name: 'protected__whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'signed in as alice' }]);
    expect(events).toContainEqual({ type: 'servers_updated', data: { changes: { modified: ['protected'] } } });
    expect(await store.list()).toEqual([`oauth:client:${mcpServer.url}`, `oauth:tokens:${mcpServer.url}`]);
  });

  it('a restarted hub reconnects with the stored tokens, without a login', async () => {
    const oauth = await world();
    const store = new MemorySecretStore();
    const first = await startRecordedHub({ protected: { url: oauth.mcpServer.url } }, { store });
    await logIn(first.hub, 'protected', oauth);
    expect(first.hub.core.serverInfo('protected').status).toBe('connected');
    await first.stop();
    const before = { ...oauth.authorizationServer.stats };

    const { hub } = await hubWith({ protected: { url: oauth.mcpServer.url } }, { store });
    expect(hub.core.serverInfo('protected')).toMatchObject({ status: 'connected', authorizationUrl: null });
    const call = await callApi(hub.url, '/servers/tools', { server_name: 'protected', tool: 'whoami' });
    expect(call.json['result']).toMatchObject({ content: [{ text: 'signed in as alice' }] });
    // No new registration, no browser, no code: the stored login was used as it was.
    expect(oauth.authorizationServer.stats).toEqual(before);
  });

  it('refreshes a token before it expires, and a token the server refused before it expired', async () => {
    const oauth = await world({ accessTokenTtlSeconds: 2 });
    const { authorizationServer, mcpServer } = oauth;
    const store = new MemorySecretStore();
    const { hub } = await hubWith({ protected: { url: mcpServer.url } }, { store, hub: { healthCheckIntervalMs: 60_000 } });
    await logIn(hub, 'protected', oauth);
    const first = await storedTokens(store, mcpServer.url);
    const rejected = mcpServer.stats.rejected;

    // A quarter of its lifetime before it expires, the next request refreshes it first.
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    const call = await callApi(hub.url, '/servers/tools', { server_name: 'protected', tool: 'whoami' });
    expect(call.status).toBe(200);
    expect(authorizationServer.stats.refreshes).toBe(1);
    expect(mcpServer.stats.rejected).toBe(rejected);
    const second = await storedTokens(store, mcpServer.url);
    expect(second?.access_token).not.toBe(first?.access_token);
    // Rotated: the old refresh token is spent.
    expect(second?.refresh_token).not.toBe(first?.refresh_token);

    // Revoked at the authorization server while the hub still counts it as valid: refused, refreshed, retried.
    await revokeAccessToken(oauth, store);
    const again = await callApi(hub.url, '/servers/tools', { server_name: 'protected', tool: 'whoami' });
    expect(again.status).toBe(200);
    expect(mcpServer.stats.rejected).toBe(rejected + 1);
    expect(authorizationServer.stats.refreshes).toBe(2);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
  });

  it('requests refused together share one refresh (a rotating refresh token presented twice would end the grant)', async () => {
    const oauth = await world();
    const store = new MemorySecretStore();
    const { hub } = await hubWith({ protected: { url: oauth.mcpServer.url } }, { store, hub: { healthCheckIntervalMs: 60_000 } });
    await logIn(hub, 'protected', oauth);
    await revokeAccessToken(oauth, store);
    // The refresh takes long enough for every request to be refused before it is done.
    oauth.authorizationServer.delayTokenEndpoint(500);
    const rejected = oauth.mcpServer.stats.rejected;
    const calls = await Promise.all(
      Array.from({ length: 5 }, () => callApi(hub.url, '/servers/tools', { server_name: 'protected', tool: 'whoami' })),
    );
    expect(calls.map((call) => call.status)).toEqual([200, 200, 200, 200, 200]);
    // Refused together (a request that came after the refresh began waited for it instead).
    expect(oauth.mcpServer.stats.rejected).toBeGreaterThanOrEqual(rejected + 2);
    expect(oauth.authorizationServer.stats.refreshes).toBe(1);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
  });

  it('a revoked grant sets the server back to unauthorized, with an event and a new login URL', async () => {
    const oauth = await world();
    const store = new MemorySecretStore();
    const { hub, events } = await hubWith({ protected: { url: oauth.mcpServer.url } }, { store });
    await logIn(hub, 'protected', oauth);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
    const eventsBefore = events.length;

    await oauth.authorizationServer.revokeAllGrants();
    const call = await callApi(hub.url, '/servers/tools', { server_name: 'protected', tool: 'whoami' });
    expect(call.status).toBe(503);
    expect(call.json).toMatchObject({ code: 'SERVER_NOT_CONNECTED' });
    expect(call.json['error']).toMatch(/status: unauthorized: the server requires a new login/);

    const info = hub.core.serverInfo('protected');
    expect(info.status).toBe('unauthorized');
    expect(info.authorizationUrl).toMatch(new RegExp(`^${oauth.authorizationServer.issuer}/auth\\?`));
    expect(events.slice(eventsBefore)).toContainEqual({
      type: 'server_status',
      data: expect.objectContaining({ server: 'protected', status: 'unauthorized', previous: 'connected', authorizationUrl: info.authorizationUrl }),
    });
    expect(await storedTokens(store, oauth.mcpServer.url)).toBeUndefined();

    await logIn(hub, 'protected', oauth);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
  });

  it('logs in to a server on the legacy SSE transport, reached after Streamable HTTP was tried', async () => {
    const oauth = await world();
    const { hub } = await hubWith({ legacy: { url: oauth.mcpServer.sseUrl } });
    expect(hub.core.serverInfo('legacy')).toMatchObject({ status: 'unauthorized', transportType: 'sse' });
    expect(new URL(hub.core.serverInfo('legacy').authorizationUrl!).searchParams.get('resource')).toBe(oauth.mcpServer.sseUrl);
    expect((await logIn(hub, 'legacy', oauth)).status).toBe(200);
    expect(hub.core.serverInfo('legacy')).toMatchObject({ status: 'connected', transportType: 'sse' });
    const call = await callApi(hub.url, '/servers/tools', { server_name: 'legacy', tool: 'whoami' });
    expect(call.json['result']).toMatchObject({ content: [{ text: 'signed in as alice' }] });
  });

  it('uses a client registered up front (config oauth.clientId, its secret from the secret store) instead of registering', async () => {
    const oauth = await world({
      clients: [
        {
          client_id: 'mcp-hub-preregistered',
          client_secret: 'preregistered-client-SECRET-42',
          application_type: 'native',
          // RFC 8252: a native app's loopback redirect is registered without a port.
          redirect_uris: ['http://127.0.0.1/api/oauth/callback'],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
    });
    const store = new MemorySecretStore();
    await store.set('protected-client-secret', 'preregistered-client-SECRET-42');
    const { hub } = await hubWith(
      {
        protected: {
          url: oauth.mcpServer.url,
          oauth: { clientId: 'mcp-hub-preregistered', clientSecret: '${secret:protected-client-secret}', scopes: 'mcp:tools' },
        },
      },
      { store },
    );
    const url = new URL(hub.core.serverInfo('protected').authorizationUrl!);
    expect(url.searchParams.get('client_id')).toBe('mcp-hub-preregistered');
    // The configured scopes, and offline_access because the authorization server offers it and the
    // hub needs a refresh token (the SDK's auth(), per the MCP spec's refresh-token guidance).
    expect(url.searchParams.get('scope')).toBe('mcp:tools offline_access');
    expect((await logIn(hub, 'protected', oauth)).status).toBe(200);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
    expect(oauth.authorizationServer.stats.registrations).toBe(0);
    // The registration is the config's: nothing of it goes to the store.
    expect((await store.list()).filter((account) => account.startsWith('oauth:'))).toEqual([`oauth:tokens:${oauth.mcpServer.url}`]);
    const servers = await callApi(hub.url, '/servers');
    expect(JSON.stringify(servers.json)).not.toContain('preregistered-client-SECRET-42');
  });

  it('keeps header auth: a configured Authorization header is sent as is, and no OAuth login is started', async () => {
    const oauth = await world();
    const store = new MemorySecretStore();
    const loggedIn = await hubWith({ protected: { url: oauth.mcpServer.url } }, { store });
    await logIn(loggedIn.hub, 'protected', oauth);
    const token = (await storedTokens(store, oauth.mcpServer.url))!.access_token;
    const registrations = oauth.authorizationServer.stats.registrations;

    const { hub } = await hubWith(
      {
        byHeader: { url: oauth.mcpServer.url, headers: { Authorization: 'Bearer ${MCP_TOKEN}' } },
        wrongHeader: { url: oauth.mcpServer.url, headers: { Authorization: 'Bearer not-a-token' } },
      },
      { hub: { env: { ...process.env, MCP_TOKEN: token } } },
    );
    expect(hub.core.serverInfo('byHeader')).toMatchObject({ status: 'connected' });
    expect(hub.core.serverInfo('byHeader')).not.toHaveProperty('loggedIn');
    expect(hub.core.serverInfo('wrongHeader')).toMatchObject({
      status: 'unauthorized',
      error: 'the server refused the Authorization header configured for it',
      authorizationUrl: null,
    });
    expect(oauth.authorizationServer.stats.registrations).toBe(registrations);
    expect((await callApi(hub.url, '/servers/authorize', { server_name: 'wrongHeader' })).json).toMatchObject({ code: 'OAUTH_NOT_USED' });
  });
});

describe('POST /api/servers/authorize, /api/servers/logout and /api/oauth/manual_callback', () => {
  it('authorize hands out a fresh login URL and opens it with openUrl; logout revokes and deletes the tokens', async () => {
    const oauth = await world();
    const store = new MemorySecretStore();
    const opened: string[] = [];
    const { hub, events } = await hubWith(
      { protected: { url: oauth.mcpServer.url }, local: { command: node, args: [SERVERS.memory] } },
      { store, hub: { openUrl: async (url) => void opened.push(url) } },
    );
    const first = hub.core.serverInfo('protected').authorizationUrl!;
    const authorize = await callApi(hub.url, '/servers/authorize', { server_name: 'protected' });
    expect(authorize.status).toBe(200);
    const url = authorize.json['authorizationUrl'] as string;
    expect(opened).toEqual([url]);
    expect(new URL(url).searchParams.get('state')).not.toBe(new URL(first).searchParams.get('state'));
    expect(hub.core.serverInfo('protected').authorizationUrl).toBe(url);
    // The replaced login is over: its link leads nowhere.
    const stale = await fetch(await loginThroughForms(first, oauth.authorizationServer.user));
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('not waiting for this login');

    expect((await fetch(await loginThroughForms(url, oauth.authorizationServer.user))).status).toBe(200);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
    const tokens = await storedTokens(store, oauth.mcpServer.url);

    expect((await callApi(hub.url, '/servers/authorize', { server_name: 'protected' })).json).toMatchObject({ code: 'SERVER_NOT_UNAUTHORIZED', data: { status: 'connected' } });
    expect((await callApi(hub.url, '/servers/authorize', { server_name: 'local' })).json).toMatchObject({ code: 'SERVER_NOT_REMOTE' });
    expect((await callApi(hub.url, '/servers/logout', { server_name: 'local' })).status).toBe(400);
    expect((await callApi(hub.url, '/servers/authorize', { server_name: 'nope' })).status).toBe(404);

    const revocations = oauth.authorizationServer.stats.revocationRequests;
    const eventsBefore = events.length;
    const logout = await callApi(hub.url, '/servers/logout', { server_name: 'protected' });
    expect(logout.status).toBe(200);
    expect(logout.json).toMatchObject({ status: 'ok', revoked: true, server: { name: 'protected', status: 'unauthorized', loggedIn: false } });
    expect(oauth.authorizationServer.stats.revocationRequests).toBe(revocations + 2);
    expect(await storedTokens(store, oauth.mcpServer.url)).toBeUndefined();
    expect(events.slice(eventsBefore)).toContainEqual({ type: 'servers_updated', data: { changes: { modified: ['protected'] } } });
    // Revoked, not only forgotten: the authorization server no longer accepts the refresh token.
    const client = JSON.parse((await store.get(`oauth:client:${oauth.mcpServer.url}`))!) as { client_id: string };
    const refresh = await fetch(`${oauth.authorizationServer.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens!.refresh_token!, client_id: client.client_id, resource: oauth.mcpServer.url }),
    });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('manual_callback completes a login from the pasted address, once', async () => {
    const oauth = await world();
    const { hub } = await hubWith({ protected: { url: oauth.mcpServer.url } });
    const pasted = await loginThroughForms(hub.core.serverInfo('protected').authorizationUrl!, oauth.authorizationServer.user);
    const done = await callApi(hub.url, '/oauth/manual_callback', { url: pasted });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ status: 'ok', server_name: 'protected', message: "MCP Hub is connected to 'protected' (1 tool)." });
    expect(hub.core.serverInfo('protected').status).toBe('connected');

    const again = await callApi(hub.url, '/oauth/manual_callback', { url: pasted });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ code: 'LOGIN_UNKNOWN' });
    expect((await callApi(hub.url, '/oauth/manual_callback', { url: 'not a url' })).json).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await callApi(hub.url, '/oauth/manual_callback', {})).json).toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});

describe('the callback page', () => {
  async function unauthorizedHub(): Promise<{ oauth: OAuthWorld; hub: HubApp; store: MemorySecretStore }> {
    const oauth = await world();
    const store = new MemorySecretStore();
    const { hub } = await hubWith({ protected: { url: oauth.mcpServer.url } }, { store, hub: { apiToken: 'api-token-for-the-callback-test' } });
    return { oauth, hub, store };
  }

  it('refuses a state it did not issue, and stores nothing; the real login still works (no API token needed)', async () => {
    const { oauth, hub, store } = await unauthorizedHub();
    const before = await oauthEntries(store);
    const callback = new URL(await loginThroughForms(hub.core.serverInfo('protected').authorizationUrl!, oauth.authorizationServer.user));
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state-value');
    const page = await fetch(forged);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('<h1>Login failed</h1>');
    expect(html).toContain('This hub is not waiting for this login');
    expect(html).toContain('Nothing was stored.');
    expect(await oauthEntries(store)).toEqual(before);
    expect(oauth.authorizationServer.stats.codeExchanges).toBe(0);

    expect((await fetch(callback)).status).toBe(200);
    expect(hub.core.serverInfo('protected').status).toBe('connected');
  });

  it('refuses an answer that does not name the authorization server the login went to (RFC 9207)', async () => {
    const { oauth, hub, store } = await unauthorizedHub();
    const before = await oauthEntries(store);
    const callback = new URL(await loginThroughForms(hub.core.serverInfo('protected').authorizationUrl!, oauth.authorizationServer.user));
    expect(callback.searchParams.get('iss')).toBe(oauth.authorizationServer.issuer);
    callback.searchParams.set('iss', 'https://attacker.example');
    const page = await fetch(callback);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('The answer does not come from the authorization server this login was sent to');
    expect(await oauthEntries(store)).toEqual(before);
    expect(oauth.authorizationServer.stats.codeExchanges).toBe(0);

    // It announces `iss` in its metadata, so an answer without one is refused too.
    const next = await callApi(hub.url, '/servers/authorize', { server_name: 'protected' }, { headers: { authorization: 'Bearer api-token-for-the-callback-test' } });
    const withoutIss = new URL(await loginThroughForms(next.json['authorizationUrl'] as string, oauth.authorizationServer.user));
    withoutIss.searchParams.delete('iss');
    expect((await fetch(withoutIss)).status).toBe(400);
    expect(oauth.authorizationServer.stats.codeExchanges).toBe(0);
  });

  it('refuses a replayed code without presenting it again, so the login stays valid', async () => {
    const { oauth, hub, store } = await unauthorizedHub();
    const callback = await loginThroughForms(hub.core.serverInfo('protected').authorizationUrl!, oauth.authorizationServer.user);
    expect((await fetch(callback)).status).toBe(200);
    const stored = await oauthEntries(store);

    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('This hub is not waiting for this login');
    expect(await oauthEntries(store)).toEqual(stored);
    // Presenting a code twice makes the authorization server revoke what the first use issued.
    expect(oauth.authorizationServer.stats.codeExchanges).toBe(1);
    const call = await fetch(`${hub.url}/api/servers/tools`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer api-token-for-the-callback-test' },
      body: JSON.stringify({ server_name: 'protected', tool: 'whoami' }),
    });
    expect(call.status).toBe(200);
  });

  it('shows an error the authorization server returned, escaped, and ends that login', async () => {
    const { oauth, hub, store } = await unauthorizedHub();
    const before = await oauthEntries(store);
    const cancelled = await fetch(await loginThroughForms(hub.core.serverInfo('protected').authorizationUrl!, oauth.authorizationServer.user, { cancel: true }));
    expect(cancelled.status).toBe(400);
    const html = await cancelled.text();
    expect(html).toContain('<h1>Login to protected failed</h1>');
    expect(html).toContain('The authorization server did not grant access (access_denied: The user denied the request).');
    expect(await oauthEntries(store)).toEqual(before);
    expect(hub.core.serverInfo('protected')).toMatchObject({ status: 'unauthorized', authorizationUrl: null });

    // Whatever the callback carries is text on the page, never markup.
    const url = await callApi(hub.url, '/servers/authorize', { server_name: 'protected' }, { headers: { authorization: 'Bearer api-token-for-the-callback-test' } });
    const state = new URL(url.json['authorizationUrl'] as string).searchParams.get('state')!;
    const hostile = new URL(`${hub.url}/api/oauth/callback`);
    hostile.searchParams.set('state', state);
    hostile.searchParams.set('error', 'access_denied');
    hostile.searchParams.set('error_description', '<img src=x onerror=alert(1)> & "quotes"');
    hostile.searchParams.set('iss', oauth.authorizationServer.issuer);
    const escaped = await (await fetch(hostile)).text();
    expect(escaped).not.toContain('<img');
    expect(escaped).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34;');
  });

  it('refuses a login whose server was removed, or a callback without state (mcp-hub v4 style), and stores nothing', async () => {
    const { oauth, hub, store } = await unauthorizedHub();
    const before = await oauthEntries(store);
    const url = hub.core.serverInfo('protected').authorizationUrl!;
    const removed = await callApi(hub.url, '/servers/remove', { server_name: 'protected' }, { headers: { authorization: 'Bearer api-token-for-the-callback-test' } });
    expect(removed.status).toBe(200);
    const page = await fetch(await loginThroughForms(url, oauth.authorizationServer.user));
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Server &#39;protected&#39; is no longer configured in this hub');
    expect(await oauthEntries(store)).toEqual(before);
    expect(oauth.authorizationServer.stats.codeExchanges).toBe(0);

    const v4 = await fetch(`${hub.url}/api/oauth/callback?code=abc&server_name=unknown`);
    expect(v4.status).toBe(400);
    expect(await v4.text()).toContain('The address carries no state');
    expect(await oauthEntries(store)).toEqual(before);
  });
});

describe('secrets', () => {
  it('no token or code reaches an API response, an event or the log', async () => {
    const oauth = await world({ accessTokenTtlSeconds: 2 });
    const logDir = await tempDir('mcp-hub-oauth-log-');
    cleanups.push(() => removeDir(logDir));
    const redactor = new Redactor();
    // Every value the hub ever stores, to look for afterwards.
    const written: string[] = [];
    const memory = new MemorySecretStore();
    const store: SecretStore = {
      kind: 'memory',
      get: (account) => memory.get(account),
      set: async (account, value) => {
        written.push(value);
        await memory.set(account, value);
      },
      delete: (account) => memory.delete(account),
      list: () => memory.list(),
    };
    const { hub } = await hubWith(
      { protected: { url: oauth.mcpServer.url } },
      { store, hub: { redactor, logger: createLogger({ level: 'debug', file: join(logDir, 'hub.log'), redactor }) } },
    );
    const stream = await openEventStream(`${hub.url}/api/events`, { lastEventId: '1' });
    cleanups.push(async () => stream.close());

    const callback = new URL(await loginThroughForms(hub.core.serverInfo('protected').authorizationUrl!, oauth.authorizationServer.user));
    const code = callback.searchParams.get('code')!;
    expect((await callApi(hub.url, '/oauth/manual_callback', { url: callback.href })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    const texts: string[] = [];
    for (const path of ['/servers', '/health', '/config']) texts.push(JSON.stringify((await callApi(hub.url, path)).json));
    texts.push(JSON.stringify((await callApi(hub.url, '/servers/tools', { server_name: 'protected', tool: 'whoami' })).json));
    texts.push(JSON.stringify((await callApi(hub.url, '/servers/logs', { server_name: 'protected' })).json));
    texts.push(JSON.stringify((await callApi(hub.url, '/servers/logout', { server_name: 'protected' })).json));
    await waitFor(() => stream.frames.some((frame) => frame.data['type'] === 'servers_updated'), 'the events of the logout');
    texts.push(JSON.stringify(stream.frames));
    await hub.stop();
    // The log is written by a worker thread, and rolled (hub.log.1, …).
    texts.push(
      await waitFor(async () => {
        const logs = await Promise.all((await readdir(logDir)).map((file) => readFile(join(logDir, file), 'utf8')));
        const text = logs.join('\n');
        return text.includes('logged out') ? text : undefined;
      }, 'the log of the logout'),
    );

    expect(oauth.authorizationServer.stats.refreshes).toBeGreaterThanOrEqual(1);
    const secrets = written
      .map((value) => JSON.parse(value) as { tokens?: Record<string, string>; client_secret?: string })
      .flatMap((record) => [record.tokens?.['access_token'], record.tokens?.['refresh_token'], record.client_secret])
      .filter((value): value is string => typeof value === 'string');
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const everything = texts.join('\n');
    for (const secret of [...secrets, code]) expect(everything).not.toContain(secret);
    expect(everything).toContain('protected');
  });
});
