import type { KeytarApi } from './keychain-store.js';

/** An in-memory keytar for tests, with hooks to make single calls fail or hang. */
export class FakeKeytar implements KeytarApi {
  readonly entries = new Map<string, string>();
  readonly stored: string[] = [];
  failSet: ((password: string) => Error) | undefined;
  failGet: Error | undefined;
  hang: 'set' | 'get' | undefined;
  /** Returned by getPassword instead of what is stored. */
  corruptRead: string | undefined;

  private key(service: string, account: string): string {
    return JSON.stringify([service, account]);
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    if (this.hang === 'get') return new Promise(() => undefined);
    if (this.failGet) throw this.failGet;
    if (this.corruptRead !== undefined) return this.corruptRead;
    return this.entries.get(this.key(service, account)) ?? null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    if (this.hang === 'set') return new Promise(() => undefined);
    if (this.failSet) throw this.failSet(password);
    this.stored.push(password);
    this.entries.set(this.key(service, account), password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(this.key(service, account));
  }

  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    const found: Array<{ account: string; password: string }> = [];
    for (const [key, password] of this.entries) {
      const [entryService, account] = JSON.parse(key) as [string, string];
      if (entryService === service) found.push({ account, password });
    }
    return found;
  }
}
