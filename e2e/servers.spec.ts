import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { DEFAULT_SERVERS, expect, screenshot, test } from './fixtures.js';

/** The REST API, as another tool (or a person with curl) would use it while the UI is open. */
async function api(url: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const row = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });

/** Chromium reports CSP violations (and any other page error) on the console: none are allowed. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // Failed loads are judged by their address below (a browser's own favicon request may 404).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

test('the servers page lists every server live, and starts, stops, disables and enables them', async ({ page, hubFixture }) => {
  const problems = watchConsole(page);
  await page.goto(hubFixture.url);
  const everything = row(page, 'everything');
  await expect(everything.getByText('Connected', { exact: true })).toBeVisible();
  await expect(row(page, 'memory').getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '2 servers' })).toHaveText(/2 connected · 0 failing/);
  await expect(everything.getByRole('link', { name: /\d+ tools/ })).toBeVisible();
  await expect(everything.getByText('stdio')).toBeVisible();
  await expect(everything.getByText(hubFixture.configPath)).toBeVisible();
  // Uptime ticks in the window, without asking the hub.
  const uptime = everything.locator('dd', { has: page.locator('.tabular') }).first();
  const first = await uptime.textContent();
  await expect(uptime).not.toHaveText(first ?? '', { timeout: 3_000 });
  await screenshot(page, 'servers');

  // Stop from the UI: the status follows from the hub's events, no reload.
  await everything.getByRole('button', { name: 'Stop' }).click();
  await expect(everything.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(everything.getByRole('link', { name: '0 tools' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '2 servers' })).toHaveText(/1 connected/);
  await everything.getByRole('button', { name: 'Start' }).click();
  await expect(everything.getByText('Connected', { exact: true })).toBeVisible();

  // Stopped by someone else (the REST API): the UI follows.
  await api(hubFixture.url, '/servers/stop', { server_name: 'memory' });
  await expect(row(page, 'memory').getByText('Stopped', { exact: true })).toBeVisible();
  await api(hubFixture.url, '/servers/start', { server_name: 'memory' });
  await expect(row(page, 'memory').getByText('Connected', { exact: true })).toBeVisible();

  // Disable writes "disabled" into the config file; Enable removes it and starts the server.
  await row(page, 'memory').getByRole('button', { name: 'Disable' }).click();
  await expect(row(page, 'memory').getByText('Disabled', { exact: true })).toBeVisible();
  expect(JSON.parse(await readFile(hubFixture.configPath, 'utf8'))).toMatchObject({ mcpServers: { memory: { disabled: true } } });
  await row(page, 'memory').getByRole('button', { name: 'Enable' }).click();
  await expect(row(page, 'memory').getByText('Connected', { exact: true })).toBeVisible();
  const config = JSON.parse(await readFile(hubFixture.configPath, 'utf8')) as { mcpServers: Record<string, Record<string, unknown>> };
  expect(config.mcpServers['memory']!['disabled']).toBeUndefined();

  // Restart: a new process.
  await page.getByRole('link', { name: 'everything', exact: true }).click();
  // server-everything is a 2025-era server: the hub's probe fell back to the handshake.
  await expect(page.locator('dt:text-is("MCP protocol") + dd')).toContainText('2025-11-25');
  const pid = page.locator('dt:text-is("Process id") + dd');
  const before = await pid.textContent();
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('button', { name: 'Restart' })).toBeEnabled();
  await expect(pid).not.toHaveText(before ?? '');
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  expect(problems).toEqual([]);
});

test('an operation the hub refuses shows its message inline', async ({ page, hubFixture }) => {
  await page.goto(hubFixture.url);
  const memory = row(page, 'memory');
  await expect(memory.getByText('Connected', { exact: true })).toBeVisible();
  // Removed behind the page's back: the next click is answered with the hub's 404.
  await page.route('**/api/servers/stop*', (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: "Server 'memory' not found", code: 'SERVER_NOT_FOUND', data: {}, timestamp: new Date().toISOString() }) }),
  );
  await memory.getByRole('button', { name: 'Stop' }).click();
  await expect(memory.getByRole('alert')).toHaveText(/Could not stop memory: Server 'memory' not found/);
  await memory.getByRole('button', { name: 'Dismiss' }).click();
  await expect(memory.getByRole('alert')).toHaveCount(0);
});

