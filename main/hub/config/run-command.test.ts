import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaceholderError } from './placeholders.js';
import { runPlaceholderCommand } from './run-command.js';
import type { RunCommandOptions } from './run-command.js';

const base: RunCommandOptions = { field: 'env.TOKEN', timeoutMs: 5_000, cwd: tmpdir(), env: { PATH: process.env.PATH ?? '' } };

async function failure(command: string, options: Partial<RunCommandOptions> = {}): Promise<PlaceholderError> {
  const error: unknown = await runPlaceholderCommand(command, { ...base, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof PlaceholderError) return error;
  throw new Error(`expected a PlaceholderError, got ${String(error)}`);
}

describe.skipIf(process.platform === 'win32')('runPlaceholderCommand', () => {
  it('returns trimmed stdout', async () => {
    expect(await runPlaceholderCommand("printf '  tok en \\n\\n'", base)).toBe('tok en');
  });

  it('runs in the given cwd with the given env', async () => {
    expect(await runPlaceholderCommand('pwd; echo "$ONLY_HERE"', { ...base, env: { ...base.env, ONLY_HERE: 'yes' } })).toMatch(
      /\nyes$/,
    );
  });

  it('reports a non-zero exit without the output (which may be a secret)', async () => {
    const error = await failure('echo sk-secret-out; echo sk-secret-err >&2; exit 3');
    expect(error.message).toBe('env.TOKEN: command failed with exit code 3');
    expect(error.field).toBe('env.TOKEN');
    expect(error.message).not.toContain('sk-secret');
  });

  it('kills a command that runs too long, shell and children alike', async () => {
    const started = Date.now();
    const error = await failure('sleep 5', { timeoutMs: 200 });
    expect(error.message).toBe('env.TOKEN: command timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves no grandchildren behind after a timeout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hub-cmd-'));
    try {
      const pidFile = join(dir, 'pid');
      const error = await failure(`echo $$ > '${pidFile}'; sleep 5 | cat; true`, { timeoutMs: 300 });
      expect(error.reason).toBe('command timed out after 300 ms');
      const groupId = (await readFile(pidFile, 'utf8')).trim();
      await new Promise((r) => setTimeout(r, 100));
      // Zombies are excluded: they are dead, and a container's init may never reap them.
      const alive = execFileSync('ps', ['-eo', 'pgid=,stat=,comm='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter(([pgid, stat]) => pgid === groupId && !stat?.startsWith('Z'));
      expect(alive).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure('sleep 5', { signal: controller.signal });
    expect(error.message).toBe('env.TOKEN: command cancelled');
  });

  it('caps the output size', async () => {
    const error = await failure('head -c 5000 /dev/zero', { maxOutputBytes: 1000 });
    expect(error.reason).toBe('command output is larger than 1000 bytes');
  });
});
