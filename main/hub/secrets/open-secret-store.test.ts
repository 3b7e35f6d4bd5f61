import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeKeytar } from './fake-keytar.js';
import { PROBE_ACCOUNT, type KeytarApi } from './keychain-store.js';
import { MemorySecretStore } from './memory-store.js';
import { openSecretStore, type OpenSecretStoreOptions } from './open-secret-store.js';
import type { SecretStore } from './secret-store.js';
import { rejection } from './test-support.js';

const SECRET = 'xoxb-do-not-print-5150';

let base: string;
let file: string;
let warnings: string[];

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'mcp-hub-open-secrets-'));
  file = join(base, 'data', 'mcp-hub', 'secrets.json');
  warnings = [];
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function open(keytar: KeytarApi | Error, overrides: Partial<OpenSecretStoreOptions> = {}): Promise<SecretStore> {
  return openSecretStore({
    service: 'mcp-hub-test',
    file,
    allowFileFallback: true,
    warn: (message) => warnings.push(message),
    loadKeytar: async () => {
      if (keytar instanceof Error) throw keytar;
      return keytar;
    },
    ...overrides,
  });
}

describe('openSecretStore', () => {
  it('uses a keychain that passes the probe, silently, and removes the probe entry', async () => {
    const keytar = new FakeKeytar();
    const store = await open(keytar);
    expect(store.kind).toBe('keychain');
    expect(warnings).toEqual([]);
    expect(keytar.stored).toHaveLength(1);
    expect(await keytar.getPassword('mcp-hub-test', PROBE_ACCOUNT)).toBeNull();
    await store.set('a', SECRET);
    expect(await keytar.getPassword('mcp-hub-test', 'a')).toBe(SECRET);
    expect(existsSync(file)).toBe(false);
  });

  it('falls back to the file when keytar cannot be loaded, and says why and how to get a keyring', async () => {
    const store = await open(new Error("Cannot find module 'keytar'"), { platform: 'linux', fallbackSettingName: 'secrets.allowFileFallback' });
    expect(store.kind).toBe('file');
    expect(warnings).toHaveLength(1);
    const [warning = ''] = warnings;
    expect(warning).toContain("Cannot find module 'keytar'");
    expect(warning).toContain(file);
    expect(warning).toContain('not encrypted');
    expect(warning).toContain('gnome-keyring-daemon');
    expect(warning).toContain('set secrets.allowFileFallback to false');
    await store.set('a', SECRET);
    expect(await store.get('a')).toBe(SECRET);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings.join('\n')).not.toContain(SECRET);
  });

  it('falls back when the keychain hangs, after the probe timeout', async () => {
    const keytar = new FakeKeytar();
    keytar.hang = 'set';
    const started = Date.now();
    const store = await open(keytar, { probeTimeoutMs: 200 });
    expect(store.kind).toBe('file');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(warnings[0]).toContain('did not answer within 0.2 s');
  });

  it('falls back when the keychain does not give back what it was given', async () => {
    const keytar = new FakeKeytar();
    keytar.corruptRead = 'something else';
    const store = await open(keytar);
    expect(store.kind).toBe('file');
    expect(warnings[0]).toContain('did not return the value');
    // The probe's value is random, not a secret, but it is no business of a message either.
    expect(warnings[0]).not.toContain(keytar.stored[0]);
    expect(await keytar.findCredentials('mcp-hub-test')).toEqual([]);
  });

  it('removes its probe entry when the keychain fails after storing it', async () => {
    const keytar = new FakeKeytar();
    keytar.failGet = new Error('org.freedesktop.DBus.Error.NoReply');
    const store = await open(keytar);
    expect(store.kind).toBe('file');
    expect(warnings[0]).toContain('NoReply');
    await Promise.resolve();
    expect(await keytar.findCredentials('mcp-hub-test')).toEqual([]);
  });

  it('explains libsecret errors, with their original text', async () => {
    const keytar = new FakeKeytar();
    keytar.failSet = () => new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    await open(keytar, { platform: 'linux' });
    expect(warnings[0]).toContain('there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): Cannot autolaunch D-Bus');
  });

  it('refuses to fall back when that is forbidden, says so, and creates no file', async () => {
    const keytar = new FakeKeytar();
    keytar.failSet = () => new Error('Cannot create an item in a locked collection');
    const error = await rejection(open(keytar, { allowFileFallback: false, platform: 'linux', fallbackSettingName: 'secrets.allowFileFallback' }));
    expect(error.code).toBe('NO_SECRET_STORE');
    expect(error.message).toContain('the keyring is locked');
    expect(error.message).toContain('secrets.allowFileFallback is false');
    expect(error.message).toContain('gnome-keyring-daemon');
    expect(warnings).toEqual([]);
    expect(existsSync(join(base, 'data'))).toBe(false);
  });

  it('refuses a fallback file that others can read, as an error rather than a crash', async () => {
    if (process.platform === 'win32') return;
    mkdirSync(join(base, 'data', 'mcp-hub'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ version: 1, secrets: { a: SECRET } }), { mode: 0o644 });
    const error = await rejection(open(new Error('no keytar here')));
    expect(error.code).toBe('INSECURE_FILE');
    expect(error.message).not.toContain(SECRET);
  });

  it('gives other platforms advice of their own', async () => {
    await open(new Error('The specified module could not be found.'), { platform: 'win32' });
    expect(warnings[0]).toContain('reinstall MCP Hub');
    expect(warnings[0]).not.toContain('gnome-keyring');
  });
});

