import { createHash, randomBytes } from 'node:crypto';
import { renameSync, statSync } from 'node:fs';
import { link, mkdir, open, readFile, realpath, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { HubError } from '../errors.js';
import { backUp } from './backup.js';
import { ConfigFileError } from './config-file-error.js';
import { parseConfigText } from './load.js';

export { listBackups, BACKUPS_KEPT } from './backup.js';
export type { BackupInfo } from './backup.js';

export interface ConfigSnapshot {
  /** Absolute path. */
  path: string;
  text: string;
  /** sha256 (hex) of the file's bytes; of '' for a missing file. */
  hash: string;
  exists: boolean;
}

/** The file changed since the caller read it (another editor, another API call). Nothing was written. */
export class ConfigConflictError extends HubError {
  readonly path: string;
  readonly expectedHash: string;
  /** What is on disk now, so the caller can show both versions. */
  readonly current: ConfigSnapshot;

  constructor(path: string, expectedHash: string, current: ConfigSnapshot) {
    super('CONFIG_CONFLICT', `${path} was changed by someone else since it was read; reload it and apply the change again`, {
      path,
      expectedHash,
      current: { hash: current.hash, exists: current.exists, text: current.text },
    });
    this.name = 'ConfigConflictError';
    this.path = path;
    this.expectedHash = expectedHash;
    this.current = current;
  }
}

/** The new text would not load: each problem says where (`file:line:column: json.path: what`). Nothing was written. */
export class ConfigValidationError extends HubError {
  readonly path: string;
  readonly problems: string[];

  constructor(path: string, problems: string[]) {
    super('CONFIG_INVALID', `not saved, ${path} would be invalid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, { path, problems });
    this.name = 'ConfigValidationError';
    this.path = path;
    this.problems = problems;
  }
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readBytes(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function snapshotOf(path: string, bytes: Buffer | undefined): ConfigSnapshot {
  if (bytes === undefined) return { path, text: '', hash: sha256(''), exists: false };
  return { path, text: bytes.toString('utf8'), hash: sha256(bytes), exists: true };
}

export async function readConfigSnapshot(path: string): Promise<ConfigSnapshot> {
  const absolute = resolve(path);
  return snapshotOf(absolute, await readBytes(absolute));
}

/**
 * The file that is really written: a symlinked config (dotfiles repos) must stay a symlink, so the
 * rename happens next to its target. A missing file is written where it was asked for.
 */
async function writeTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return path;
    throw error;
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task for `key` has settled, so writes to one file never interleave. */
function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/** The problems of a config text, by the entry they belong to (`server:<name>`, `profile:<name>`). */
function problemsOf(path: string, text: string): Map<string, string> {
  const { servers, profiles } = parseConfigText(text, path);
  const items = [...servers.map((item) => ['server', item] as const), ...profiles.map((item) => ['profile', item] as const)];
  return new Map(items.flatMap(([kind, item]) => (item.problem === undefined ? [] : [[`${kind}:${item.name}`, item.problem] as const])));
}

/**
 * Refuses a text with a problem; problems of entries that already had one in `previous` are let
 * through, so that an edit of one entry is not blocked by another the user has yet to fix.
 */
function validator(previous: string | undefined) {
  return (path: string, text: string): void => {
    let problems: Map<string, string>;
    try {
      problems = problemsOf(path, text);
    } catch (error) {
      if (error instanceof ConfigFileError) throw new ConfigValidationError(path, [error.message]);
      throw error;
    }
    if (previous !== undefined && problems.size > 0) {
      let before = new Map<string, string>();
      try {
        before = problemsOf(path, previous);
      } catch {
        // The previous text did not load at all: nothing of it is let through.
      }
      for (const key of before.keys()) problems.delete(key);
    }
    if (problems.size > 0) throw new ConfigValidationError(path, [...problems.values()]);
  };
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (network mounts, some FUSE) refuse fsync on directories; the rename stands.
    if (errorCode(error) !== 'EINVAL' && errorCode(error) !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Renames `from` over `to` unless `to` stopped being `held` (someone saved meanwhile); true if it
 * did. The check and the rename run back to back on this thread, synchronously, so the moment in
 * which another program's save would still be lost is the few microseconds between two system
 * calls (POSIX has no rename that compares first).
 */
async function renameIfUnchanged(from: string, to: string, held: string | undefined): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (held !== undefined && !sameFileSync(to, held)) return false;
      renameSync(from, to);
      return true;
    } catch (error) {
      // On Windows a virus scanner or indexer holding the target briefly makes the rename fail.
      const busy = ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (process.platform !== 'win32' || !busy || attempt >= 5) throw error;
      await delay(20 * 2 ** attempt);
    }
  }
}

/** Whether two names are one file: a save in between (a new file renamed over one name) parts them. */
function sameFileSync(a: string, b: string): boolean {
  const first = statSync(a, { throwIfNoEntry: false });
  const second = statSync(b);
  return first !== undefined && first.ino === second.ino && first.dev === second.dev;
}

/**
 * Writes a config file the way editors save: validated first (an entry that had a problem in
 * `previousText`, the version edited, may keep it), only if nobody changed it since
 * `expectedHash` was read, with the old version backed up, and atomically (temp file in the same
 * folder, fsync, rename, fsync of the folder), so a crash at any moment leaves either the old or
 * the new file, whole. Throws ConfigValidationError or ConfigConflictError without touching the file.
 */
export async function writeConfigFile(
  path: string,
  text: string,
  options: { expectedHash: string; backupDir: string; previousText?: string },
): Promise<ConfigSnapshot> {
  const { previousText, ...rest } = options;
  return (await writeFileSafely(path, text, { ...rest, validate: validator(previousText) })).snapshot;
}

/**
 * `writeConfigFile` for any file a user owns (another client's config, too): `validate` throws
 * ConfigValidationError when `text` must not be written. Returns where the replaced version was
 * backed up (undefined when the file did not exist).
 */
export async function writeFileSafely(
  path: string,
  text: string,
  options: { expectedHash: string; backupDir: string; validate: (path: string, text: string) => void },
): Promise<{ snapshot: ConfigSnapshot; backup: string | undefined }> {
  const absolute = resolve(path);
  options.validate(absolute, text);
  // Writes of this process take turns; another process's write (an editor, another hub) is noticed
  // like any save that comes in between.
  return serialised(absolute, async () => replaceFile(absolute, await writeTarget(absolute), Buffer.from(text, 'utf8'), options)).catch((error: unknown) => {
    throw notWritable(absolute, error) ?? error;
  });
}

async function replaceFile(
  absolute: string,
  target: string,
  bytes: Buffer,
  options: { expectedHash: string; backupDir: string },
): Promise<{ snapshot: ConfigSnapshot; backup: string | undefined }> {
  const dir = dirname(target);
  const name = `.${basename(target)}.${randomBytes(6).toString('hex')}`;
  const temp = join(dir, `${name}.tmp`);
  // The version on disk, held by a second name: it is the one checked, and the one the rename
  // replaces only while the config's name still points to it. An editor's save (its own temp
  // file, renamed over the config) parts the two names.
  const hold = join(dir, `${name}.hold`);
  const held = await holdCurrent(target, hold);
  try {
    const before = held ? await readBytes(hold) : await readBytes(target);
    const current = snapshotOf(absolute, before);
    if (current.hash !== options.expectedHash) throw new ConfigConflictError(absolute, options.expectedHash, current);

    let mode = 0o600;
    let backup: string | undefined;
    if (before !== undefined) {
      mode = (await stat(target)).mode & 0o7777;
      backup = await backUp(absolute, before, options.backupDir);
    } else {
      await mkdir(dir, { recursive: true });
    }
    try {
      const handle = await open(temp, 'wx', mode);
      try {
        await handle.writeFile(bytes);
        // The umask may have narrowed the mode given to open.
        await handle.chmod(mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Checked again as late as possible: an editor may have saved while this was written.
      // Without a second name (no hard links here) the content is compared instead, a little earlier.
      const changed = !held && snapshotOf(absolute, await readBytes(target)).hash !== current.hash;
      if (changed || !(await renameIfUnchanged(temp, target, held ? hold : undefined))) {
        throw new ConfigConflictError(absolute, options.expectedHash, snapshotOf(absolute, await readBytes(target)));
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(dir);
    return { snapshot: snapshotOf(absolute, bytes), backup };
  } finally {
    if (held) await unlink(hold).catch(() => undefined);
  }
}

/** Gives the file a second name; false where there is no file, or the file system has no hard links. */
async function holdCurrent(target: string, hold: string): Promise<boolean> {
  try {
    await link(target, hold);
    return true;
  } catch (error) {
    if (['ENOENT', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK'].includes(errorCode(error) ?? '')) return false;
    throw error;
  }
}

/** A file the hub may not write (a read-only folder, another owner's file), said with the file's name. */
function notWritable(path: string, error: unknown): HubError | undefined {
  const code = errorCode(error);
  if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') return undefined;
  const why = code === 'EROFS' ? 'it is on a read-only file system' : 'this user may not write it or its folder';
  return new HubError('CONFIG_NOT_WRITABLE', `Cannot save ${path}: ${why} (${code}). Nothing was changed.`, { path });
}
