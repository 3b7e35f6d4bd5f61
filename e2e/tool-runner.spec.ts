import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.js';

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

/**
 * The runner panel sticks beside a long list: screenshots start from the top of the page, and a
 * second one (`<name>-view`) shows only the window, runner and result in view, for the README.
 */
async function topScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, name);
  await page.screenshot({ path: fileURLToPath(new URL(`../test-results/screenshots/${name}-view.png`, import.meta.url)) });
}

const result = (page: Page) => page.getByRole('region', { name: 'Result' });
const runner = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
const field = (page: Page, title: string, name: string) => runner(page, title).getByLabel(new RegExp(`^${name}\\b`));

test('runs tools of everything from forms generated from their schemas, under the real CSP', async ({ page, hubFixture }) => {
  const problems = watchConsole(page);
  const response = await page.goto(`${hubFixture.url}/#/servers/everything/tools`);
  // The forms are validated under the UI's real policy: scripts from the hub only, no eval.
  const csp = (await response!.allHeaders())['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');

  await page.getByRole('link', { name: 'Run echo' }).click();
  await expect(page).toHaveURL(/#\/servers\/everything\/tools\/echo$/);
  await expect(page.getByRole('heading', { name: 'Run echo' })).toBeVisible();
  await field(page, 'Run echo', 'message').fill('hello from the hub');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(result(page)).toContainText('Echo: hello from the hub');
  await expect(result(page)).toContainText(/Took \d+(\.\d+)? m?s/);
  await topScreenshot(page, 'tool-runner');

  // The form and the last result survive a live update of the servers: a start of the running
  // server through the REST API announces servers_updated, and the page re-reads every server.
  await field(page, 'Run echo', 'message').fill('edited, not run yet');
  const reread = page.waitForResponse((res) => res.url().endsWith('/api/servers'));
  const started = await fetch(`${hubFixture.url}/api/servers/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"server_name":"everything"}' });
  expect(started.status).toBe(200);
  await reread;
  await expect(field(page, 'Run echo', 'message')).toHaveValue('edited, not run yet');
  await expect(result(page)).toContainText('Echo: hello from the hub');

  // get-sum: numbers; the form checks what is required before anything is sent.
  await page.getByRole('link', { name: 'Run get-sum' }).click();
  await expect(page.getByRole('heading', { name: 'Run get-sum' })).toBeVisible();
  let calls = 0;
  page.on('request', (req) => {
    if (req.url().endsWith('/api/servers/tools')) calls++;
  });
  await field(page, 'Run get-sum', 'a').fill('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('is required')).toBeVisible();
  expect(calls).toBe(0);
  await field(page, 'Run get-sum', 'b').fill('3.5');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(result(page)).toContainText('The sum of 2 and 3.5 is 5.5.');
  expect(calls).toBe(1);

  // Back to echo: what was typed there is still there.
  await page.getByRole('link', { name: 'Run echo' }).click();
  await expect(field(page, 'Run echo', 'message')).toHaveValue('edited, not run yet');
  await expect(result(page)).toContainText('Echo: hello from the hub');

  // An image result.
  await page.getByRole('link', { name: 'Run get-tiny-image' }).click();
  await expect(page.getByText('This tool takes no arguments.')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const image = result(page).getByRole('img', { name: 'Image (image/png)' });
  await expect(image).toBeVisible();
  // Decoded, not a broken image: the CSP allows data: images.
  await expect(image).toHaveJSProperty('naturalWidth', 20);
  await topScreenshot(page, 'tool-runner-image');

  // Resource links in a result lead to the resource reader.
  await page.getByRole('link', { name: 'Run get-resource-links' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(result(page).getByRole('link', { name: 'Read this resource' }).first()).toBeVisible();
  await result(page).getByRole('link', { name: 'Read this resource' }).first().click();
  await expect(page).toHaveURL(/#\/servers\/everything\/resources\/demo/);
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(result(page)).toContainText(/Resource \d+/);
  expect(problems).toEqual([]);
});

test('reads resources, fills resource templates and gets prompts', async ({ page, hubFixture }) => {
  const problems = watchConsole(page);
  await page.goto(`${hubFixture.url}/#/servers/everything/resources`);
  const resources = page.getByRole('list', { name: 'Resources' });
  await resources.getByRole('link', { name: 'Read features.md' }).click();
  await expect(page.getByRole('heading', { name: 'Read features.md' })).toBeVisible();
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(result(page)).toContainText('Everything Server - Features');
  await expect(result(page)).toContainText(/Took \d+/);
  await topScreenshot(page, 'tool-runner-resource');

  await page.getByRole('link', { name: 'Use template Dynamic Text Resource' }).click();
  await field(page, 'Read from Dynamic Text Resource', 'resourceId').fill('7');
  await expect(page.getByText('demo://resource/dynamic/text/7')).toBeVisible();
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(result(page)).toContainText('Resource 7: This is a plaintext resource');

  // Any URI, typed in.
  await page.getByLabel('Read a resource by URI').fill('demo://resource/dynamic/text/3');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(result(page)).toContainText('Resource 3');

  await page.getByRole('link', { name: /^Prompts \d+$/ }).click();
  await page.getByRole('link', { name: 'Get args-prompt' }).click();
  await page.getByRole('button', { name: 'Get prompt' }).click();
  await expect(page.getByText('is required')).toBeVisible();
  await field(page, 'Get args-prompt', 'city').fill('Lisbon');
  await page.getByRole('button', { name: 'Get prompt' }).click();
  await expect(result(page)).toContainText("What's weather in Lisbon?");
  await expect(result(page)).toContainText('user');
  await topScreenshot(page, 'tool-runner-prompt');
  expect(problems).toEqual([]);
});

test('a failed call shows the hub message and keeps the form', async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/servers/everything/tools/echo`);
  await field(page, 'Run echo', 'message').fill('kept');
  await page.route('**/api/servers/tools', (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: "Server 'everything' is not connected (status: error)", code: 'SERVER_NOT_CONNECTED', data: {}, timestamp: new Date().toISOString() }) }),
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(result(page).getByRole('alert')).toHaveText(/Server 'everything' is not connected.*SERVER_NOT_CONNECTED/);
  await expect(field(page, 'Run echo', 'message')).toHaveValue('kept');
});
