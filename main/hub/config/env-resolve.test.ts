import { describe, it, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { resolveEnvEntries } from './env-resolve.js';
import { PlaceholderError } from './placeholders.js';
import type { PlaceholderScope } from './placeholders.js';
import { runPlaceholderCommand } from './run-command.js';

const OUTER: Record<string, string> = { PATH: '/usr/bin', HOST: 'db.local', INHERITED: 'from-outside' };

const outer: PlaceholderScope = {
  variable: (name) => Promise.resolve(Object.hasOwn(OUTER, name) ? OUTER[name] : undefined),
  input: () => undefined,
  command: (command, field) =>
    runPlaceholderCommand(command, { field, timeoutMs: 5_000, cwd: tmpdir(), env: { PATH: process.env.PATH ?? '' } }),
  secret: (name) => Promise.resolve(`secret-of-${name}`),
};
const inherit = (name: string) => (Object.hasOwn(OUTER, name) ? OUTER[name] : undefined);

const resolve = (env: Record<string, string | null>) => resolveEnvEntries(env, outer, inherit);

async function failure(env: Record<string, string | null>): Promise<PlaceholderError> {
  const error: unknown = await resolve(env).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof PlaceholderError) return error;
  throw new Error(`expected a PlaceholderError, got ${String(error)}`);
}

describe('resolveEnvEntries', () => {
  it('resolves entries that refer to siblings, in any order', async () => {
    expect(
      await resolve({
        DB_URL: 'postgres://${DB_USER}:${DB_PASSWORD}@${HOST}/db',
        DB_USER: 'app',
        DB_PASSWORD: 'pw-${DB_USER}',
      }),
    ).toEqual({ DB_URL: 'postgres://app:pw-app@db.local/db', DB_USER: 'app', DB_PASSWORD: 'pw-app' });
  });

  it('prefers a sibling over the outer scope', async () => {
    expect(await resolve({ URL: 'http://${HOST}', HOST: 'override' })).toEqual({ URL: 'http://override', HOST: 'override' });
  });

  it('reads the inherited value when an entry refers to itself', async () => {
    expect(await resolve({ PATH: '/opt/bin:${PATH}' })).toEqual({ PATH: '/opt/bin:/usr/bin' });
  });

  it('finds siblings named by nested placeholders and inside commands', async () => {
    expect(await resolve({ WHICH: 'TARGET', TARGET: 't', OUT: '${${WHICH}}', CMD: '${cmd: echo ${TARGET}x}' })).toEqual({
      WHICH: 'TARGET',
      TARGET: 't',
      OUT: 't',
      CMD: 'tx',
    });
  });

  it('inherits null and "" entries, and leaves them out when nothing is inherited', async () => {
    expect(await resolve({ INHERITED: null, ALSO: '', ABSENT: null, OTHER: '' })).toEqual({ INHERITED: 'from-outside' });
  });

  it('reports a cycle with the keys in it', async () => {
    const error = await failure({ A: '${B}', B: '${A}' });
    expect(error.message).toBe('env.B: env entries refer to each other in a cycle: A -> B -> A');
    expect((await failure({ X: 'ok', A: '1${B}', B: '2${C}', C: '3${A}' })).reason).toBe(
      'env entries refer to each other in a cycle: A -> B -> C -> A',
    );
  });

  it("reports an unknown variable in a sibling under the sibling's field", async () => {
    const error = await failure({ A: '${B}', B: '${NOPE}' });
    expect(error.message).toBe('env.B: variable "NOPE" is not set');
  });

  it('does not treat a reference to a missing sibling that inherits nothing as set', async () => {
    expect((await failure({ GONE: null, USE: '${GONE}' })).message).toBe('env.USE: variable "GONE" is not set');
  });
});
