import type { Page } from '@playwright/test';
import { clientSnippets } from '../shared/client-snippets.js';
import { connectClient } from '../test/helpers.js';
import { expect, screenshot, test } from './fixtures.js';

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, name);
}

test('shows the endpoint and copy-ready snippets that a real client can use', async ({ page, context, hubFixture }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hubFixture.url });
  await page.goto(`${hubFixture.url}/#/connect`);
  const endpoint = `${hubFixture.url}/mcp`;
  await expect(page.locator('.endpoint-url').first()).toHaveText(endpoint);

  await page.getByRole('button', { name: 'Copy the endpoint URL' }).click();
  await expect(page.getByRole('button', { name: 'Copy the endpoint URL' })).toHaveText('✓ Copied');
  expect(String(await page.evaluate('navigator.clipboard.readText()'))).toBe(endpoint);

  const clients = page.getByRole('tablist', { name: 'Client' });
  const snippets = clientSnippets(endpoint);
  await expect(clients.getByRole('tab')).toHaveText([...snippets.map((snippet) => snippet.label), 'Other stdio clients']);
  await expect(page.getByRole('tabpanel')).toContainText(snippets.find((snippet) => snippet.id === 'claude-code')!.text);

  // Arrow keys move between clients, as in any tab list.
  await clients.getByRole('tab', { name: 'Claude Code' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(clients.getByRole('tab', { name: 'Cursor' })).toBeFocused();
  await expect(clients.getByRole('tab', { name: 'Cursor' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Copy the Cursor snippet' }).click();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  expect(copied).toBe(snippets.find((snippet) => snippet.id === 'cursor')!.text);
  const [entry] = Object.values((JSON.parse(copied) as { mcpServers: Record<string, { url: string }> }).mcpServers);
  const url = entry?.url ?? '';
  expect(url).toBe(endpoint);
  await shot(page, 'connect');

  // What was copied works: a real MCP client at that URL sees the hub's servers.
  const client = await connectClient(url);
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toContain('memory__read_graph');
  await client.close();

  await clients.getByRole('tab', { name: 'Other stdio clients' }).click();
  const port = new URL(hubFixture.url).port;
  await expect(page.getByLabel('Bridge command line', { exact: true })).toHaveText(`mcp-hub stdio --port ${port}`);

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await clients.getByRole('tab', { name: 'VS Code' }).click();
  await shot(page, 'connect-dark');
});

test('without a clipboard, copying selects the text instead', async ({ page, hubFixture }) => {
  await page.addInitScript({ content: "Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });" });
  await page.goto(`${hubFixture.url}/#/connect`);
  await page.getByRole('tab', { name: 'Gemini CLI' }).click();
  await page.getByRole('button', { name: 'Copy the Gemini CLI snippet' }).click();
  await expect(page.getByText('The clipboard is not available here: the text is selected')).toBeVisible();
  const selected = String(await page.evaluate('window.getSelection().toString()'));
  expect(selected).toBe(clientSnippets(`${hubFixture.url}/mcp`).find((snippet) => snippet.id === 'gemini-cli')!.text);
});

test('fits a narrow window', async ({ page, hubFixture }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.goto(`${hubFixture.url}/#/connect`);
  await page.getByRole('tab', { name: 'Claude Desktop' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('mcp-hub');
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(420);
  await shot(page, 'connect-narrow');
});
