import { expandPlaceholders, PlaceholderError } from './placeholders.js';
import type { PlaceholderScope } from './placeholders.js';

/**
 * Resolves a server's `env` block. Entries may use each other (`DB_URL: "…${DB_PASSWORD}…"`),
 * which mcp-hub v4 documented but never supported. Entries are resolved on demand, so the
 * dependency order falls out of the lookups themselves, including names that are only known
 * after nested expansion (`${${WHICH}}`) or inside `${cmd: …}`.
 *
 * - An entry referring to its own name (`PATH: "${PATH}:/opt/bin"`) means the inherited value.
 * - `null` or `""` inherits the variable via `inherit`; if that has nothing, the entry is left out.
 * - A cycle between entries is a PlaceholderError listing them.
 */
export async function resolveEnvEntries(
  env: Readonly<Record<string, string | null>>,
  outer: PlaceholderScope,
  inherit: (name: string) => string | undefined,
): Promise<Record<string, string>> {
  const resolved = new Map<string, Promise<string | undefined>>();

  const entry = (key: string, chain: readonly string[]): Promise<string | undefined> => {
    let pending = resolved.get(key);
    if (pending === undefined) {
      pending = resolveEntry(key, [...chain, key]);
      resolved.set(key, pending);
    }
    return pending;
  };

  const resolveEntry = async (key: string, chain: readonly string[]): Promise<string | undefined> => {
    const raw = env[key];
    if (raw === null || raw === undefined || raw === '') return inherit(key);
    const scope: PlaceholderScope = {
      ...outer,
      variable: async (name) => {
        if (name !== key && Object.hasOwn(env, name)) {
          // `chain` holds every entry whose resolution is waiting on this one.
          if (chain.includes(name)) {
            const cycle = [...chain.slice(chain.indexOf(name)), name].join(' -> ');
            throw new PlaceholderError(`env.${key}`, `env entries refer to each other in a cycle: ${cycle}`);
          }
          const sibling = await entry(name, chain);
          if (sibling !== undefined) return sibling;
        }
        return outer.variable(name);
      },
    };
    return expandPlaceholders(raw, `env.${key}`, scope);
  };

  const out: Record<string, string> = {};
  // One at a time, in file order: `${cmd: …}` entries run in a predictable sequence.
  for (const key of Object.keys(env)) {
    const value = await entry(key, []);
    if (value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
