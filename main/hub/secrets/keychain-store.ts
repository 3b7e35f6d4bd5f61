import { errorMessage } from '../../../shared/errors.js';
import { assertAccount, assertValue, scrub, SecretStoreError, type SecretStore } from './secret-store.js';

/** The part of keytar the hub uses; tests and embedders may hand in their own. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Written and removed again by the probe; never listed. */
export const PROBE_ACCOUNT = '__mcp-hub-keychain-probe__';

/** Long enough for a busy keyring, short enough that a keyring waiting for a prompt no one sees does not stall the hub. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 15_000;

/**
 * keytar is a native module: loading it fails where it was not built or libsecret is missing, and
 * that must be a reason to fall back, not a crash when the hub's modules are imported.
 */
export async function loadKeytar(): Promise<KeytarApi> {
  let loaded: unknown;
  try {
    loaded = (await import('keytar')).default;
  } catch (error) {
    throw new SecretStoreError('NO_SECRET_STORE', `the keytar native module could not be loaded: ${errorMessage(error)}`);
  }
  const api = loaded as Partial<KeytarApi> | undefined;
  if (
    typeof api?.getPassword !== 'function' ||
    typeof api.setPassword !== 'function' ||
    typeof api.deletePassword !== 'function' ||
    typeof api.findCredentials !== 'function'
  ) {
    throw new SecretStoreError('NO_SECRET_STORE', 'the keytar module loaded but does not have the expected functions');
  }
  return api as KeytarApi;
}

/**
 * Rejects after `ms` when the operation has not settled. The operation itself cannot be cancelled
 * (it runs in libsecret on a worker thread); its late outcome is swallowed.
 */
export function withTimeout<T>(operation: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  operation.catch(() => undefined);
  return Promise.race([operation, deadline]).finally(() => clearTimeout(timer));
}

export interface KeychainSecretStoreOptions {
  service: string;
  keytar: KeytarApi;
  timeoutMs?: number;
}

/** The OS keychain: macOS Keychain, Windows Credential Manager, a Secret Service (GNOME Keyring, KWallet, KeePassXC) on Linux. */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly service: string;
  private readonly keytar: KeytarApi;
  private readonly timeoutMs: number;

  constructor(options: KeychainSecretStoreOptions) {
    if (!options.service) throw new SecretStoreError('INVALID_ARGUMENT', 'the keychain store needs a service name');
    this.service = options.service;
    this.keytar = options.keytar;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  }

  async get(account: string): Promise<string | undefined> {
    assertAccount(account);
    const value = await this.call(`read the secret "${account}"`, [], () => this.keytar.getPassword(this.service, account));
    return value ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    assertAccount(account);
    assertValue(account, value);
    await this.call(`store the secret "${account}"`, [value], () => this.keytar.setPassword(this.service, account, value));
  }

  async delete(account: string): Promise<boolean> {
    assertAccount(account);
    return this.call(`delete the secret "${account}"`, [], () => this.keytar.deletePassword(this.service, account));
  }

  async list(): Promise<string[]> {
    const credentials = await this.call('list the secrets', [], () => this.keytar.findCredentials(this.service));
    // findCredentials hands back the values too; only the names leave this method.
    const accounts = credentials.map((credential) => credential.account).filter((account) => account !== PROBE_ACCOUNT);
    return [...new Set(accounts)].sort();
  }

  private async call<T>(what: string, values: readonly string[], operation: () => Promise<T>): Promise<T> {
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      // keytar checks its arguments synchronously.
      throw this.failure(what, values, error);
    }
    try {
      return await withTimeout(
        pending,
        this.timeoutMs,
        () =>
          new SecretStoreError(
            'KEYCHAIN_TIMEOUT',
            `could not ${what} in the OS keychain (service "${this.service}"): no answer within ${this.timeoutMs / 1000} s; is the keyring locked and waiting for a password prompt?`,
          ),
      );
    } catch (error) {
      if (error instanceof SecretStoreError) throw error;
      throw this.failure(what, values, error);
    }
  }

  private failure(what: string, values: readonly string[], error: unknown): SecretStoreError {
    return new SecretStoreError(
      'KEYCHAIN_FAILED',
      `could not ${what} in the OS keychain (service "${this.service}"): ${scrub(errorMessage(error), values)}`,
    );
  }
}
