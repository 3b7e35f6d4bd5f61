import { describe, it, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { expandPlaceholders, MAX_PLACEHOLDER_DEPTH, PlaceholderError } from './placeholders.js';
import type { PlaceholderScope } from './placeholders.js';
import { runPlaceholderCommand } from './run-command.js';

const VARS: Record<string, string> = {
  HOME: '/home/u',
  NAME_OF_VAR: 'HOME',
  EVIL: '${cmd: echo pwned}',
  SECRET: 'sk-live-123',
  'input:token': 'from-input',
};

function scope(vars: Record<string, string> = VARS): PlaceholderScope {
  return {
    variable: (name) => Promise.resolve(Object.hasOwn(vars, name) ? vars[name] : undefined),
    input: (id) => vars[`input:${id}`],
    command: (command, field) =>
      runPlaceholderCommand(command, { field, timeoutMs: 5_000, cwd: tmpdir(), env: { PATH: process.env.PATH ?? '' } }),
    secret: async (name, field) => {
      if (name === 'server:github:token') return 'ghp-from-keychain';
      throw new PlaceholderError(field, `secret "${name}" is not in the secret store`);
    },
  };
}

const expand = (text: string) => expandPlaceholders(text, 'args[0]', scope());

async function failure(text: string): Promise<PlaceholderError> {
  const error: unknown = await expand(text).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof PlaceholderError) return error;
  throw new Error(`expected a PlaceholderError, got ${String(error)}`);
}

describe('expandPlaceholders', () => {
  it('replaces ${VAR} and ${env:VAR}, tolerating spaces', async () => {
    expect(await expand('${HOME}/a:${env:HOME}:${ HOME }:${env: HOME}')).toBe('/home/u/a:/home/u:/home/u:/home/u');
  });

  it('takes the default of ${env:NAME:-default} only when NAME is unset or empty, never running it', async () => {
    expect(await expandPlaceholders('${env:HOME:-/x}|${env:UNSET:-/fallback}|${env:EMPTY:-e}', 'args[0]', scope({ ...VARS, EMPTY: '' }))).toBe('/home/u|/fallback|e');
    expect(await expand('${env:UNSET:-$${cmd: echo pwned}}')).toBe('${cmd: echo pwned}');
  });

  it('leaves text without placeholders and lone dollars alone', async () => {
    expect(await expand('plain $HOME $ $$ {x} }')).toBe('plain $HOME $ $$ {x} }');
  });

  it('turns $${ into a literal ${', async () => {
    expect(await expand('$${HOME} and ${HOME}')).toBe('${HOME} and /home/u');
  });

  it('resolves ${input:id} from the input: key', async () => {
    expect(await expand('${input:token}')).toBe('from-input');
    expect((await failure('${input:other}')).message).toBe(
      'args[0]: variable "input:other" is not set (supply it through MCP_HUB_ENV)',
    );
  });

  it('runs ${cmd: …} and uses its trimmed output', async () => {
    expect(await expand('Bearer ${cmd: echo "  tok  "}')).toBe('Bearer tok');
  });

  it('resolves nested placeholders inside-out', async () => {
    expect(await expand('${cmd: echo ${HOME}}')).toBe('/home/u');
    expect(await expand('${${NAME_OF_VAR}}')).toBe('/home/u');
  });

  it('keeps balanced braces inside a command', async () => {
    expect(await expand("${cmd: echo a b | awk '{print $2}'}")).toBe('b');
  });

  it('passes an escaped ${ through to the shell', async () => {
    expect(await expandPlaceholders('${cmd: X=42; echo $${X}}', 'f', scope())).toBe('42');
  });

  it('never re-expands a resolved value (a value must not be able to run commands)', async () => {
    expect(await expand('${EVIL}')).toBe('${cmd: echo pwned}');
  });

  it(`allows ${MAX_PLACEHOLDER_DEPTH} levels of nesting and no more`, async () => {
    const vars: Record<string, string> = { V0: 'end' };
    for (let i = 1; i <= MAX_PLACEHOLDER_DEPTH + 1; i++) vars[`V${i}`] = `V${i - 1}`;
    // nest(n) has n nested placeholders and resolves to V0's value when n ≤ the limit.
    const nest = (n: number): string => (n === 0 ? `V${MAX_PLACEHOLDER_DEPTH + 1}` : `\${${nest(n - 1)}}`);
    const deep = (n: number) => expandPlaceholders(nest(n), 'f', scope(vars));
    expect(await deep(2)).toBe(`V${MAX_PLACEHOLDER_DEPTH - 1}`);
    expect(await deep(MAX_PLACEHOLDER_DEPTH)).toBe('V1');
    await expect(deep(MAX_PLACEHOLDER_DEPTH + 1)).rejects.toThrow(
      new PlaceholderError('f', 'placeholders are nested more than 10 levels deep'),
    );
  });

  it('names the field and the variable when a variable is not set', async () => {
    const error = await failure('--token=${FOO}');
    expect(error.message).toBe('args[0]: variable "FOO" is not set');
    expect(error.field).toBe('args[0]');
  });

  it('rejects an unterminated placeholder', async () => {
    expect((await failure('a ${HOME')).reason).toBe('"${" without a matching "}" (write "$${" for a literal "${")');
  });

  it('rejects empty and unsupported placeholders without echoing values', async () => {
    expect((await failure('${ }')).reason).toBe('empty placeholder "${}"');
    expect((await failure('${config:${SECRET}}')).message).toBe('args[0]: unsupported placeholder "${config:…}"');
    expect((await failure('${config:${SECRET}}')).message).not.toContain('sk-live');
  });

  it('reports a failing command without its output', async () => {
    const error = await failure('${cmd: echo ${SECRET}; exit 4}');
    expect(error.message).toBe('args[0]: command failed with exit code 4');
  });
});

describe('${secret:NAME}', () => {
  it('reads the secret store', async () => {
    expect(await expand('Bearer ${secret:server:github:token}')).toBe('Bearer ghp-from-keychain');
  });

  it('names a missing secret without guessing a value', async () => {
    await expect(expand('${secret:server:nope:token}')).rejects.toThrow('args[0]: secret "server:nope:token" is not in the secret store');
  });
});
