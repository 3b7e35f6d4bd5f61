import { constants, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { assertAccount, assertValue, SecretStoreError, type SecretStore } from './secret-store.js';

const FILE_VERSION = 1;

// Mode bits and owners mean nothing on Windows, where the keychain (Credential Manager) is always there anyway.
const POSIX = process.platform !== 'win32';
// A symlink planted in place of the file must not redirect reads or writes elsewhere.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const STICKY = 0o1000;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return errorCode(error) === 'EPERM';
  }
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/**
 * Secrets in a JSON file that only the user can read, for hosts without a keychain. Not encrypted:
 * anyone who can act as the user (or root) can read it, which is why openSecretStore warns about it.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly path: string;
  private readonly folder: string;
  // Writes are read-modify-write; one at a time within the process, so none is lost.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    if (!path) throw new SecretStoreError('INVALID_ARGUMENT', 'the file store needs a file path');
    this.path = resolve(path);
    this.folder = dirname(this.path);
  }

  async get(account: string): Promise<string | undefined> {
    assertAccount(account);
    return this.serialized(async () => (await this.read()).get(account));
  }

  async set(account: string, value: string): Promise<void> {
    assertAccount(account);
    assertValue(account, value);
    return this.serialized(async () => {
      const secrets = await this.read();
      secrets.set(account, value);
      await this.write(secrets);
    });
  }

  async delete(account: string): Promise<boolean> {
    assertAccount(account);
    return this.serialized(async () => {
      const secrets = await this.read();
      if (!secrets.delete(account)) return false;
      await this.write(secrets);
      return true;
    });
  }

  async list(): Promise<string[]> {
    return this.serialized(async () => [...(await this.read()).keys()].sort());
  }

  /** Fails now, with the reason, if the file or its folder could not be used; creates nothing. */
  async check(): Promise<void> {
    return this.serialized(async () => {
      await this.read();
    });
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async read(): Promise<Map<string, string>> {
    await this.checkFolder();
    let handle: FileHandle;
    try {
      handle = await open(this.path, constants.O_RDONLY | NO_FOLLOW);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return new Map();
      if (code === 'ELOOP') {
        throw new SecretStoreError('INSECURE_FILE', `the secrets file ${this.path} is a symbolic link; secrets are only kept in a plain file`);
      }
      throw error;
    }
    let text: string;
    try {
      // The checks look at the file that was opened, so it cannot be swapped between check and read.
      this.checkFile(await handle.stat());
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
    return this.parse(text);
  }

  private parse(text: string): Map<string, string> {
    const malformed = (what: string) =>
      new SecretStoreError(
        'MALFORMED_FILE',
        `the secrets file ${this.path} ${what}; it was not written by MCP Hub or was damaged. Move it away to start with no stored secrets`,
      );
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // JSON.parse quotes the text around the error, which may be a secret: its message is not passed on.
      throw malformed('is not valid JSON');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw malformed('is not a JSON object');
    const { version, secrets } = data as { version?: unknown; secrets?: unknown };
    if (version !== FILE_VERSION) throw malformed(`has version ${JSON.stringify(version) ?? 'none'}, not ${FILE_VERSION}`);
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) throw malformed('has no "secrets" object');
    const result = new Map<string, string>();
    for (const [account, value] of Object.entries(secrets)) {
      if (typeof value !== 'string') throw malformed(`has a value for "${account}" that is not a string`);
      result.set(account, value);
    }
    return result;
  }

  private checkFile(info: Stats): void {
    if (!info.isFile()) throw new SecretStoreError('INSECURE_FILE', `the secrets file ${this.path} is not a regular file`);
    if (!POSIX) return;
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new SecretStoreError(
        'INSECURE_FILE',
        `the secrets file ${this.path} belongs to another user (uid ${info.uid}, this process runs as uid ${uid}); it is not used`,
      );
    }
    if ((info.mode & 0o077) !== 0) {
      throw new SecretStoreError(
        'INSECURE_FILE',
        `the secrets file ${this.path} can be read or changed by other users (mode ${octal(info.mode)}), so it is not used; ` +
          `if no one else has read it, run \`chmod 600 ${this.path}\`, otherwise also replace the secrets in it`,
      );
    }
  }

  private async checkFolder(): Promise<void> {
    if (!POSIX) return;
    let info: Stats;
    try {
      info = await stat(this.folder);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw error;
    }
    // Whoever can write to the folder can replace the file, sticky folders (/tmp) excepted.
    if ((info.mode & 0o022) !== 0 && (info.mode & STICKY) === 0) {
      throw new SecretStoreError(
        'INSECURE_FILE',
        `the folder ${this.folder} of the secrets file can be changed by other users (mode ${octal(info.mode)}), who could replace the file; ` +
          `run \`chmod 700 ${this.folder}\``,
      );
    }
  }

  private async ensureFolder(): Promise<void> {
    // Only the hub's own folder is made private; parents like ~/.local/share keep the usual modes.
    await mkdir(dirname(this.folder), { recursive: true });
    try {
      await mkdir(this.folder, { mode: 0o700 });
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    await this.checkFolder();
  }

  /** A reader (or a crash) sees the old file or the new one, never a part of either. */
  private async write(secrets: Map<string, string>): Promise<void> {
    await this.ensureFolder();
    const text = `${JSON.stringify({ version: FILE_VERSION, secrets: Object.fromEntries(secrets) }, null, 2)}\n`;
    const temp = join(this.folder, `${this.tempPrefix()}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    // O_EXCL: a name someone else created (or a symlink) is never written through.
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600);
    try {
      try {
        // An unusual umask may have taken the owner's write bit; the next write needs it.
        await handle.chmod(0o600);
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await this.syncFolder();
    await this.removeStaleTempFiles();
  }

  private tempPrefix(): string {
    return `.${basename(this.path)}.`;
  }

  /**
   * A writer killed between creating its temporary file and renaming it leaves a full copy of the
   * secrets behind, including ones the user deletes later; those copies go once their writer is gone.
   */
  private async removeStaleTempFiles(): Promise<void> {
    const prefix = this.tempPrefix();
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
      if (!match) continue;
      const pid = Number(match[1]);
      if (pid === process.pid || isAlive(pid)) continue;
      await unlink(join(this.folder, name)).catch(() => undefined);
    }
  }

  /** Makes the rename itself survive a power cut; not possible on every platform, and not needed for correctness. */
  private async syncFolder(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.folder, constants.O_RDONLY);
      await handle.sync();
    } catch {
      // Best effort only.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}
