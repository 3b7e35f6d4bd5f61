import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Page } from '@playwright/test';
import { node, SERVERS } from '../test/helpers.js';
import { expect, screenshot, test } from './fixtures.js';

// A server that exits at once: the hub waits a minute before each restart, and the header must
// count it as failing while it waits (it has not given up, so its status is not `error`).
test.use({
  servers: { memory: { command: node, args: [SERVERS.memory] }, crashy: { command: node, args: ['-e', 'process.exit(3)'] } },
  hubOptions: { restartPolicy: { initialDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 6, stableAfterMs: 60_000 } },
});

const clientsTable = (page: Page) => page.getByRole('table', { name: /Connected clients/ });
const clientRow = (page: Page, name: string) => clientsTable(page).getByRole('row', { name, exact: true });

test('real MCP clients appear on the Servers page as they connect, and go when they leave', async ({ page, hubFixture }) => {
  await page.goto(hubFixture.url);
  await expect(page.getByRole('heading', { name: 'Connected clients (0)' })).toBeVisible();
  await expect(page.getByText('No MCP client is connected to the hub now.')).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'crashy' })).toContainText('Restart 1 of 6 in');
  await expect(page.getByRole('status').filter({ hasText: '2 servers' })).toHaveText('2 servers · 1 connected · 1 failing');

  const editor = new Client({ name: 'e2e-editor', version: '3.4.5' }, { capabilities: { roots: {} } });
  const editorTransport = new StreamableHTTPClientTransport(new URL(`${hubFixture.url}/mcp`));
  const agent = new Client({ name: 'e2e-agent', version: '0.9.1' }, { capabilities: {} });
  try {
    await editor.connect(editorTransport);
    await expect(clientRow(page, 'e2e-editor')).toContainText('e2e-editor 3.4.5');
    await expect(clientRow(page, 'e2e-editor')).toContainText('Streamable HTTP');
    await expect(clientRow(page, 'e2e-editor').getByRole('cell', { name: '/mcp', exact: true })).toBeVisible();
    await expect(clientRow(page, 'e2e-editor').getByRole('cell', { name: 'roots', exact: true })).toBeVisible();

    // A second client, over the legacy SSE transport of one server's own endpoint.
    await agent.connect(new SSEClientTransport(new URL(`${hubFixture.url}/mcp/memory`)));
    await expect(page.getByRole('heading', { name: 'Connected clients (2)' })).toBeVisible();
    await expect(clientRow(page, 'e2e-agent')).toContainText('SSE (legacy)');
    await expect(clientRow(page, 'e2e-agent').getByRole('cell', { name: '/mcp/memory', exact: true })).toBeVisible();
    await expect(clientRow(page, 'e2e-agent').getByRole('cell', { name: 'none', exact: true })).toBeVisible();

    // A later request shows as the last one, live: its time moves away from the connection's.
    const connected = clientRow(page, 'e2e-agent').getByRole('cell').nth(3);
    const lastRequest = clientRow(page, 'e2e-agent').getByRole('cell').nth(4);
    await expect(connected).toHaveText(/^([3-9]|\d\d)s ago$/);
    const { tools } = await agent.listTools();
    expect(tools.map((tool) => tool.name)).toContain('read_graph');
    const seconds = async (cell: typeof connected) => Number((await cell.textContent())?.match(/^(\d+)s ago$/)?.[1]);
    await expect.poll(async () => (await seconds(connected)) - (await seconds(lastRequest))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'connected-clients');

    // The editor ends its session (DELETE /mcp): it leaves the list, the agent stays.
    await editorTransport.terminateSession();
    await editor.close();
    await expect(clientRow(page, 'e2e-editor')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Connected clients (1)' })).toBeVisible();
    await expect(clientRow(page, 'e2e-agent')).toBeVisible();

    // Closing the SSE stream ends the other one.
    await agent.close();
    await expect(page.getByText('No MCP client is connected to the hub now.')).toBeVisible();
  } finally {
    await Promise.allSettled([editor.close(), agent.close()]);
  }
});

test.describe('a 2026-07-28 client, which has no session', () => {
  test.use({ servers: { memory: { command: node, args: [SERVERS.memory] } }, hubOptions: { sessionIdleTimeoutMs: 2_000 } });

  test('is listed with the version it speaks while it makes requests, and goes once it has been quiet', async ({ page, hubFixture }) => {
    await page.goto(hubFixture.url);
    await expect(page.getByRole('heading', { name: 'Connected clients (0)' })).toBeVisible();
    const modern = new ModernClient({ name: 'e2e-modern', version: '2.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
    try {
      await modern.connect(new ModernTransport(new URL(`${hubFixture.url}/mcp`)));
      expect((await modern.listTools()).tools.map((tool) => tool.name)).toContain('memory__read_graph');
      await expect(clientRow(page, 'e2e-modern')).toContainText('e2e-modern 2.0.0');
      await expect(clientRow(page, 'e2e-modern')).toContainText('Streamable HTTP 2026-07-28');
    } finally {
      await modern.close();
    }
    await expect(page.getByText('No MCP client is connected to the hub now.')).toBeVisible({ timeout: 10_000 });
  });
});