describe('openSecretStore with the real keytar and no reachable Secret Service', () => {
  // libsecret connects to D-Bus once per process, so each case runs in a process of its own.
  const fixture = join(import.meta.dirname, 'secrets-child.fixture.ts');

  interface ChildResult {
    kind?: string;
    readBack?: string;
    warnings: string[];
    error?: { code?: string; message: string };
  }

  async function runChild(env: NodeJS.ProcessEnv, allowFileFallback: boolean): Promise<ChildResult> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, 'open', file, String(allowFileFallback)], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, stderr).toBe(0);
    return JSON.parse(stdout) as ChildResult;
  }

  const noBus = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mcp-hub-test/bus' };
  const { DBUS_SESSION_BUS_ADDRESS: _unused, DISPLAY: _display, ...noBusVariable } = process.env;

  it.runIf(process.platform === 'linux')('falls back to the file when the session bus cannot be reached', async () => {
    const result = await runChild(noBus, true);
    expect(result.kind).toBe('file');
    expect(result.readBack).toBe('child-secret-value-123');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('the D-Bus session bus named by DBUS_SESSION_BUS_ADDRESS cannot be reached');
    expect(result.warnings[0]).toContain(file);
    expect(result.warnings.join('\n')).not.toContain('child-secret-value-123');
  });

  it.runIf(process.platform === 'linux')('falls back to the file when there is no session bus at all', async () => {
    const result = await runChild(noBusVariable, true);
    expect(result.kind).toBe('file');
    expect(result.warnings[0]).toContain('there is no D-Bus session bus');
  });

  it.runIf(process.platform === 'linux')('fails with a clear error when the fallback is forbidden', async () => {
    const result = await runChild(noBus, false);
    expect(result.kind).toBeUndefined();
    expect(result.error?.code).toBe('NO_SECRET_STORE');
    expect(result.error?.message).toContain('cannot be reached');
    expect(result.error?.message).toContain('allowFileFallback is false');
    expect(result.warnings).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});

describe('MemorySecretStore', () => {
  it('keeps secrets for this process only, under the same rules', async () => {
    const store = new MemorySecretStore();
    expect(store.kind).toBe('memory');
    await store.set('b', SECRET);
    await store.set('a', 'other');
    expect(await store.get('b')).toBe(SECRET);
    expect(await store.list()).toEqual(['a', 'b']);
    expect(await store.delete('b')).toBe(true);
    expect(await store.delete('b')).toBe(false);
    expect((await rejection(store.set('a', ''))).code).toBe('INVALID_ARGUMENT');
  });
});
