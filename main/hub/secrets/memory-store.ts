import { assertAccount, assertValue, type SecretStore } from './secret-store.js';

/** Secrets for one process only: tests, and callers that must not persist anything. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    assertAccount(account);
    return this.values.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    assertAccount(account);
    assertValue(account, value);
    this.values.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    assertAccount(account);
    return this.values.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()].sort();
  }
}
