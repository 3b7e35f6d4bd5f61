import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from './file-store.js';
import { rejection } from './test-support.js';

const SECRET = 'sk-live-do-not-print-4242';
const POSIX = process.platform !== 'win32';
const ROOT_USER = process.getuid?.() === 0;

let base: string;
let folder: string;
let file: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'mcp-hub-secrets-'));
  folder = join(base, 'data', 'mcp-hub');
  file = join(folder, 'secrets.json');
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function writeRaw(content: string, fileMode = 0o600): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: fileMode });
  chmodSync(file, fileMode);
}

describe('FileSecretStore', () => {
  it('stores, lists and deletes secrets in a 0600 file inside a 0700 folder', async () => {
    const store = new FileSecretStore(file);
    expect(store.kind).toBe('file');
    await store.set('server:github', SECRET);
    await store.set('server:a', 'ünïcödé – "quoted" \\ value\n');
    expect(await store.get('server:github')).toBe(SECRET);
    expect(await store.get('server:a')).toBe('ünïcödé – "quoted" \\ value\n');
    expect(await store.get('missing')).toBeUndefined();
    expect(await store.list()).toEqual(['server:a', 'server:github']);
    // A second instance (a restart) reads the same file.
    expect(await new FileSecretStore(file).get('server:github')).toBe(SECRET);
    expect(await store.delete('server:github')).toBe(true);
    expect(await store.delete('server:github')).toBe(false);
    expect(await store.list()).toEqual(['server:a']);
    if (POSIX) {
      expect(mode(folder)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
    }
  });

  it('creates nothing until a secret is stored', async () => {
    const store = new FileSecretStore(file);
    expect(await store.get('anything')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(await store.delete('anything')).toBe(false);
    await store.check();
    expect(existsSync(folder)).toBe(false);
  });

  it('keeps the usual modes of the parent folders it creates', async () => {
    if (!POSIX) return;
    const previous = process.umask(0o022);
    try {
      await new FileSecretStore(file).set('a', SECRET);
    } finally {
      process.umask(previous);
    }
    expect(mode(join(base, 'data'))).toBe(0o755);
    expect(mode(folder)).toBe(0o700);
  });

  it('writes a 0600 file whatever the umask', async () => {
    if (!POSIX) return;
    const previous = process.umask(0o000);
    try {
      await new FileSecretStore(file).set('a', SECRET);
      await new FileSecretStore(file).set('b', SECRET);
    } finally {
      process.umask(previous);
    }
    expect(mode(file)).toBe(0o600);
  });

  it('loses no write when many come at once', async () => {
    const store = new FileSecretStore(file);
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.set(`account-${i}`, `value-${i}-secret`)));
    expect(await store.list()).toHaveLength(25);
    const fresh = new FileSecretStore(file);
    for (let i = 0; i < 25; i++) expect(await fresh.get(`account-${i}`)).toBe(`value-${i}-secret`);
  });

  it('rejects empty accounts and values', async () => {
    const store = new FileSecretStore(file);
    expect((await rejection(store.set('', SECRET))).code).toBe('INVALID_ARGUMENT');
    const error = await rejection(store.set('a', ''));
    expect(error.code).toBe('INVALID_ARGUMENT');
  });

  describe('atomic writes', () => {
    it('replaces the file by renaming a temporary file: no temporary files stay, an old link keeps the old content', async () => {
      const store = new FileSecretStore(file);
      await store.set('a', 'first-value');
      const oldLink = join(base, 'old-link');
      linkSync(file, oldLink);
      const before = statSync(file).ino;
      await store.set('a', 'second-value');
      expect(statSync(file).ino).not.toBe(before);
      expect(readFileSync(oldLink, 'utf8')).toContain('first-value');
      expect(readFileSync(file, 'utf8')).toContain('second-value');
      expect(readdirSync(folder)).toEqual(['secrets.json']);
    });

    it('removes temporary files of writers that died, not of those still running', async () => {
      const store = new FileSecretStore(file);
      await store.set('a', 'first-value');
      const dead = spawn(process.execPath, ['-e', '']);
      const deadPid = dead.pid ?? 0;
      await new Promise((done) => dead.on('exit', done));
      const stale = `.secrets.json.${deadPid}.0123456789ab.tmp`;
      const running = `.secrets.json.${process.ppid}.0123456789ab.tmp`;
      for (const name of [stale, running]) writeFileSync(join(folder, name), 'old copy', { mode: 0o600 });
      await store.set('a', 'second-value');
      expect(readdirSync(folder).sort()).toEqual([running, 'secrets.json']);
    });

    it('never shows a reader a partial file', async () => {
      const store = new FileSecretStore(file);
      await store.set('big', 'x'.repeat(1_000_000));
      let writing = true;
      const writes = (async () => {
        for (let i = 0; i < 30; i++) await store.set('big', `${i}`.repeat(1_000_000 / `${i}`.length));
        writing = false;
      })();
      let reads = 0;
      while (writing) {
        // Synchronous reads run between the asynchronous write steps (open, write, rename).
        const data = JSON.parse(readFileSync(file, 'utf8')) as { secrets: Record<string, string> };
        expect(data.secrets['big']).toHaveLength(1_000_000);
        reads++;
        await delay(0);
      }
      await writes;
      expect(reads).toBeGreaterThan(5);
    });

    it(
      'leaves a valid file when the writing process is killed (kill -9) mid-write',
      async () => {
        const fixture = join(import.meta.dirname, 'secrets-child.fixture.ts');
        for (let round = 0; round < 4; round++) {
          const child = spawn(process.execPath, ['--import', 'tsx', fixture, 'write-loop', file], { stdio: 'pipe' });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
          await new Promise<void>((resolve, reject) => {
            child.stdout.on('data', (chunk: Buffer) => {
              if (chunk.toString().includes('ready')) resolve();
            });
            void exited.then(() => reject(new Error(`the writer exited before it was ready: ${stderr}`)));
          });
          await delay(100 + Math.random() * 300);
          child.kill('SIGKILL');
          expect(await exited).toBe('SIGKILL');
          const value = await new FileSecretStore(file).get('counter');
          expect(value).toMatch(/^\d+:(x{10}|x{200000})$/);
          if (POSIX) expect(mode(file)).toBe(0o600);
        }
        // Copies of the secrets that killed writers left in temporary files go with the next write.
        await new FileSecretStore(file).set('counter', 'done');
        expect(readdirSync(folder)).toEqual(['secrets.json']);
      },
      60_000,
    );
  });

  describe('permissions', () => {
    it.each(['0644', '0640', '0604', '0660', '0606'])('refuses a file with mode %s, and says so without a value', async (octal) => {
      if (!POSIX) return;
      const loose = parseInt(octal, 8);
      writeRaw(JSON.stringify({ version: 1, secrets: { a: SECRET } }), loose);
      const store = new FileSecretStore(file);
      for (const attempt of [store.get('a'), store.list(), store.set('b', 'other-secret-value'), store.delete('a'), store.check()]) {
        const error = await rejection(attempt);
        expect(error.code).toBe('INSECURE_FILE');
        expect(error.message).toContain(file);
        expect(error.message).toContain(`mode ${octal}`);
        expect(error.message).toContain(`chmod 600 ${file}`);
        expect(error.message).not.toContain(SECRET);
        expect(error.message).not.toContain('other-secret-value');
      }
      // Refused, not repaired behind the user's back, and not written to.
      expect(mode(file)).toBe(loose);
      expect(readFileSync(file, 'utf8')).not.toContain('other-secret-value');
    });

    it('refuses a folder that others can write to, unless it is sticky', async () => {
      if (!POSIX) return;
      writeRaw(JSON.stringify({ version: 1, secrets: { a: SECRET } }));
      chmodSync(folder, 0o777);
      const error = await rejection(new FileSecretStore(file).get('a'));
      expect(error.code).toBe('INSECURE_FILE');
      expect(error.message).toContain(`chmod 700 ${folder}`);
      chmodSync(folder, 0o1777);
      expect(await new FileSecretStore(file).get('a')).toBe(SECRET);
    });

    it('refuses a symbolic link in place of the file', async () => {
      if (!POSIX) return;
      const target = join(base, 'elsewhere.json');
      writeFileSync(target, JSON.stringify({ version: 1, secrets: { a: SECRET } }), { mode: 0o600 });
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      symlinkSync(target, file);
      const error = await rejection(new FileSecretStore(file).get('a'));
      expect(error.code).toBe('INSECURE_FILE');
      expect(error.message).toContain('symbolic link');
    });

    it.runIf(POSIX && ROOT_USER)('refuses a file that belongs to another user', async () => {
      writeRaw(JSON.stringify({ version: 1, secrets: { a: SECRET } }));
      chownSync(file, 12345, 12345);
      const error = await rejection(new FileSecretStore(file).get('a'));
      expect(error.code).toBe('INSECURE_FILE');
      expect(error.message).toContain('another user');
    });
  });

  describe('a damaged file', () => {
    it.each([
      ['cut-off JSON', `{"version": 1, "secrets": {"a": "${SECRET}`],
      ['not JSON', `${SECRET} is not json`],
      ['a wrong version', JSON.stringify({ version: 2, secrets: { a: SECRET } })],
      ['a value that is not a string', JSON.stringify({ version: 1, secrets: { a: { nested: SECRET } } })],
      ['no secrets object', JSON.stringify({ version: 1, token: SECRET })],
    ])('is refused with a message that quotes none of it: %s', async (_what, content) => {
      writeRaw(content);
      const error = await rejection(new FileSecretStore(file).get('a'));
      expect(error.code).toBe('MALFORMED_FILE');
      expect(error.message).toContain(file);
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain('sk-live');
    });
  });
});
