import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import type * as NodeFs from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeDir, tempDir } from '../../../test/helpers.js';
import { ConfigEditor } from './editor.js';
import { ConfigConflictError, writeConfigFile } from './write.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const config = (servers: Record<string, unknown>) => `${JSON.stringify({ mcpServers: servers }, null, 2)}\n`;

let dir: string;
let backupDir: string;
let file: string;

beforeEach(async () => {
  dir = await tempDir('mcp-hub-race-');
  backupDir = join(dir, 'backups');
  file = join(dir, 'config', 'mcp.json');
  await mkdir(join(dir, 'config'));
});

afterEach(async () => {
  await chmod(join(dir, 'config'), 0o755).catch(() => {});
  await removeDir(dir);
});

/**
 * An editor that saves the way editors do (a temp file of its own, renamed over the config) at the
 * worst moment the hub can see: when it checks, for the last time before its rename, that the
 * config is still the version it read. (The two system calls after that check, a stat and the
 * rename, cannot be made one: POSIX has no rename that compares first.)
 */
let editorSave: string | undefined;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  return {
    ...fs,
    statSync: ((path: string, options?: object) => {
      if (editorSave !== undefined && path === file) {
        const temp = `${file}.editor.tmp`;
        fs.writeFileSync(temp, editorSave);
        fs.renameSync(temp, file);
        editorSave = undefined;
      }
      return fs.statSync(path, options);
    }) as typeof fs.statSync,
  };
});

describe('config writes racing an editor (issue: a save between check and rename was lost)', () => {
  it("never replaces an editor's save that lands during the hub's write: the hub answers 409 instead", async () => {
    const base = config({ a: { command: 'a' } });
    await writeFile(file, base);
    editorSave = config({ editor: { command: 'e' } });
    const error = await writeConfigFile(file, config({ hub: { command: 'h' } }), { expectedHash: sha256(base), backupDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigConflictError);
    expect((error as ConfigConflictError).current.text).toBe(config({ editor: { command: 'e' } }));
    expect(await readFile(file, 'utf8')).toBe(config({ editor: { command: 'e' } }));
    // Without a save in between, the same write goes through.
    const current = await readFile(file, 'utf8');
    await writeConfigFile(file, config({ hub: { command: 'h' } }), { expectedHash: sha256(current), backupDir });
    expect(await readFile(file, 'utf8')).toBe(config({ hub: { command: 'h' } }));
  });

  it('answers an API edit whose server an editor removed meanwhile with a conflict, not "not found"', async () => {
    await writeFile(file, config({ a: { command: 'a' }, b: { command: 'b' } }));
    const editor = new ConfigEditor([file], backupDir);
    // The editor saves during the hub's first attempt; on its second, the hub finds no server a.
    editorSave = config({ b: { command: 'b' } });
    const error = await editor.editFile(file, [{ kind: 'setField', name: 'a', field: 'disabled', value: true }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigConflictError);
    expect(error).toMatchObject({ code: 'CONFIG_CONFLICT' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ mcpServers: { b: { command: 'b' } } });
  });

  it('says which file it cannot write, and changes nothing, in a read-only folder', async () => {
    const text = config({ a: { command: 'a' } });
    await writeFile(file, text);
    await chmod(join(dir, 'config'), 0o555);
    const error = await writeAsOrdinaryUser(file, config({}), sha256(text));
    expect(error).toMatchObject({ code: 'CONFIG_NOT_WRITABLE' });
    expect(error.message).toContain(file);
    expect(error.message).not.toContain('.tmp');
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

/**
 * writeConfigFile in a process of its own, as user `nobody` when the tests run as root (root may
 * write into any folder, read-only or not); resolves to the error it threw.
 */
async function writeAsOrdinaryUser(path: string, text: string, expectedHash: string): Promise<{ code?: string; message: string }> {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(dir, 0o755);
  const script = `
    const { writeConfigFile } = await import(${JSON.stringify(new URL('./write.ts', import.meta.url).href)});
    try {
      await writeConfigFile(${JSON.stringify(path)}, ${JSON.stringify(text)}, { expectedHash: ${JSON.stringify(expectedHash)}, backupDir: ${JSON.stringify(join(dir, 'config', 'backups'))} });
      console.log(JSON.stringify({ message: 'written' }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message }));
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    ...(asRoot && { uid: 65534, gid: 65534 }),
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(out) as { code?: string; message: string };
}
