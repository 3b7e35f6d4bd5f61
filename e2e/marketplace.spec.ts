import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { FixtureEntry } from '../test/fixtures/registry/entries.js';
import { startTestRegistry, type TestRegistry } from '../test/fixtures/registry/server.js';
import { removeDir, tempDir } from '../test/helpers.js';
import { DEFAULT_SERVERS, expect, screenshot, test as base } from './fixtures.js';

/**
 * The marketplace on a test registry (test/fixtures/registry) with every kind of entry. Its
 * server-memory entry names the npm package at the version installed in this repository, so the
 * install is real: the hub writes `npx -y @modelcontextprotocol/server-memory@<version>`, and npx
 * finds the package in node_modules. npm is kept offline for the servers, so nothing is downloaded.
 */
const test = base.extend<{ registry: TestRegistry }>({
  // Playwright reads which fixtures a fixture needs from this pattern, so it must be there even when empty.
  // eslint-disable-next-line no-empty-pattern
  registry: async ({}, use) => {
    const registry = await startTestRegistry();
    await use(registry);
    await registry.close();
  },
  hubOptions: async ({ registry }, use) => {
    const cacheDir = await tempDir('mcp-hub-e2e-cache-');
    await use({
      marketplace: { registries: [registry.url], cacheDir },
      env: { ...process.env, MCP_HUB_ENV: JSON.stringify({ npm_config_offline: 'true' }) },
    });
    await removeDir(cacheDir);
  },
});
// No memory server yet: it comes from the marketplace.
test.use({ servers: { everything: DEFAULT_SERVERS['everything'] } });

const MEMORY = 'io.github.modelcontextprotocol/server-memory';

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

const card = (page: Page, name: string) => page.getByRole('list', { name: 'Marketplace servers' }).getByRole('listitem', { name, exact: true });

