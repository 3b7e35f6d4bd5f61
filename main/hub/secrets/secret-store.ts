/**
 * Where the hub keeps tokens (OAuth tokens, API keys of servers): one service name per app
 * (`mcp-hub`), one account per secret, e.g. `server:github:oauth`. Values never leave a store
 * through an error message or a log line.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'file' | 'memory';
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when there was something to delete. */
  delete(account: string): Promise<boolean>;
  /** Account names only, sorted. */
  list(): Promise<string[]>;
}

export type SecretStoreErrorCode =
  /** Neither the OS keychain nor (because it is forbidden) the file can hold secrets. */
  | 'NO_SECRET_STORE'
  /** The OS keychain answered with an error. */
  | 'KEYCHAIN_FAILED'
  /** The OS keychain did not answer in time (on Linux: a locked keyring waiting for a prompt). */
  | 'KEYCHAIN_TIMEOUT'
  /** The secrets file or its folder can be read or replaced by other users. */
  | 'INSECURE_FILE'
  /** The secrets file is not what this hub writes. */
  | 'MALFORMED_FILE'
  | 'INVALID_ARGUMENT';

/** Every failure of a store; its message names accounts and paths, never a secret value. */
export class SecretStoreError extends Error {
  readonly code: SecretStoreErrorCode;

  constructor(code: SecretStoreErrorCode, message: string) {
    super(message);
    this.name = 'SecretStoreError';
    this.code = code;
  }
}

export function assertAccount(account: unknown): asserts account is string {
  if (typeof account !== 'string' || account.length === 0) {
    throw new SecretStoreError('INVALID_ARGUMENT', 'a secret needs a non-empty account name');
  }
}

/** The keychain cannot hold an empty value, so no store may: a secret behaves the same everywhere. */
export function assertValue(account: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new SecretStoreError('INVALID_ARGUMENT', `the secret "${account}" must be a non-empty string; delete it instead`);
  }
}

/**
 * Third-party error text (libsecret, the OS) is passed on for diagnosis; it is not supposed to
 * contain the value it failed to store, but a secret must not reach a log even if it does.
 */
export function scrub(text: string, values: readonly (string | undefined)[]): string {
  let result = text;
  for (const value of values) {
    if (value) result = result.split(value).join('[redacted]');
  }
  return result;
}

