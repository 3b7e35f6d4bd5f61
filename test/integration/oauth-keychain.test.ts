import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openSecretStore, probeKeychain } from '../../main/hub/secrets/open-secret-store.js';
import { loginThroughForms } from '../fixtures/oauth/form-login.js';
import { startOAuthWorld, startRecordedHub } from '../fixtures/oauth/oauth-world.js';

// The real keychain, as in main/hub/secrets/keychain-store.test.ts: npm test runs inside a D-Bus
// session with an unlocked gnome-keyring (scripts/keyring-session.sh), and in CI it must run;
// a vitest run outside one says why it did not.
const SERVICE = `mcp-hub-oauth-test-${process.pid}-${randomBytes(4).toString('hex')}`;
const SESSION_COMMAND = 'scripts/keyring-session.sh npx vitest run test/integration/oauth-keychain.test.ts';
const IN_CI = Boolean(process.env['CI']) && process.env['CI'] !== 'false' && process.env['CI'] !== '0';
const probe = await probeKeychain({ service: SERVICE, timeoutMs: 10_000 });

if (!probe.ok) {
  // Outside CI a developer without a keyring still runs everything else; the reason is printed.
  console.warn(`OAuth keychain test skipped: no usable OS keychain here (${probe.reason}); to run it: ${SESSION_COMMAND}`);
}

describe('OAuth tokens in the real OS keychain', () => {
  afterAll(async () => {
    if (!probe.ok) return;
    for (const { account } of await probe.keytar.findCredentials(SERVICE)) await probe.keytar.deletePassword(SERVICE, account);
  });

  it.skipIf(!probe.ok && !IN_CI)('keeps the login in the keychain, where a restarted hub finds it', async () => {
    if (!probe.ok) throw new Error(`CI must store OAuth tokens in a real Secret Service, but none is usable: ${probe.reason}. Run: ${SESSION_COMMAND}`);
    const keytar = probe.keytar;
    const world = await startOAuthWorld();
    try {
      const keychain = () => openSecretStore({ service: SERVICE, file: '/nonexistent/never-used/secrets.json', allowFileFallback: false, warn: () => {} });
      const first = await startRecordedHub({ protected: { url: world.mcpServer.url } }, { hub: { openSecretStore: keychain } });
      try {
        const callback = await loginThroughForms(first.hub.core.serverInfo('protected').authorizationUrl!, world.authorizationServer.user);
        expect((await fetch(callback)).status).toBe(200);
        expect(first.hub.core.serverInfo('protected').status).toBe('connected');
      } finally {
        await first.stop();
      }
      const accounts = (await keytar.findCredentials(SERVICE)).map((credential) => credential.account).sort();
      expect(accounts).toEqual([`oauth:client:${world.mcpServer.url}`, `oauth:tokens:${world.mcpServer.url}`]);

      const codeExchanges = world.authorizationServer.stats.codeExchanges;
      const second = await startRecordedHub({ protected: { url: world.mcpServer.url } }, { hub: { openSecretStore: keychain } });
      try {
        expect(second.hub.core.serverInfo('protected').status).toBe('connected');
        expect(world.authorizationServer.stats.codeExchanges).toBe(codeExchanges);
      } finally {
        await second.stop();
      }
    } finally {
      await world.close();
    }
  });
});
