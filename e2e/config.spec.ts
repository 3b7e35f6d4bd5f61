import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { node, SERVERS, waitFor } from '../test/helpers.js';
import { expect, screenshot, test } from './fixtures.js';

/** Chromium reports CSP violations (and any other page error) on the console: none are allowed. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** A full-page screenshot from the top, so the sticky top bar sits where it belongs. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, name);
}

const rawEditor = (page: Page) => page.getByRole('textbox', { name: /^Config file / });

/** Replaces the raw editor's whole text, as a paste would. */
async function replaceText(page: Page, text: string): Promise<void> {
  await rawEditor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

async function editorText(page: Page): Promise<string> {
  return rawEditor(page).evaluate((element) => [...element.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n'));
}

const serverList = (page: Page) => page.getByRole('navigation', { name: 'Servers in the config' });

test('adds a server through the form, checked as typed, and it connects', async ({ page, hubFixture }) => {
  const problems = watchConsole(page);
  await page.goto(`${hubFixture.url}/#/config`);
  await expect(page.getByText(hubFixture.configPath)).toBeVisible();
  await page.getByRole('button', { name: '+ Add server' }).click();

  const form = page.getByRole('form', { name: 'New server' });
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(form.getByText('a name is required')).toBeVisible();
  await expect(form.getByText('a command is required (the program that runs the server)')).toBeVisible();

  await form.getByLabel('Server name', { exact: true }).fill('memory');
  await expect(form.getByText('a server named memory already exists')).toBeVisible();
  await form.getByLabel('Server name', { exact: true }).fill('brain');
  await form.getByLabel('Command', { exact: true }).fill(node);
  await form.getByRole('button', { name: 'Add argument' }).click();
  await form.getByLabel('Argument 1', { exact: true }).fill(SERVERS.memory);
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Variable name 1', { exact: true }).fill('MEMORY=FILE');
  await expect(form.getByText('environment variable names must be non-empty and contain no "=" or NUL')).toBeVisible();
  await form.getByLabel('Variable name 1', { exact: true }).fill('MEMORY_FILE_PATH');
  await form.getByLabel('Value of MEMORY_FILE_PATH', { exact: true }).fill(`${hubFixture.dir}/brain.jsonl`);
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Variable name 2', { exact: true }).fill('API_TOKEN');
  await form.getByLabel('Value of API_TOKEN', { exact: true }).fill('sk-typed-in-the-form');
  // Secret-looking values are dots until shown.
  await expect(form.getByLabel('Value of API_TOKEN', { exact: true })).toHaveAttribute('type', 'password');
  await expect(form.getByLabel('Value of MEMORY_FILE_PATH', { exact: true })).toHaveAttribute('type', 'text');
  await form.getByRole('button', { name: 'Show the value of API_TOKEN' }).click();
  await expect(form.getByLabel('Value of API_TOKEN', { exact: true })).toHaveAttribute('type', 'text');
  await form.getByRole('button', { name: 'Show the value of API_TOKEN' }).click();
  await expect(form.getByText(/environment variable names/)).toHaveCount(0);
  await shot(page, 'config-form');

  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added brain' })).toBeVisible();
  const written = JSON.parse(await readFile(hubFixture.configPath, 'utf8')) as { mcpServers: Record<string, unknown> };
  expect(written.mcpServers['brain']).toEqual({
    command: node,
    args: [SERVERS.memory],
    env: { MEMORY_FILE_PATH: `${hubFixture.dir}/brain.jsonl`, API_TOKEN: 'sk-typed-in-the-form' },
  });
  // The form now shows the saved entry, its secret as the hub shows it.
  await expect(page.getByRole('form', { name: 'Server brain' }).getByLabel('Value of API_TOKEN', { exact: true })).toHaveValue('[redacted]');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
  await expect(page.getByRole('listitem', { name: 'brain', exact: true }).getByText('Connected', { exact: true })).toBeVisible();
  expect(hubFixture.hub.core.serverInfo('brain').status).toBe('connected');
  expect(problems).toEqual([]);
});

test.describe('a server with a secret', () => {
  test.use({
    servers: {
      memory: { command: node, args: [SERVERS.memory], env: { API_KEY: 'sk-secret-value-123' }, autoApprove: ['read_graph'] },
    },
  });

  test('the form masks it, keeps it through an edit, and keeps fields it has no editor for', async ({ page, hubFixture }) => {
    await page.goto(`${hubFixture.url}/#/config`);
    await serverList(page).getByRole('button', { name: /^memory/ }).click();
    const form = page.getByRole('form', { name: 'Server memory' });
    const secret = form.getByLabel('Value of API_KEY', { exact: true });
    await expect(secret).toHaveValue('[redacted]');
    await expect(secret).toHaveAttribute('type', 'password');
    await expect(form.getByText(/Values shown as \[redacted\] are secrets/)).toBeVisible();
    await expect(form.getByText('autoApprove')).toBeVisible();

    await form.getByText('More settings').click();
    await form.getByLabel('Description', { exact: true }).fill('remembers things');
    await expect(page.getByText('Unsaved changes')).toBeVisible();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved memory' })).toBeVisible();
    const written = JSON.parse(await readFile(hubFixture.configPath, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(written.mcpServers['memory']).toEqual({
      command: node,
      args: [SERVERS.memory],
      env: { API_KEY: 'sk-secret-value-123' },
      autoApprove: ['read_graph'],
      description: 'remembers things',
    });
  });

  test('an edit survives the servers refreshing from events, and leaving asks first', async ({ page, hubFixture }) => {
    await page.goto(`${hubFixture.url}/#/config`);
    await serverList(page).getByRole('button', { name: /^memory/ }).click();
    const form = page.getByRole('form', { name: 'Server memory' });
    await form.getByLabel('Command', { exact: true }).fill('/usr/bin/env');
    // The server restarts (events, a store refresh): the unsaved command stays.
    await hubFixture.hub.core.stopServer('memory');
    await hubFixture.hub.core.startServer('memory');
    await expect(serverList(page).getByText('Connected')).toBeVisible();
    await expect(form.getByLabel('Command', { exact: true })).toHaveValue('/usr/bin/env');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Leave with unsaved changes?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Stay' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(page.url()).toContain('#/config');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await expect(page).toHaveURL(/#\/servers$/);
    // Still there on coming back: unsaved work lives as long as the window.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Config' }).click();
    await expect(page.getByRole('form', { name: 'Server memory' }).getByLabel('Command', { exact: true })).toHaveValue('/usr/bin/env');
  });
});

test('the raw editor shows an error with its line, refuses nothing silently, and applies the fixed file', async ({ page, hubFixture }) => {
  const problems = watchConsole(page);
  await page.goto(`${hubFixture.url}/#/config`);
  await page.getByRole('tab', { name: 'Raw JSONC' }).click();
  await expect(rawEditor(page)).toContainText('"everything"');
  await expect(page.getByText('No problems found')).toBeVisible();

  const config = (extra: string) => `{
  // edited in the raw editor
  "mcpServers": {
    "everything": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(SERVERS.everything)}] },
    "memory": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(SERVERS.memory)}] },
    "extra": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(SERVERS.memory)}], ${extra} },
  },
}
`;
  await replaceText(page, config('"timeout": -5'));
  const problemList = page.getByRole('region', { name: /Problems/ });
  await expect(problemList.getByRole('listitem')).toHaveText([/Line 6, column \d+: mcpServers\.extra\.timeout: expected a positive number of milliseconds/]);
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await shot(page, 'config-raw-error');

  // Saved anyway: the hub refuses it with the reason, and the text stays.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved.' })).toContainText(/:6:\d+: mcpServers\.extra\.timeout/);
  expect(await editorText(page)).toContain('"timeout": -5');
  expect(await readFile(hubFixture.configPath, 'utf8')).not.toContain('extra');

  // A syntax error is located too.
  await replaceText(page, config('"timeout": 5000').replace('"memory": {', '"memory" {'));
  await expect(problemList.getByRole('listitem').first()).toHaveText(/Line 5, column \d+: expected ":"/);

  await replaceText(page, config('"timeout": 5000'));
  await expect(page.getByText('No problems found')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  expect(await readFile(hubFixture.configPath, 'utf8')).toContain('// edited in the raw editor');
  // The hub watches its config: the new server starts, and the form lists it.
  await waitFor(() => hubFixture.hub.core.server('extra')?.status === 'connected', 'extra to connect');
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(serverList(page).getByRole('button', { name: /^extra/ })).toContainText('Connected');
  // The one refused save is the only request that failed.
  expect(problems).toEqual([expect.stringMatching(/status of 400/)]);

  await page.getByRole('tab', { name: 'Raw JSONC' }).click();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await replaceText(page, config('"timeout": "soon"'));
  await expect(problemList.getByRole('listitem')).toHaveCount(1);
  await shot(page, 'config-raw-dark');
});

test('a file changed on disk while edited: the banner, then the conflict, and nothing is lost', async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/config`);
  await page.getByRole('tab', { name: 'Raw JSONC' }).click();
  await expect(rawEditor(page)).toContainText('"everything"');

  // A clean editor follows the disk silently.
  const original = await readFile(hubFixture.configPath, 'utf8');
  const external = original.replace('"memory": {', '"memory": {\n      "description": "changed on disk",');
  await writeFile(hubFixture.configPath, external);
  await expect(rawEditor(page)).toContainText('changed on disk');
  expect(await editorText(page)).toBe(external);

  // With unsaved text, a change on disk only raises a banner.
  const mine = external.replace('"everything": {', '"everything": {\n      "description": "mine, from the editor",');
  await replaceText(page, mine);
  const again = external.replace('changed on disk', 'changed on disk twice');
  await writeFile(hubFixture.configPath, again);
  await expect(page.getByRole('alert').filter({ hasText: 'The file changed on disk since you opened it' })).toBeVisible();
  expect(await editorText(page)).toBe(mine);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = page.getByRole('region', { name: 'Not saved: the file changed on disk' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('textbox', { name: 'Your version (not saved)' })).toContainText('mine, from the editor');
  await expect(conflict.getByRole('textbox', { name: 'The version on disk' })).toContainText('changed on disk twice');
  expect(await readFile(hubFixture.configPath, 'utf8')).toBe(again);
  await shot(page, 'config-conflict');

  // Take theirs sets the text aside, and it comes back.
  await conflict.getByRole('button', { name: 'Take theirs' }).click();
  expect(await editorText(page)).toBe(again);
  await page.getByRole('button', { name: 'Bring my text back' }).click();
  expect(await editorText(page)).toBe(mine);

  // Another change on disk, another refused save; Keep mine writes over the version it was compared with.
  await writeFile(hubFixture.configPath, again.replace('twice', 'three times'));
  await expect(page.getByRole('alert').filter({ hasText: 'The file changed on disk since you opened it' })).toBeVisible();
  await page.getByRole('button', { name: 'Compare' }).click();
  const comparison = page.getByRole('region', { name: 'Your text and the file on disk' });
  await expect(comparison.getByRole('textbox', { name: 'The version on disk' })).toContainText('changed on disk three times');
  await comparison.getByRole('button', { name: 'Keep mine (overwrite)' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  expect(await readFile(hubFixture.configPath, 'utf8')).toBe(mine);
  await waitFor(() => hubFixture.hub.core.serverInfo('everything').description === 'mine, from the editor', 'the saved description');
});

test('renames, duplicates and deletes a server', async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/config`);
  await serverList(page).getByRole('button', { name: /^memory/ }).click();
  await page.getByRole('button', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename memory' });
  await expect(rename.getByLabel('New name', { exact: true })).toBeFocused();
  await rename.getByLabel('New name', { exact: true }).fill('everything');
  await expect(rename.getByText('a server named everything already exists')).toBeVisible();
  await rename.getByLabel('New name', { exact: true }).fill('brain');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect(page.getByRole('heading', { name: 'brain' })).toBeVisible();
  await expect(serverList(page).getByRole('button', { name: /^memory/ })).toHaveCount(0);
  await waitFor(() => hubFixture.hub.core.server('brain')?.status === 'connected', 'brain to connect');
  expect(hubFixture.hub.core.server('memory')).toBeUndefined();

  await page.getByRole('button', { name: 'Duplicate' }).click();
  const copy = page.getByRole('form', { name: 'New server' });
  await expect(copy.getByLabel('Server name', { exact: true })).toHaveValue('brain-copy');
  await expect(copy.getByLabel('Argument 1', { exact: true })).toHaveValue(SERVERS.memory);
  await copy.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added brain-copy' })).toBeVisible();
  await waitFor(() => hubFixture.hub.core.server('brain-copy')?.status === 'connected', 'brain-copy to connect');

  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete brain-copy?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete server' }).click();
  await expect(confirm).toBeHidden();
  await expect(serverList(page).getByRole('button', { name: /^brain-copy/ })).toHaveCount(0);
  expect(hubFixture.hub.core.server('brain-copy')).toBeUndefined();
  const written = JSON.parse(await readFile(hubFixture.configPath, 'utf8')) as { mcpServers: Record<string, unknown> };
  expect(Object.keys(written.mcpServers)).toEqual(['everything', 'brain']);
});

test('fits a narrow window', async ({ page, hubFixture }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.goto(`${hubFixture.url}/#/config`);
  await serverList(page).getByRole('button', { name: /^memory/ }).click();
  await expect(page.getByRole('form', { name: 'Server memory' })).toBeVisible();
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(420);
  await shot(page, 'config-narrow');
  await page.getByRole('tab', { name: 'Raw JSONC' }).click();
  await expect(rawEditor(page)).toContainText('"everything"');
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(420);
});
