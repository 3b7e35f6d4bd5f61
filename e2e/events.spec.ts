import type { Page } from '@playwright/test';
import { connectClient } from '../test/helpers.js';
import { expect, screenshot, test } from './fixtures.js';

async function api(url: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}/api${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

test('the events page shows tool calls made by a separate MCP client, with filters and pause', async ({ page, hubFixture }) => {
  const problems = watchConsole(page);
  await page.goto(`${hubFixture.url}/#/events`);
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
  // Events reach the window only while its stream is open.
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  // Some of the hub's own events around the tool calls.
  await api(hubFixture.url, '/servers/stop', { server_name: 'memory' });
  await api(hubFixture.url, '/servers/start', { server_name: 'memory' });
  await expect(page.getByRole('option').filter({ hasText: 'memory: connecting → connected' })).toHaveCount(1);

  const client = await connectClient(`${hubFixture.url}/mcp`);
  try {
    await client.callTool({ name: 'everything__echo', arguments: { message: 'from another client' } });
    await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 0.4, steps: 2 } });

    const list = page.getByRole('listbox', { name: 'Events' });
    const echo = list.getByRole('option').filter({ hasText: 'everything · echo via mcp' });
    const slow = list.getByRole('option').filter({ hasText: 'everything · trigger-long-running-operation via mcp' });
    await expect(echo).toHaveCount(1);
    await expect(echo).toContainText(/\d+ ms/);
    await expect(slow).toContainText(/[3-9]\d\d ms|\d\.\d+ s/);
    await expect(page.getByRole('checkbox', { name: 'tool_call (2)' })).toBeChecked();

    // The detail view, from a click and then from the keyboard.
    await slow.click();
    const detail = page.getByRole('region', { name: 'Event details' });
    await expect(detail.getByRole('heading', { name: 'tool_call' })).toBeVisible();
    await expect(detail.getByRole('link', { name: 'everything' })).toHaveAttribute('href', '#/servers/everything');
    await expect(detail.getByText('trigger-long-running-operation', { exact: true })).toBeVisible();
    await expect(detail.getByText('an MCP client on /mcp')).toBeVisible();
    await expect(detail.getByLabel('Event data as JSON')).toContainText('"durationMs"');
    await screenshot(page, 'events');
    await list.press('ArrowDown');
    await expect(detail.getByText('echo', { exact: true })).toBeVisible();

    // Type filters.
    await page.getByRole('checkbox', { name: /^tool_call/ }).uncheck();
    await expect(echo).toHaveCount(0);
    await page.getByRole('checkbox', { name: /^tool_call/ }).check();
    await expect(echo).toHaveCount(1);

    // Search.
    await page.getByRole('searchbox', { name: 'Search events' }).fill('long-running');
    await expect(list.getByRole('option')).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Search events' }).fill('');

    // Pause: new events are held and counted, and appear on resume.
    await page.getByRole('button', { name: 'Pause' }).click();
    await client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
    await expect(page.getByRole('button', { name: /^Resume \(\d+ held\)$/ })).toBeVisible();
    await expect(page.getByText(/Paused: \d+ new events? held/)).toBeVisible();
    const sum = list.getByRole('option').filter({ hasText: 'everything · get-sum via mcp' });
    await expect(sum).toHaveCount(0);
    await page.getByRole('button', { name: /^Resume \(\d+ held\)$/ }).click();
    await expect(sum).toHaveCount(1);

    // Dark theme, and a narrow window.
    await slow.click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await screenshot(page, 'events-dark');
    await page.setViewportSize({ width: 420, height: 800 });
    await expect(detail).toBeVisible();
    await screenshot(page, 'events-narrow');
  } finally {
    await client.close();
  }
  expect(problems).toEqual([]);
});
