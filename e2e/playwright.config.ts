import { defineConfig } from '@playwright/test';

/**
 * Browser tests in Debian's Chromium (`apt-get install chromium`): Playwright's own browser
 * download is not reachable from these machines, so its executable is never used.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results/e2e',
  // A home of its own, as for vitest: hubs with default paths must not write into the user's.
  globalSetup: '../test/isolated-home.global.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Each spec starts its own hub and real MCP servers on two cores.
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
