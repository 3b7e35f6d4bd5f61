import { randomBytes } from 'node:crypto';
import { FileSecretStore } from './file-store.js';
import {
  DEFAULT_OPERATION_TIMEOUT_MS,
  KeychainSecretStore,
  loadKeytar as loadRealKeytar,
  PROBE_ACCOUNT,
  withTimeout,
  type KeytarApi,
} from './keychain-store.js';
import { SecretStoreError, type SecretStore } from './secret-store.js';
import { errorMessage } from '../../../shared/errors.js';

/** Long enough for a keyring that starts on demand (D-Bus activation), short enough not to stall startup. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

export interface OpenSecretStoreOptions {
  /** The keychain service name, one per app: `mcp-hub`. */
  service: string;
  /** Where secrets go when there is no keychain (hubPaths().secretsFile). */
  file: string;
  /** False: no keychain is an error rather than a reason to keep secrets in a file. */
  allowFileFallback: boolean;
  /** Told once, when secrets go to the file and why. */
  warn: (message: string) => void;
  /** The setting behind allowFileFallback as users write it, so messages can name it. */
  fallbackSettingName?: string;
  probeTimeoutMs?: number;
  /** For each keychain call after the probe. */
  operationTimeoutMs?: number;
  /** Replaces `import('keytar')`, for tests. */
  loadKeytar?: () => Promise<KeytarApi>;
  /** For the advice in messages; defaults to this process's platform. */
  platform?: NodeJS.Platform;
}

export type KeychainProbe = { ok: true; keytar: KeytarApi } | { ok: false; reason: string };

/**
 * Whether the keychain really stores and returns a value. Loading keytar is not enough: on Linux it
 * loads fine and then every call fails (no D-Bus session, no Secret Service, a locked keyring) or
 * hangs waiting for a password prompt that no one can see.
 */
export async function probeKeychain(options: {
  service: string;
  timeoutMs?: number;
  loadKeytar?: () => Promise<KeytarApi>;
}): Promise<KeychainProbe> {
  let keytar: KeytarApi;
  try {
    keytar = await (options.loadKeytar ?? loadRealKeytar)();
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const value = `probe-${randomBytes(12).toString('hex')}`;
  let stored = false;
  let timedOut = false;
  const roundTrip = async (): Promise<string | undefined> => {
    await keytar.setPassword(options.service, PROBE_ACCOUNT, value);
    stored = true;
    const read = await keytar.getPassword(options.service, PROBE_ACCOUNT);
    await keytar.deletePassword(options.service, PROBE_ACCOUNT);
    stored = false;
    return read === value ? undefined : 'the keychain did not return the value that was just stored in it';
  };
  let problem: string | undefined;
  try {
    problem = await withTimeout(roundTrip(), timeoutMs, () => {
      timedOut = true;
      return new Error(`the keychain did not answer within ${timeoutMs / 1000} s (a locked keyring waiting for a password prompt?)`);
    });
  } catch (error) {
    problem = timedOut ? errorMessage(error) : explainKeychainError(errorMessage(error));
  }
  if (problem === undefined) return { ok: true, keytar };
  // A half-finished probe should not leave its entry behind, but a keychain that hangs would only
  // hang once more (and hold another libuv thread), so it is left alone; list() hides the entry anyway.
  if (stored && !timedOut) keytar.deletePassword(options.service, PROBE_ACCOUNT).catch(() => undefined);
  return { ok: false, reason: problem };
}

/** libsecret's messages name the symptom; users need the cause. The original stays for searching. */
function explainKeychainError(message: string): string {
  const known: Array<[RegExp, string]> = [
    [/autolaunch D-Bus without X11/i, 'there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)'],
    [/Could not connect/i, 'the D-Bus session bus named by DBUS_SESSION_BUS_ADDRESS cannot be reached'],
    [/org\.freedesktop\.secrets/i, 'no Secret Service (such as GNOME Keyring) runs on the D-Bus session bus'],
    [/locked collection/i, 'the keyring is locked and could not be unlocked (no password prompt can be shown)'],
    [/prompt/i, 'the keyring asked for a password prompt that could not be shown'],
  ];
  const cause = known.find(([pattern]) => pattern.test(message))?.[1];
  return cause ? `${cause}: ${message}` : message;
}

function howToGetAKeychain(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return (
      'To keep secrets in a keyring instead, run a Secret Service (GNOME Keyring, KeePassXC or KWallet) in your session and make sure ' +
      'libsecret-1-0 is installed; on a headless host, start the hub inside `dbus-run-session` after unlocking a keyring with ' +
      '`gnome-keyring-daemon --unlock --components=secrets` (it reads the keyring password from standard input).'
    );
  }
  return 'To keep secrets in the OS keychain instead, reinstall MCP Hub so that its keytar module is built for this machine.';
}

/**
 * The OS keychain when it works; otherwise, if allowed, a private file, with a warning that says
 * why and what would bring the keychain back. Never throws for a missing keychain unless the
 * fallback is forbidden; then the error says both.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const probe = await probeKeychain({
    service: options.service,
    ...(options.probeTimeoutMs !== undefined && { timeoutMs: options.probeTimeoutMs }),
    ...(options.loadKeytar && { loadKeytar: options.loadKeytar }),
  });
  if (probe.ok) {
    return new KeychainSecretStore({
      service: options.service,
      keytar: probe.keytar,
      timeoutMs: options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
    });
  }
  const setting = options.fallbackSettingName ?? 'allowFileFallback';
  const advice = howToGetAKeychain(options.platform ?? process.platform);
  if (!options.allowFileFallback) {
    throw new SecretStoreError(
      'NO_SECRET_STORE',
      `No OS keychain is usable (${probe.reason}), and ${setting} is false, so secrets are not stored in a file either. ${advice}`,
    );
  }
  const store = new FileSecretStore(options.file);
  await store.check();
  options.warn(
    `No OS keychain is usable (${probe.reason}). Secrets are stored in ${store.path} instead: readable only by you, but not encrypted. ` +
      `${advice} To forbid storing secrets in a file, set ${setting} to false.`,
  );
  return store;
}
