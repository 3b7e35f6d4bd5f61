import { readFile, writeFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';

test('a config file broken on disk is shown on every page until it is fixed', async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/servers`);
  await expect(page.getByRole('listitem', { name: 'memory' })).toBeVisible();
  const good = await readFile(hubFixture.configPath, 'utf8');
  await writeFile(hubFixture.configPath, good.replace('"mcpServers": {', '"mcpServers": {,'));

  const banner = page.getByRole('alert').filter({ hasText: 'A config file has an error' });
  await expect(banner).toContainText(`${hubFixture.configPath}:2:`);
  // The servers keep running on the last good config.
  await expect(page.getByRole('listitem', { name: 'memory' }).getByText('Connected', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Events' }).click();
  await expect(banner).toBeVisible();
  await banner.getByRole('link', { name: 'Fix it' }).click();
  await expect(page).toHaveURL(/#\/config$/);

  await writeFile(hubFixture.configPath, good);
  await expect(banner).toHaveCount(0);
});
