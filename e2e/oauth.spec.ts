import type { Page } from '@playwright/test';
import { startOAuthWorld, type OAuthWorld } from '../test/fixtures/oauth/oauth-world.js';
import { connectClient } from '../test/helpers.js';
import { expect, screenshot, test as base } from './fixtures.js';

/**
 * OAuth login in a real browser: the hub's UI asks the hub for a login, Chromium goes through the
 * real authorization server's pages (oidc-provider), and lands on the hub's callback page.
 */
const test = base.extend<{ servers: Record<string, unknown> }, { world: OAuthWorld }>({
  world: [
    // Playwright reads a fixture's dependencies from its first parameter, which must be a pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const world = await startOAuthWorld();
      await use(world);
      await world.close();
    },
    { scope: 'worker' },
  ],
  servers: async ({ world }, use) => use({ protected: { url: world.mcpServer.url } }),
});

/** Page errors and Content-Security-Policy violations, which Chromium reports on the console. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

async function openLogin(page: Page, url: string): Promise<Page> {
  await page.goto(url);
  const row = page.getByRole('listitem', { name: 'protected', exact: true });
  await expect(row.getByText('Needs login', { exact: true })).toBeVisible();
  const popup = page.waitForEvent('popup');
  await row.getByRole('button', { name: 'Log in to protected' }).click();
  const login = await popup;
  await expect(login.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  return login;
}

test('Chromium completes the login form of the authorization server, and the hub connects', async ({ page, hubFixture, world }) => {
  const problems = watchConsole(page);
  const login = await openLogin(page, hubFixture.url);
  const loginProblems = watchConsole(login);

  await login.getByLabel('Login').fill(world.authorizationServer.user.login);
  await login.getByLabel('Password').fill('not the password');
  await login.getByRole('button', { name: 'Sign in' }).click();
  await expect(login.getByRole('alert')).toHaveText('Wrong login or password.');
  await login.getByLabel('Login').fill(world.authorizationServer.user.login);
  await login.getByLabel('Password').fill(world.authorizationServer.user.password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await login.getByRole('button', { name: 'Allow' }).click();

  await expect(login).toHaveURL(new RegExp(`^${hubFixture.url}/api/oauth/callback\\?`));
  await expect(login.getByRole('heading', { name: 'Logged in to protected' })).toBeVisible();
  await expect(login.getByText("MCP Hub is connected to 'protected' (1 tool).")).toBeVisible();
  // The page's one inline style is allowed by its hash: the heading has its colour.
  await expect(login.getByRole('heading')).toHaveCSS('color', 'rgb(23, 119, 58)');
  await screenshot(login, 'oauth-logged-in');

  const row = page.getByRole('listitem', { name: 'protected', exact: true });
  await expect(row.getByText('Connected', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Log in to protected' })).toHaveCount(0);

  const client = await connectClient(`${hubFixture.url}/mcp`);
  try {
    const result = await client.callTool({ name: 'protected__whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'signed in as alice' }]);
  } finally {
    await client.close();
  }
  expect(problems).toEqual([]);
  expect(loginProblems).toEqual([]);
});

test('cancelling at the authorization server shows why on the hub, and the server still needs a login', async ({ page, hubFixture }) => {
  const login = await openLogin(page, hubFixture.url);
  await login.getByRole('link', { name: 'Cancel' }).click();
  await expect(login.getByRole('heading', { name: 'Login to protected failed' })).toBeVisible();
  await expect(login.getByText('The authorization server did not grant access (access_denied: The user denied the request).')).toBeVisible();
  await expect(login.getByText('Nothing was stored.', { exact: false })).toBeVisible();
  await screenshot(login, 'oauth-cancelled');
  expect(hubFixture.hub.core.serverInfo('protected').status).toBe('unauthorized');
  await expect(page.getByRole('listitem', { name: 'protected', exact: true }).getByRole('button', { name: 'Log in to protected' })).toBeVisible();
});