test('a server detail page per tab, and its live log', async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/servers/everything`);
  await expect(page.getByRole('heading', { level: 1, name: 'everything' })).toBeVisible();
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Tools \d+$/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('listitem', { name: 'echo' })).toBeVisible();
  await page.getByRole('listitem', { name: 'echo' }).getByText('Input schema').click();
  await expect(page.getByRole('group', { name: 'Input schema of echo' })).toContainText('"Message to echo"');
  await screenshot(page, 'server-tools');

  await page.getByRole('link', { name: /^Resources \d+$/ }).click();
  await expect(page).toHaveURL(/#\/servers\/everything\/resources$/);
  await expect(page.getByRole('list', { name: 'Resource templates' }).getByRole('listitem').first()).toBeVisible();
  await screenshot(page, 'server-resources');

  await page.getByRole('link', { name: /^Prompts \d+$/ }).click();
  await expect(page.getByRole('list', { name: 'Arguments of args-prompt' })).toContainText('city');
  await screenshot(page, 'server-prompts');

  await page.getByRole('link', { name: 'Log', exact: true }).click();
  await expect(page).toHaveURL(/#\/servers\/everything\/log$/);
  const log = page.getByRole('log', { name: 'Log of everything' });
  await expect(log.getByRole('listitem').first()).toBeVisible();
  const lines = await log.getByRole('listitem').count();
  // A restart logs more lines; they arrive without a reload.
  await api(hubFixture.url, '/servers/stop', { server_name: 'everything' });
  await api(hubFixture.url, '/servers/start', { server_name: 'everything' });
  await expect.poll(() => log.getByRole('listitem').count()).toBeGreaterThan(lines);
  await screenshot(page, 'server-log');

  // Filters: a search that matches nothing, then the level filter.
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('no line says this');
  await expect(log).toHaveText(/No line matches/);
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('');
  await page.getByRole('combobox', { name: 'Lowest level shown' }).selectOption('emergency');
  await expect(log).toHaveText(/No line matches/);
});

test('dark theme and a narrow window', async ({ page, hubFixture }) => {
  await page.goto(hubFixture.url);
  await expect(row(page, 'everything').getByText('Connected', { exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'servers-dark');
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'servers-narrow-dark');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  await screenshot(page, 'servers-narrow');
  // Nothing wider than the window.
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(420);
  await page.goto(`${hubFixture.url}/#/servers/everything/tools/get-sum`);
  await expect(page.getByRole('heading', { name: 'Run get-sum' })).toBeVisible();
  await screenshot(page, 'server-narrow');
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(420);
});

test.describe('with a server that cannot start', () => {
  test.use({ servers: { ...DEFAULT_SERVERS, broken: { command: 'mcp-hub-e2e-no-such-command' } } });
  test('shows its error, its restarts and the failing count', async ({ page, hubFixture }) => {
    await page.goto(hubFixture.url);
    const broken = row(page, 'broken');
    await expect(broken.getByText('Error', { exact: true })).toBeVisible();
    await expect(broken.getByRole('alert')).toContainText('Last error:');
    await expect(page.getByRole('status').filter({ hasText: '3 servers' })).toHaveText(/1 failing/);
    await expect(broken.getByText(/Gave up after \d+ restarts|Restart \d+ of \d+/)).toBeVisible();
    await expect(row(page, 'everything').getByText('Connected', { exact: true })).toBeVisible();
    await screenshot(page, 'servers-failing');
    await broken.getByRole('link', { name: 'broken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'broken' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No tools to show' })).toBeVisible();
    await page.getByRole('link', { name: 'Log', exact: true }).click();
    await expect(page.getByRole('log', { name: 'Log of broken' })).toContainText(/ENOENT|not found|restart/i);
    await screenshot(page, 'server-log-failing');
  });
});

test.describe('with no servers', () => {
  test.use({ servers: {} });
  test('points to the config and the marketplace', async ({ page, hubFixture }) => {
    await page.goto(hubFixture.url);
    await expect(page.getByRole('heading', { name: 'No servers configured' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'config' })).toHaveAttribute('href', '#/config');
    await expect(page.getByRole('main').getByRole('link', { name: 'marketplace' })).toHaveAttribute('href', '#/marketplace');
    await screenshot(page, 'servers-empty');
  });
});

test('an unknown server has its own empty state', async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/servers/nosuch`);
  await expect(page.getByRole('heading', { name: 'No server named nosuch' })).toBeVisible();
});
