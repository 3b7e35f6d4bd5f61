import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configVersions } from '../../../test/fixtures/config-writer.js';
import { removeDir, tempDir } from '../../../test/helpers.js';
import { applyConfigEdits } from './edit.js';
import { parseConfigText } from './load.js';
import {
  BACKUPS_KEPT,
  ConfigConflictError,
  ConfigValidationError,
  listBackups,
  readConfigSnapshot,
  writeConfigFile,
} from './write.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const EMPTY_HASH = sha256('');
const isWindows = process.platform === 'win32';

const VALID = '{\n  // mine\n  "mcpServers": {\n    "a": { "command": "a" }\n  }\n}\n';

let dir: string;
let backupDir: string;
let file: string;

beforeEach(async () => {
  dir = await tempDir('mcp-hub-write-');
  backupDir = join(dir, 'state', 'backups');
  file = join(dir, 'project', 'mcp.json');
});

afterEach(async () => {
  await removeDir(dir);
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('readConfigSnapshot', () => {
  it('describes a missing file as empty', async () => {
    expect(await readConfigSnapshot(file)).toEqual({ path: file, text: '', hash: EMPTY_HASH, exists: false });
  });

  it('hashes the bytes', async () => {
    await mkdir(join(dir, 'project'));
    await writeFile(file, VALID);
    expect(await readConfigSnapshot(file)).toEqual({ path: file, text: VALID, hash: sha256(VALID), exists: true });
  });
});

describe('writeConfigFile', () => {
  it('creates a new file and its folders, readable by its owner only', async () => {
    const written = await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    expect(written).toEqual({ path: file, text: VALID, hash: sha256(VALID), exists: true });
    expect(await readFile(file, 'utf8')).toBe(VALID);
    if (!isWindows) expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await listBackups(file, backupDir)).toEqual([]);
  });

  it.skipIf(isWindows)('keeps the mode of an existing file', async () => {
    await mkdir(join(dir, 'project'));
    await writeFile(file, VALID);
    await chmod(file, 0o640);
    const next = VALID.replace('"a"', '"b"');
    await writeConfigFile(file, next, { expectedHash: sha256(VALID), backupDir });
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('round-trips an edit: read, applyConfigEdits, write', async () => {
    await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    const snapshot = await readConfigSnapshot(file);
    const text = applyConfigEdits(snapshot.text, file, [{ kind: 'setField', name: 'a', field: 'disabled', value: true }]);
    const written = await writeConfigFile(file, text, { expectedHash: snapshot.hash, backupDir });
    expect(await readFile(file, 'utf8')).toBe(
      '{\n  // mine\n  "mcpServers": {\n    "a": { "command": "a", "disabled": true }\n  }\n}\n',
    );
    expect(written.hash).toBe((await readConfigSnapshot(file)).hash);
  });

  it('refuses a stale hash with ConfigConflictError carrying what is on disk, and changes nothing', async () => {
    await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    const theirs = VALID.replace('"a"', '"theirs"');
    await writeFile(file, theirs); // another editor saves in between
    const error = await rejection(writeConfigFile(file, VALID.replace('"a"', '"ours"'), { expectedHash: sha256(VALID), backupDir }));
    expect(error).toBeInstanceOf(ConfigConflictError);
    const conflict = error as ConfigConflictError;
    expect(conflict.path).toBe(file);
    expect(conflict.expectedHash).toBe(sha256(VALID));
    expect(conflict.current).toEqual({ path: file, text: theirs, hash: sha256(theirs), exists: true });
    expect(await readFile(file, 'utf8')).toBe(theirs);
    expect(await listBackups(file, backupDir)).toEqual([]);
  });

  it('treats a file created since it was found missing as a conflict', async () => {
    await mkdir(join(dir, 'project'));
    await writeFile(file, VALID);
    const error = await rejection(writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir }));
    expect(error).toBeInstanceOf(ConfigConflictError);
  });

  it('refuses a server entry the loader would reject, saying where, and leaves the file byte-identical', async () => {
    await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    const before = await readFile(file);
    const invalid = '{\n  "mcpServers": {\n    "x": { "command": "x", "url": "https://example.com" },\n    "y": { "command": "" }\n  }\n}\n';
    const error = await rejection(writeConfigFile(file, invalid, { expectedHash: sha256(VALID), backupDir }));
    expect(error).toBeInstanceOf(ConfigValidationError);
    const validation = error as ConfigValidationError;
    expect(validation.path).toBe(file);
    expect(validation.problems).toEqual([
      `${file}:3:10: mcpServers.x: cannot mix command (stdio) and url (remote)`,
      `${file}:4:23: mcpServers.y.command: expected a non-empty string`,
    ]);
    expect(validation.message).toContain(`${file}:3:10: mcpServers.x: cannot mix command (stdio) and url (remote)`);
    expect((await readFile(file)).equals(before)).toBe(true);
    expect(await listBackups(file, backupDir)).toEqual([]);
  });

  it('refuses text that does not parse, with line and column', async () => {
    await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    const error = await rejection(writeConfigFile(file, '{\n  "mcpServers": {\n    "a": {}\n', { expectedHash: sha256(VALID), backupDir }));
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual([`${file}:4:1: expected a comma or closing brace`]);
    expect(await readFile(file, 'utf8')).toBe(VALID);
    expect(await rejection(writeConfigFile(file, '', { expectedHash: sha256(VALID), backupDir }))).toBeInstanceOf(ConfigValidationError);
  });

  it('backs up each replaced version in the state dir, keeping the newest ten', async () => {
    const versions = Array.from({ length: 13 }, (_, i) => VALID.replace('"a"', `"v${i}"`));
    let hash = EMPTY_HASH;
    for (const version of versions) hash = (await writeConfigFile(file, version, { expectedHash: hash, backupDir })).hash;

    const backups = await listBackups(file, backupDir);
    expect(backups).toHaveLength(BACKUPS_KEPT);
    // Newest first: the version replaced last is the one before the current.
    const contents = await Promise.all(backups.map((backup) => readFile(backup.file, 'utf8')));
    expect(contents).toEqual(versions.slice(2, 12).reverse());
    for (const backup of backups) {
      expect(relative(backupDir, backup.file).startsWith('..')).toBe(false);
      expect(new Date(backup.time).toISOString()).toBe(backup.time);
      if (!isWindows) expect((await stat(backup.file)).mode & 0o777).toBe(0o600);
    }
    expect([...backups].sort((a, b) => (a.time < b.time ? 1 : -1)).map((b) => b.time)).toEqual(backups.map((b) => b.time));
    // Nothing is left next to the user's file.
    expect(await readdir(join(dir, 'project'))).toEqual(['mcp.json']);
  });

  it('keeps backups of different files apart', async () => {
    const other = join(dir, 'other', 'mcp.json');
    await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    await writeConfigFile(other, VALID, { expectedHash: EMPTY_HASH, backupDir });
    await writeConfigFile(file, VALID.replace('"a"', '"b"'), { expectedHash: sha256(VALID), backupDir });
    expect(await listBackups(file, backupDir)).toHaveLength(1);
    expect(await listBackups(other, backupDir)).toEqual([]);
  });

  it('serialises concurrent writes to one file: the second sees the first and conflicts', async () => {
    await writeConfigFile(file, VALID, { expectedHash: EMPTY_HASH, backupDir });
    const first = VALID.replace('"a"', '"first"');
    const second = VALID.replace('"a"', '"second"');
    const results = await Promise.allSettled([
      writeConfigFile(file, first, { expectedHash: sha256(VALID), backupDir }),
      writeConfigFile(file, second, { expectedHash: sha256(VALID), backupDir }),
    ]);
    expect(results[0]?.status).toBe('fulfilled');
    expect(results[1]?.status === 'rejected' && results[1].reason instanceof ConfigConflictError).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(first);
  });

  it.skipIf(isWindows)('writes through a symlink and keeps the link', async () => {
    const real = join(dir, 'dotfiles', 'mcp.json');
    await mkdir(join(dir, 'dotfiles'));
    await mkdir(join(dir, 'project'));
    await writeFile(real, VALID);
    await symlink(real, file);
    const next = VALID.replace('"a"', '"b"');
    await writeConfigFile(file, next, { expectedHash: sha256(VALID), backupDir });
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    expect(await readlink(file)).toBe(real);
    expect(await readFile(real, 'utf8')).toBe(next);
    expect(await readdir(join(dir, 'dotfiles'))).toEqual(['mcp.json']);
  });
});

describe('writeConfigFile under kill -9', () => {
  // Each writer boots tsx (about a CPU-second), so 20 kills take ~12 s on an idle two-core machine;
  // on a busy one the test stops starting rounds after 12 s, though never before ten kills.
  const ROUNDS = 20;
  const MIN_ROUNDS = 10;
  const BUDGET_MS = 12_000;
  const ROOT = join(import.meta.dirname, '..', '..', '..');
  const WRITER = join(ROOT, 'test', 'fixtures', 'config-writer.ts');

  interface Writer {
    child: ChildProcessByStdio<Writable, Readable, Readable>;
    ready: Promise<void>;
    exited: Promise<NodeJS.Signals | null>;
    stderr: () => string;
  }

  function startWriter(path: string): Writer {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, backupDir], { cwd: ROOT, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      void exited.then(() => reject(new Error(`the writer exited before it was ready: ${stderr}`)));
    });
    // A writer booted ahead but not needed is killed unready; only awaited readiness may fail the test.
    ready.catch(() => undefined);
    return { child, ready, exited, stderr: () => stderr };
  }

  it(
    'never leaves a torn, empty or mixed file',
    async () => {
      const versions = configVersions();
      await writeConfigFile(file, versions[0] ?? '', { expectedHash: EMPTY_HASH, backupDir });
      const seen = new Set<number>();
      // Writers boot ahead (tsx takes about a second) but only one at a time is told to write.
      const writers = [startWriter(file), startWriter(file)];
      const started = Date.now();
      let rounds = 0;
      try {
        for (let round = 0; round < ROUNDS && (round < MIN_ROUNDS || Date.now() - started < BUDGET_MS); round++) {
          rounds++;
          if (round + writers.length < ROUNDS) writers.push(startWriter(file));
          const writer = writers.shift();
          if (!writer) throw new Error('unreachable');
          await writer.ready;
          writer.child.stdin.write('go\n');
          await new Promise((wait) => setTimeout(wait, 20 + Math.random() * 180));
          writer.child.kill('SIGKILL');
          expect(await writer.exited).toBe('SIGKILL');
          expect(writer.stderr()).toBe('');

          const text = await readFile(file, 'utf8');
          const index = versions.indexOf(text);
          expect(index, `round ${round}: the file is not one of the complete versions (${text.length} chars)`).not.toBe(-1);
          expect(parseConfigText(text, file).servers).toHaveLength(200);
          seen.add(index);
        }
      } finally {
        for (const writer of writers) writer.child.kill('SIGKILL');
        await Promise.all(writers.map((writer) => writer.exited));
      }
      expect(rounds).toBeGreaterThanOrEqual(MIN_ROUNDS);
      // Proof that the kills landed while the writer was busy, not before it wrote anything.
      expect(seen.size).toBeGreaterThan(1);
    },
    60_000,
  );
});
