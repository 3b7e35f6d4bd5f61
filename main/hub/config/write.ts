import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
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

function validate(path: string, text: string): void {
  let problems: string[];
  try {
    problems = parseConfigText(text, path).servers.flatMap((server) => (server.problem === undefined ? [] : [server.problem]));
  } catch (error) {
    if (error instanceof ConfigFileError) throw new ConfigValidationError(path, [error.message]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigValidationError(path, problems);
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

async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      // On Windows a virus scanner or indexer holding the target briefly makes the rename fail.
      const busy = ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (process.platform !== 'win32' || !busy || attempt >= 5) throw error;
      await delay(20 * 2 ** attempt);
    }
  }
}

/**
 * Writes a config file the way editors save: validated first, only if nobody changed it since
 * `expectedHash` was read, with the old version backed up, and atomically (temp file in the same
 * folder, fsync, rename, fsync of the folder), so a crash at any moment leaves either the old or
 * the new file, whole. Throws ConfigValidationError or ConfigConflictError without touching the file.
 */
export async function writeConfigFile(
  path: string,
  text: string,
  options: { expectedHash: string; backupDir: string },
): Promise<ConfigSnapshot> {
  return (await writeFileSafely(path, text, { ...options, validate })).snapshot;
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
  return serialised(absolute, async () => {
    const target = await writeTarget(absolute);
    const before = await readBytes(target);
    const current = snapshotOf(absolute, before);
    if (current.hash !== options.expectedHash) throw new ConfigConflictError(absolute, options.expectedHash, current);

    let mode = 0o600;
    let backup: string | undefined;
    if (before !== undefined) {
      mode = (await stat(target)).mode & 0o7777;
      backup = await backUp(absolute, before, options.backupDir);
    } else {
      await mkdir(dirname(target), { recursive: true });
    }

    const dir = dirname(target);
    const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const bytes = Buffer.from(text, 'utf8');
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
      const latest = snapshotOf(absolute, await readBytes(target));
      if (latest.hash !== current.hash) throw new ConfigConflictError(absolute, options.expectedHash, latest);
      await renameOver(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(dir);
    return { snapshot: snapshotOf(absolute, bytes), backup };
  });
}
