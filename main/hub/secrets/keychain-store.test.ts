import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeKeytar } from './fake-keytar.js';
import { KeychainSecretStore, loadKeytar, PROBE_ACCOUNT, type KeytarApi } from './keychain-store.js';
import { openSecretStore, probeKeychain } from './open-secret-store.js';
import { rejection } from './test-support.js';

const SECRET = 'ghp_do-not-print-7f3a9c';

describe('KeychainSecretStore over a fake keytar', () => {
  it('maps keytar calls onto the interface and lists names only', async () => {
    const keytar = new FakeKeytar();
    const store = new KeychainSecretStore({ service: 'svc', keytar });
    expect(store.kind).toBe('keychain');
    await store.set('b', SECRET);
    await store.set('a', 'other-secret');
    await keytar.setPassword('svc', PROBE_ACCOUNT, 'probe');
    await keytar.setPassword('another-app', 'c', 'not ours');
    expect(await store.get('b')).toBe(SECRET);
    expect(await store.get('missing')).toBeUndefined();
    expect(await store.list()).toEqual(['a', 'b']);
    expect(await store.delete('b')).toBe(true);
    expect(await store.delete('b')).toBe(false);
  });

  it('never repeats the value in an error, even when the keychain does', async () => {
    const keytar = new FakeKeytar();
    keytar.failSet = (password) => new Error(`org.freedesktop.Secret.Error: could not store ${password}`);
    const error = await rejection(new KeychainSecretStore({ service: 'svc', keytar }).set('server:github', SECRET));
    expect(error.code).toBe('KEYCHAIN_FAILED');
    expect(error.message).toContain('server:github');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('turns a synchronous keytar error into a rejection', async () => {
    const keytar = new FakeKeytar();
    keytar.getPassword = () => {
      throw new Error('Account is required.');
    };
    const error = await rejection(new KeychainSecretStore({ service: 'svc', keytar }).get('a'));
    expect(error.code).toBe('KEYCHAIN_FAILED');
  });

  it('gives up on a keychain that does not answer', async () => {
    const keytar = new FakeKeytar();
    keytar.hang = 'get';
    const started = Date.now();
    const error = await rejection(new KeychainSecretStore({ service: 'svc', keytar, timeoutMs: 100 }).get('a'));
    expect(error.code).toBe('KEYCHAIN_TIMEOUT');
    expect(error.message).toContain('locked');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects empty accounts and values as the real keychain would', async () => {
    const store = new KeychainSecretStore({ service: 'svc', keytar: new FakeKeytar() });
    expect((await rejection(store.get(''))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(store.set('a', ''))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('loadKeytar', () => {
  it('loads the native module that npm ci built', async () => {
    const keytar = await loadKeytar();
    expect(typeof keytar.setPassword).toBe('function');
  });
});

// The real keychain: a Secret Service on the D-Bus session bus (gnome-keyring in the private session
// npm test starts; see scripts/keyring-session.sh).
const SERVICE = `mcp-hub-test-${process.pid}-${randomBytes(4).toString('hex')}`;
const OTHER_SERVICE = `${SERVICE}-other`;
const SESSION_COMMAND = 'scripts/keyring-session.sh npx vitest run main/hub/secrets';
const IN_CI = Boolean(process.env['CI']) && process.env['CI'] !== 'false' && process.env['CI'] !== '0';
const probe = await probeKeychain({ service: SERVICE, timeoutMs: 10_000 });

if (!probe.ok && IN_CI) {
  describe('the real OS keychain', () => {
    it('is there to be tested (CI must run these tests inside a keyring session)', () => {
      throw new Error(
        `CI must test the keychain store against a real Secret Service, but none is usable: ${probe.reason}. ` +
          `Run the tests inside a D-Bus session with an unlocked gnome-keyring, as npm test does: ${SESSION_COMMAND}`,
      );
    });
  });
} else if (!probe.ok) {
  // Outside CI a developer without a keyring still runs everything else; the reason is printed.
  console.warn(`keychain tests skipped: no usable OS keychain here (${probe.reason}); to run them: ${SESSION_COMMAND}`);
}

if (probe.ok) {
  const keytar: KeytarApi = probe.keytar;

  describe('the real OS keychain', () => {
    afterAll(async () => {
      for (const service of [SERVICE, OTHER_SERVICE]) {
        for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
      }
    });

    it('stores, reads, overwrites, lists and deletes secrets', async () => {
      const store = new KeychainSecretStore({ service: SERVICE, keytar });
      const values = {
        'server:github:oauth': SECRET,
        'server:ünïcödé': 'välue with "quotes", \\ and\nnewlines ✓',
        'server:long': `eyJ${'a'.repeat(8_000)}`,
      };
      for (const [account, value] of Object.entries(values)) await store.set(account, value);
      for (const [account, value] of Object.entries(values)) expect(await store.get(account)).toBe(value);
      expect(await store.list()).toEqual(Object.keys(values).sort());

      await store.set('server:github:oauth', 'rotated-token-value');
      expect(await store.get('server:github:oauth')).toBe('rotated-token-value');
      // Another store object (a restart of the hub) sees the same keychain.
      expect(await new KeychainSecretStore({ service: SERVICE, keytar }).get('server:github:oauth')).toBe('rotated-token-value');

      expect(await store.delete('server:github:oauth')).toBe(true);
      expect(await store.delete('server:github:oauth')).toBe(false);
      expect(await store.get('server:github:oauth')).toBeUndefined();
      expect(await store.list()).toEqual(['server:long', 'server:ünïcödé']);
    });

    it('keeps services apart', async () => {
      const ours = new KeychainSecretStore({ service: SERVICE, keytar });
      const theirs = new KeychainSecretStore({ service: OTHER_SERVICE, keytar });
      await ours.set('shared-name', 'ours-value');
      await theirs.set('shared-name', 'theirs-value');
      expect(await ours.get('shared-name')).toBe('ours-value');
      expect(await theirs.get('shared-name')).toBe('theirs-value');
      expect(await theirs.list()).toEqual(['shared-name']);
    });

    it('is what openSecretStore picks, without a warning and without leaving its probe behind', async () => {
      const warnings: string[] = [];
      const store = await openSecretStore({
        service: SERVICE,
        file: '/nonexistent/never-used/secrets.json',
        allowFileFallback: false,
        warn: (message) => warnings.push(message),
      });
      expect(store.kind).toBe('keychain');
      expect(warnings).toEqual([]);
      const accounts = (await keytar.findCredentials(SERVICE)).map((credential) => credential.account);
      expect(accounts).not.toContain(PROBE_ACCOUNT);
    });
  });
}
