import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { HubApp } from '../main/hub/compose.js';
import { projectConfigFiles } from '../main/hub/workspaces/project-files.js';
import { node, removeDir, SERVERS, startHub, tempDir, writeConfig } from '../test/helpers.js';
import { expect, screenshot, test, UI_DIR } from './fixtures.js';

/**
 * Issue 19, item 4, in the browser: a cloned repository's `.mcp-hub.json` (a `--workspace`
 * folder) waits, unstarted, until the user has seen what it runs and trusts it; the project's
 * entry of a name the user already has is shown as not used; a changed file asks again.
 */

const row = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });

let dir: string;
let folder: string;
let hub: HubApp;
const marker = () => join(dir, 'project-command-ran');

const projectFile = (servers: Record<string, unknown>) => writeFile(join(folder, '.mcp-hub.json'), JSON.stringify({ mcpServers: servers }));

test.beforeEach(async () => {
  dir = await tempDir('mcp-hub-e2e-');
  folder = join(dir, 'cloned-repo');
  await mkdir(folder, { recursive: true });
  await projectFile({
    notes: { command: node, args: [SERVERS.memory], env: { T_MARK: `\${cmd: touch ${marker()}}` } },
    memory: { command: node, args: [SERVERS.memory, '--from-the-project'] },
  });
  const userConfig = await writeConfig(dir, { memory: { command: node, args: [SERVERS.memory] } });
  hub = await startHub([userConfig, ...projectConfigFiles(folder)], {
    uiDir: UI_DIR,
    watch: true,
    backupDir: join(dir, 'backups'),
    project: { folder, files: projectConfigFiles(folder), trustFile: join(dir, 'state', 'trusted-projects.json') },
  });
});

test.afterEach(async () => {
  await hub.stop();
  await removeDir(dir);
});

test("a project folder's servers wait for the user's trust, shown what they run; a changed file asks again", async ({ page }) => {
  await page.goto(hub.url);
  const banner = page.getByRole('alert').filter({ hasText: 'Not trusted' });
  await expect(banner).toContainText(folder);
  // What trusting would run, before anything runs: the command line and the ${cmd:} it holds.
  await expect(banner.getByTestId('run-preview')).toContainText(`${node} ${SERVERS.memory}`);
  await expect(banner.getByTestId('run-preview')).toContainText(`\${cmd: touch ${marker()}}`);
  await expect(row(page, 'notes').getByText('Not trusted', { exact: true })).toBeVisible();
  await expect(row(page, 'notes')).toContainText('not started until you trust the folder');
  // The user's own memory server runs; the project's of the same name is said to be unused.
  await expect(row(page, 'memory').getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'is not used' })).toContainText('your own server “memory”');
  expect(existsSync(marker())).toBe(false);
  await screenshot(page, 'project-untrusted');

  await banner.getByRole('button', { name: 'Trust this folder and start them' }).click();
  await expect(row(page, 'notes').getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Not trusted' })).toHaveCount(0);
  expect(existsSync(marker())).toBe(true);
  expect(hub.core.serverInfo('memory').config_source).not.toContain(folder);

  // `git pull` changes the project's file: its server stops and the banner asks again.
  await projectFile({ notes: { command: node, args: [SERVERS.memory, '--changed'] } });
  await expect(page.getByRole('alert').filter({ hasText: 'Not trusted' })).toContainText('--changed');
  await expect(row(page, 'notes').getByText('Not trusted', { exact: true })).toBeVisible();
  expect(hub.core.serverInfo('notes').pid).toBeNull();
});
