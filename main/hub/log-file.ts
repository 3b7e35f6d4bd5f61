import { readdirSync, statSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import pino from 'pino';

export interface Rotation {
  /** The size at which a new file is started: a number with k, m or g (megabytes without a unit). */
  size: string;
  /** How many files are kept in all, the one being written included. */
  files: number;
}

export interface LogFile {
  write(line: string): void;
  flushSync(): void;
}

/**
 * A log file written in this thread, numbered as pino-roll numbered them (`mcp-hub-37373.3.log`
 * for `mcp-hub-37373.log`), so a hub continues the files an earlier version left. Once the file
 * reaches `rotation.size` the next number starts and only the newest `rotation.files` stay. Lines
 * are written synchronously: the hub logs a few lines per server event, not per request, and a
 * line written is on disk when the process exits.
 */
export function rollingLogFile(file: string, rotation: Rotation, mode: number, onError: (error: Error) => void): LogFile {
  const folder = dirname(file);
  const extension = extname(file) || '.log';
  const stem = basename(file, extname(file));
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.(\\d+)${escapeRegExp(extension)}$`);
  const numbered = (n: number) => join(folder, `${stem}.${n}${extension}`);
  const maxBytes = parseSize(rotation.size);
  let number = Math.max(1, ...numbersIn(folder, pattern));
  let size = sizeOf(numbered(number));
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    onError(error);
  };
  let destination: ReturnType<typeof pino.destination>;
  try {
    destination = pino.destination({ dest: numbered(number), sync: true, mkdir: true, mode });
  } catch (error) {
    fail(error as Error);
    return { write: () => {}, flushSync: () => {} };
  }
  destination.on('error', fail);
  return {
    write(line) {
      if (failed) return;
      try {
        destination.write(line);
        size += Buffer.byteLength(line);
        if (size < maxBytes) return;
        number++;
        size = 0;
        destination.reopen(numbered(number));
      } catch (error) {
        fail(error as Error);
        return;
      }
      void removeOldFiles(folder, pattern, rotation.files);
    },
    flushSync() {
      if (!failed) destination.flushSync();
    },
  };
}

function numbersIn(folder: string, pattern: RegExp): number[] {
  try {
    return readdirSync(folder).flatMap((name) => {
      const match = pattern.exec(name);
      return match ? [Number(match[1])] : [];
    });
  } catch {
    return [];
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function removeOldFiles(folder: string, pattern: RegExp, keep: number): Promise<void> {
  try {
    const files = (await readdir(folder))
      .map((name) => ({ name, number: Number(pattern.exec(name)?.[1] ?? Number.NaN) }))
      .filter((file) => !Number.isNaN(file.number))
      .sort((a, b) => a.number - b.number);
    await Promise.allSettled(files.slice(0, Math.max(0, files.length - keep)).map((file) => unlink(join(folder, file.name))));
  } catch {
    // A folder that cannot be listed keeps its files until the next rotation.
  }
}

/** pino-roll's notation: `10m`, `20k`, `1g`, `512b`; a bare number is megabytes. */
export function parseSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)([bkmg]?)$/i.exec(size.trim());
  if (!match) throw new Error(`${size} is not a valid size in KB, MB or GB`);
  const unit = match[2]!.toLowerCase();
  const multiplier = unit === 'b' ? 1 : unit === 'k' ? 1024 : unit === 'g' ? 1024 ** 3 : 1024 ** 2;
  return Number(match[1]) * multiplier;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
