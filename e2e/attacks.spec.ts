import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { node, SERVERS } from '../test/helpers.js';
import config from './playwright.config.js';
import { expect, test as base } from './fixtures.js';

/**
 * Pages of another site attack the hub through a real browser. `evil.example` resolves to
 * 127.0.0.1 inside this Chromium only, so the attacker's page is served from this machine but is,
 * to the browser and the hub, a foreign site (Origin `http://evil.example:<port>`).
 */

const EVIL_HOST = 'evil.example';
const launchOptions = config.use?.launchOptions ?? {};

const test = base.extend<{ evil: { serve(html: string): string } }>({
  // eslint-disable-next-line no-empty-pattern
  evil: async ({}, use) => {
    let page = '';
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await use({
      serve(html) {
        page = html;
        return `http://${EVIL_HOST}:${port}/`;
      },
    });
    await new Promise((resolve) => server.close(resolve));
  },
});

let hardRestarts = 0;
test.use({
  launchOptions: { ...launchOptions, args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${EVIL_HOST} 127.0.0.1`] },
  servers: { memory: { command: node, args: [SERVERS.memory] } },
  hubOptions: { onHardRestart: () => void hardRestarts++ },
});

test('a sandboxed frame of another site cannot restart or kill the hub (Origin: null)', async ({ page, hubFixture, evil }) => {
  const { hub, url } = hubFixture;
  const pid = hub.core.serverInfo('memory').pid;
  const attack = (path: string) => `fetch('${url}${path}', { method: 'POST', mode: 'no-cors', body: 'x' }).then(() => parent.postMessage('sent', '*'), () => parent.postMessage('sent', '*'));`;
  const script = ['/api/hard-restart', '/api/restart', '/api/servers/stop?disable=true'].map(attack).join('\n');
  await page.goto(
    evil.serve(`<!doctype html><script>let sent = 0; addEventListener('message', () => { if (++sent === 3) document.title = 'done'; });</script>
      <iframe sandbox="allow-scripts" srcdoc="${`<script>${script}</script>`.replace(/"/g, '&quot;')}"></iframe>`),
  );
  await expect(page).toHaveTitle('done');
  // The hub was not told to exit, restarted nothing, and still answers.
  expect(hardRestarts).toBe(0);
  expect(hub.core.state).toBe('ready');
  expect(hub.core.serverInfo('memory')).toMatchObject({ status: 'connected', pid });
  expect((await fetch(`${url}/api/health`)).status).toBe(200);
});

test("another site's page cannot post to the hub with a body of its choosing, nor have it re-read anything", async ({ page, hubFixture, evil }) => {
  const { hub, url } = hubFixture;
  const server = hub.core.server('memory')!;
  let rereads = 0;
  const reread = server.refreshCatalog.bind(server);
  server.refreshCatalog = () => {
    rereads++;
    return reread();
  };
  const images = Array.from({ length: 20 }, (_, i) => `<img src="${url}/api/refresh?n=${i}"><img src="${url}/api/marketplace?refresh=true&n=${i}">`).join('');
  await page.goto(
    evil.serve(`<!doctype html>${images}<script>
      fetch('${url}/api/servers/stop', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"server_name":"memory"}' })
        .finally(() => { document.title = 'done'; });
    </script>`),
  );
  await expect(page).toHaveTitle('done');
  await page.waitForLoadState('load');
  expect(rereads).toBe(0);
  expect(hub.core.serverInfo('memory').status).toBe('connected');
  // The same GET from a client that is not a browser (mcp-hub v4's integrations) still works.
  expect((await fetch(`${url}/api/refresh`)).status).toBe(200);
  expect(rereads).toBe(1);
});

test('forged login callbacks from image tags change nothing: every answer stays valid JSON', async ({ page, hubFixture, evil }) => {
  const { url } = hubFixture;
  const forged = ['%22timestamp%22', '%22status%22', ...Array.from({ length: 200 }, (_, i) => `${i}-${'c'.repeat(8_000)}`)];
  await page.goto(evil.serve(`<!doctype html>${forged.map((code, i) => `<img src="${url}/api/oauth/callback?state=forged-${i}&code=${code}">`).join('')}`));
  await page.waitForLoadState('load');

  const servers = await fetch(`${url}/api/servers`);
  const body = (await servers.json()) as { servers: { name: string }[]; timestamp: string };
  expect(body.servers.map((server) => server.name)).toEqual(['memory']);
  expect(Date.parse(body.timestamp)).not.toBeNaN();
  // The UI, in its own page, still reads every answer and event.
  await page.goto(url);
  await expect(page.getByRole('listitem', { name: 'memory', exact: true }).getByText('Connected', { exact: true })).toBeVisible();
  const health = await page.evaluate(async () => (await (await fetch('/api/health')).json()) as { status: string });
  expect(health.status).toBe('ok');
});
