import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/** How many earlier versions of each config file are kept. */
export const BACKUPS_KEPT = 10;

export interface BackupInfo {
  /** Absolute path of the backup file. */
  file: string;
  /** When the backed-up version was replaced, as an ISO timestamp. */
  time: string;
}

/**
 * Backups live in the hub's state dir, one folder per config file, so project folders (which may
 * be git repositories) are never littered. The folder is named by a hash of the path because two
 * projects both have a `.vscode/mcp.json`.
 */
function backupFolder(path: string, backupDir: string): string {
  return join(backupDir, createHash('sha256').update(resolve(path)).digest('hex').slice(0, 12));
}

// ISO time with ":" replaced, since Windows does not allow it in file names; a counter only
// when two versions are replaced within the same millisecond.
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2}\.\d{3}Z)(?:-(\d+))?$/;

interface Entry extends BackupInfo {
  counter: number;
}

async function entries(path: string, backupDir: string): Promise<Entry[]> {
  const folder = backupFolder(path, backupDir);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: Entry[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = STAMP.exec(name.slice(prefix.length));
    if (!match) continue;
    const [, hour, minute, rest, counter] = match;
    found.push({ file: join(folder, name), time: `${hour}:${minute}:${rest}`, counter: Number(counter ?? 0) });
  }
  return found.sort((a, b) => (a.time === b.time ? b.counter - a.counter : a.time < b.time ? 1 : -1));
}

/** The backups of the config file at `path`, newest first. */
export async function listBackups(path: string, backupDir: string): Promise<BackupInfo[]> {
  return (await entries(path, backupDir)).map(({ file, time }) => ({ file, time }));
}

/**
 * Saves `bytes` (the version of `path` about to be replaced) and deletes all but the newest
 * BACKUPS_KEPT backups of that file. Returns the backup's path.
 */
export async function backUp(path: string, bytes: Buffer, backupDir: string): Promise<string> {
  const folder = backupFolder(path, backupDir);
  // Configs can hold API keys: neither the folder nor the copies are for other users.
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/:/g, '-');
  let file: string;
  for (let counter = 0; ; counter++) {
    file = join(folder, `${basename(path)}.${stamp}${counter === 0 ? '' : `-${counter}`}`);
    try {
      // A backup is a convenience, not the durability guarantee, so it is not fsynced.
      await writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const old = (await entries(path, backupDir)).slice(BACKUPS_KEPT);
  await Promise.all(old.map((entry) => rm(entry.file, { force: true })));
  return file;
}
