import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test as base, type Page } from '@playwright/test';
import type { HubApp, HubAppOptions } from '../main/hub/compose.js';
import { node, removeDir, SERVERS, startHub, tempDir, writeConfig } from '../test/helpers.js';

/** The UI as `npm run build` leaves it; the specs test the built UI, not a dev server. */
export const UI_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));
const SCREENSHOT_DIR = fileURLToPath(new URL('../test-results/screenshots', import.meta.url));

export interface HubFixture {
  hub: HubApp;
  /** The hub's origin, where the UI is served. */
  url: string;
  /** The config file the hub was started with (edit it to test hot reload and conflicts). */
  configPath: string;
  dir: string;
}

/** Real MCP servers from npm, as a user would configure them. */
export const DEFAULT_SERVERS: Record<string, unknown> = {
  everything: { command: node, args: [SERVERS.everything] },
  memory: { command: node, args: [SERVERS.memory] },
};

export const test = base.extend<{ servers: Record<string, unknown>; hubOptions: Partial<HubAppOptions>; hubFixture: HubFixture }>({
  servers: [DEFAULT_SERVERS, { option: true }],
  /** Extra options for the hub a spec starts (`test.use({ hubOptions: … })`). */
  hubOptions: [{}, { option: true }],
  hubFixture: async ({ servers, hubOptions }, use) => {
    if (!existsSync(`${UI_DIR}/index.html`)) throw new Error(`The UI is not built (${UI_DIR}); run npm run build first.`);
    const dir = await tempDir('mcp-hub-e2e-');
    const configPath = await writeConfig(dir, servers);
    const hub = await startHub([configPath], { uiDir: UI_DIR, watch: true, backupDir: `${dir}/backups`, ...hubOptions });
    await use({ hub, url: hub.url, configPath, dir });
    await hub.stop();
    await removeDir(dir);
  },
});

export { expect } from '@playwright/test';

/** A full-page screenshot kept as a test artifact (test-results/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}