/** A modal dialog covers the viewport only, so a full-page screenshot would show it over half a page. */
async function dialogScreenshot(page: Page, name: string): Promise<void> {
  const dir = fileURLToPath(new URL('../test-results/screenshots', import.meta.url));
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png` });
}

function publishNewerVersion(registry: TestRegistry, name: string, version: string): void {
  const official = (entry: FixtureEntry) => entry._meta['io.modelcontextprotocol.registry/official'];
  const current = registry.entries.find((entry) => entry.server.name === name && official(entry).isLatest)!;
  official(current).isLatest = false;
  const newer = structuredClone(current);
  newer.server.version = version;
  for (const pkg of newer.server['packages'] as { version: string }[]) pkg.version = version;
  const now = new Date().toISOString();
  Object.assign(official(newer), { isLatest: true, publishedAt: now, updatedAt: now });
  registry.entries.push(newer);
}

test('search the marketplace, read an entry, install a real npm server, see it connect, installed and updatable', async ({ page, hubFixture, registry }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${hubFixture.url}/#/marketplace`);
  await expect(card(page, 'Weather')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^\d+ servers$/ })).toBeVisible();
  await screenshot(page, 'marketplace');

  // Search as you type, and filters.
  const search = page.getByRole('searchbox', { name: 'Search the marketplace' });
  await search.pressSequentially('memo', { delay: 30 });
  await expect(page.getByRole('status').filter({ hasText: '1 server match' })).toBeVisible();
  await expect(card(page, 'server-memory')).toBeVisible();
  await expect(card(page, 'Weather')).toHaveCount(0);
  await search.fill('');
  await page.getByLabel('Package type').selectOption('pypi');
  await expect(card(page, 'postgres')).toBeVisible();
  await expect(card(page, 'server-memory')).toHaveCount(0);
  await page.getByLabel('Package type').selectOption('');
  await page.getByLabel('Status').selectOption('deprecated');
  await expect(page.getByRole('list', { name: 'Marketplace servers' }).getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Transport').selectOption('sse');
  await expect(card(page, 'tenant-crm')).toBeVisible();
  await expect(card(page, 'Weather')).toHaveCount(0);
  await page.getByLabel('Transport').selectOption('');

  // The runtime check: uvx is there or the details say what to install.
  await card(page, 'postgres').getByRole('button', { name: 'postgres' }).click();
  const details = page.getByRole('complementary', { name: 'Server details' });
  await expect(details.getByText(/Needs uvx: found at|uvx was not found on PATH/)).toBeVisible();

  // Details: description, repository, versions, and what it needs.
  await card(page, 'Weather').getByRole('button', { name: 'Weather' }).click();
  await expect(details.getByRole('heading', { name: 'Weather', level: 2 })).toBeVisible();
  await expect(details.getByText('Forecasts and current conditions from OpenWeather')).toBeVisible();
  await expect(details.getByRole('link', { name: 'https://github.com/example/weather-mcp' })).toBeVisible();
  const versions = details.getByRole('region', { name: 'Versions' });
  await expect(versions.getByRole('listitem')).toHaveText([/1\.2\.0.*latest/, /1\.1\.0/]);
  const needs = details.getByRole('table', { name: /What npm @example\/weather-mcp 1.2.0 needs/ });
  await expect(needs.getByRole('row', { name: /OPENWEATHER_API_KEY.*required.*secret/ })).toBeVisible();
  await expect(needs.getByRole('row', { name: /--units.*optional.*metric/ })).toBeVisible();
  await screenshot(page, 'marketplace-details');

  // The install dialog: declared values, the secret masked; Escape closes it.
  await details.getByRole('button', { name: 'Install…' }).click();
  const weather = page.getByRole('dialog', { name: 'Install Weather' });
  await expect(weather.getByLabel(/OPENWEATHER_API_KEY/)).toHaveAttribute('type', 'password');
  await weather.getByLabel(/OPENWEATHER_API_KEY/).fill('sk-not-a-real-key');
  await expect(weather.getByLabel('Server name')).toHaveValue('weather');
  await dialogScreenshot(page, 'marketplace-install');
  await weather.getByRole('button', { name: 'Install' }).press('Escape');
  await expect(weather).toHaveCount(0);

  // Install server-memory for real.
  await search.fill('memory');
  await card(page, 'server-memory').getByRole('button', { name: 'server-memory' }).click();
  await expect(details.getByText(/Needs npx: found at/)).toBeVisible();
  await details.getByRole('button', { name: 'Install…' }).click();
  const install = page.getByRole('dialog', { name: 'Install server-memory' });
  await expect(install.getByLabel('Server name')).toHaveValue('memory');
  await expect(install.getByText('Nothing to fill in.')).toBeVisible();
  await install.getByRole('button', { name: 'Install' }).click();

  const installed = page.getByRole('dialog', { name: 'Installed memory' });
  await expect(installed.getByText('Connected', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(installed.getByRole('list', { name: 'Tools of memory' }).getByText('create_entities', { exact: true })).toBeVisible();
  await dialogScreenshot(page, 'marketplace-installed');
  expect(await readFile(hubFixture.configPath, 'utf8')).toContain('@modelcontextprotocol/server-memory@2026.8.31');
  await installed.getByRole('button', { name: 'Done' }).click();

  // Marked installed, without a reload.
  await expect(card(page, 'server-memory').getByText('Installed', { exact: true })).toBeVisible();
  await expect(details.getByRole('region', { name: 'Installed as' })).toContainText('memory runs 2026.8.31');
  await expect(card(page, 'server-memory').getByText('Update available')).toHaveCount(0);

  // The registry publishes a newer version: a refresh shows the update.
  publishNewerVersion(registry, MEMORY, '2026.9.1');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(card(page, 'server-memory').getByText('Update available')).toBeVisible();
  await expect(details.getByRole('region', { name: 'Installed as' })).toContainText('2026.9.1 is available');
  await screenshot(page, 'marketplace-update');

  // The server page lists its tools.
  await page.goto(`${hubFixture.url}/#/servers/memory/tools`);
  await expect(page.getByText('create_entities').first()).toBeVisible();

  // Narrow window: the details replace the list, and go back to it.
  await page.goto(`${hubFixture.url}/#/marketplace`);
  await page.setViewportSize({ width: 420, height: 900 });
  await card(page, 'Weather').getByRole('button', { name: 'Weather' }).click();
  await expect(details.getByRole('heading', { name: 'Weather', level: 2 })).toBeVisible();
  await expect(card(page, 'Weather')).toBeHidden();
  await screenshot(page, 'marketplace-narrow');
  await details.getByRole('button', { name: '← Back to results' }).click();
  await expect(card(page, 'Weather').getByRole('button', { name: 'Weather' })).toBeFocused();
  expect(problems).toEqual([]);
});
