import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node, removeDir, SERVERS } from '../test/helpers.js';
import { expect, screenshot, test } from './fixtures.js';

const FIXTURE_HOME = fileURLToPath(new URL('../test/fixtures/client-home', import.meta.url));
/** A home folder with each client's config, copied fresh for this spec. */
const home = join(tmpdir(), `mcp-hub-e2e-home-${process.pid}`);

test.beforeAll(async () => {
  await removeDir(home);
  await cp(FIXTURE_HOME, home, { recursive: true });
  // A client whose servers are real, so an imported one can connect without the network.
  await writeFile(join(home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { notes: { command: node, args: [SERVERS.memory] } } }, null, 2));
});
test.afterAll(async () => {
  await removeDir(home);
});

test.use({
  servers: { everything: { command: node, args: [SERVERS.everything] } },
  hubOptions: { clients: { where: { home, platform: 'linux', env: {} }, recordsFile: join(home, 'client-connections.json') } },
});

test("imports a client's server into the hub, and connects a client then undoes it", async ({ page, hubFixture }) => {
  await page.goto(`${hubFixture.url}/#/connect`);
  const cursor = page.getByRole('region', { name: 'Cursor' });
  await expect(cursor).toContainText(join(home, '.cursor', 'mcp.json'));
  await expect(cursor).toContainText('Not connected');

  await cursor.getByRole('checkbox', { name: 'notes' }).check();
  await cursor.getByRole('button', { name: 'Import' }).click();
  await expect(cursor.getByRole('status')).toContainText('Imported notes');
  // The imported server runs in the hub, and the client's own file is unchanged.
  await page.getByRole('link', { name: 'Servers' }).click();
  await expect(page.getByRole('listitem', { name: 'notes' }).getByText('Connected', { exact: true })).toBeVisible({ timeout: 15_000 });
  expect(JSON.parse(await readFile(join(home, '.cursor', 'mcp.json'), 'utf8'))).toEqual({ mcpServers: { notes: { command: node, args: [SERVERS.memory] } } });

  // Claude Desktop: connect (with a confirmation), then undo; its file comes back byte for byte.
  const desktopFile = join(home, '.config', 'Claude', 'claude_desktop_config.json');
  const original = await readFile(desktopFile);
  await page.goto(`${hubFixture.url}/#/connect`);
  const desktop = page.getByRole('region', { name: 'Claude Desktop' });
  await desktop.getByRole('button', { name: 'Connect to the hub' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Connect Claude Desktop to the hub?' });
  await expect(dialog).toContainText(desktopFile);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(desktop).toContainText('Uses the hub');
  const written = JSON.parse(await readFile(desktopFile, 'utf8')) as { mcpServers: Record<string, { args: string[] }> };
  expect(written.mcpServers['mcp-hub']!.args).toEqual(['stdio', '--port', String(hubFixture.hub.port)]);
  await screenshot(page, 'connect-clients');

  await desktop.getByRole('button', { name: 'Undo connect' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Undo' }).click();
  await expect(desktop).toContainText('Not connected');
  expect(await readFile(desktopFile)).toEqual(original);
});

test('a client file that does not parse is reported and left alone', async ({ page, hubFixture }) => {
  const broken = '{ "mcpServers": { "x": ] }';
  const file = join(home, '.gemini', 'settings.json');
  await writeFile(file, broken);
  await page.goto(`${hubFixture.url}/#/connect`);
  const gemini = page.getByRole('region', { name: 'Gemini CLI' });
  await expect(gemini).toContainText('Cannot read its config');
  await expect(gemini.getByRole('alert')).toContainText(`${file}:1:24`);
  await expect(gemini.getByRole('button', { name: 'Connect to the hub' })).toHaveCount(0);
  expect(await readFile(file, 'utf8')).toBe(broken);
});

test('an import shows what it would run first, and an imported ${cmd:} stays text', async ({ page, hubFixture }) => {
  const marker = join(hubFixture.dir, 'imported-command-ran');
  const windsurfFile = join(home, '.codeium', 'windsurf', 'mcp_config.json');
  const original = await readFile(windsurfFile);
  await writeFile(windsurfFile, JSON.stringify({ mcpServers: { trap: { command: node, args: [SERVERS.memory, `\${cmd: touch ${marker}}`], env: { T_HOME: '${env:HOME}' } } } }));
  try {
    await page.goto(`${hubFixture.url}/#/connect`);
    const windsurf = page.getByRole('region', { name: 'Windsurf' });
    await windsurf.getByRole('checkbox', { name: 'trap' }).check();
    const preview = windsurf.getByTestId('run-preview');
    await expect(preview).toContainText('T_HOME');
    await expect(preview).toContainText('Filled in by the hub at each start: ${env:HOME}');
    await expect(preview).toContainText(`Passed on as written (never run or looked up; Windsurf does not expand them either): \${cmd: touch ${marker}}`);
    await expect(windsurf.getByText(`${node} ${SERVERS.memory} '\${cmd: touch ${marker}}'`)).toBeVisible();
    await windsurf.getByRole('button', { name: 'Import' }).click();
    await expect(windsurf.getByRole('status')).toContainText('Imported trap');
    await expect.poll(() => hubFixture.hub.core.serverInfo('trap').status, { timeout: 15_000 }).toBe('connected');
    expect(existsSync(marker)).toBe(false);
  } finally {
    await writeFile(windsurfFile, original);
  }
});
