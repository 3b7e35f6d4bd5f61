import type { ConfigEdit } from '../config/edit.js';
import type { SecretStore } from './secret-store.js';

/**
 * A server's own secrets are `server:<name>:…` and only the entry of that name reads them
 * (config/resolve.ts), so a rename takes them along: the entry's placeholders are rewritten to the
 * new name and the store's values are copied under it. Returns the field edits to apply after the
 * rename, and what to do once they are written (drop the old accounts).
 */
export async function renameOwnSecrets(
  entry: Record<string, unknown>,
  from: string,
  to: string,
  store: () => Promise<SecretStore>,
): Promise<{ edits: ConfigEdit[]; done: () => Promise<void> }> {
  const oldPrefix = `\${secret:server:${from}:`;
  const newPrefix = `\${secret:server:${to}:`;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.split(oldPrefix).join(newPrefix);
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item)]));
    return value;
  };
  const edits: ConfigEdit[] = [];
  for (const [field, value] of Object.entries(entry)) {
    const rewritten = rewrite(value);
    if (JSON.stringify(rewritten) !== JSON.stringify(value)) edits.push({ kind: 'setField', name: to, field, value: rewritten });
  }
  if (edits.length === 0) return { edits, done: async () => {} };
  const secrets = await store();
  const accounts = (await secrets.list()).filter((account) => account.startsWith(`server:${from}:`));
  for (const account of accounts) {
    const value = await secrets.get(account);
    if (value !== undefined) await secrets.set(`server:${to}:${account.slice(`server:${from}:`.length)}`, value);
  }
  return {
    edits,
    done: async () => {
      for (const account of accounts) await secrets.delete(account);
    },
  };
}
