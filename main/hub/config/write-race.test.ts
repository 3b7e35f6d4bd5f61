import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { watch } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
 * An editor that saves the way editors do (a temp file of its own, renamed over the config) at
 * the worst moment: as soon as the hub's temp file appears, that is between the hub's check of the
 * version on disk and its rename.
 */
function editorSavesDuringTheHubsWrite(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(join(dir, 'config'), (_event, name) => {
      if (!name?.endsWith('.tmp') || name.includes('editor')) return;
      watcher.close();
      const temp = join(dir, 'config', '.mcp.json.editor.tmp');
      writeFile(temp, text)
        .then(() => rename(temp, file))
        .then(resolve, reject);
    });
  });
}

describe('config writes racing an editor (issue: a save between check and rename was lost)', () => {
  it("never replaces an editor's save that lands during the hub's write: the hub answers 409 instead", async () => {
    // Saves at random moments around the hub's write; before the fix about one in fifteen fell
    // between the hub's last check and its rename, and was lost.
    const lost: number[] = [];
    for (let round = 0; round < 300; round++) {
      const base = config({ a: { command: `a${round}` } });
      await writeFile(file, base);
      const editorText = config({ editor: { command: `e${round}` } });
      const editorSaved = new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          const temp = join(dir, 'config', `.mcp.json.editor${round}.tmp`);
          writeFile(temp, editorText)
            .then(() => rename(temp, file))
            .then(resolve, reject);
        }, Math.random() * 4);
      });
      const outcome = await writeConfigFile(file, config({ hub: { command: `h${round}` } }), { expectedHash: sha256(base), backupDir }).then(
        () => 'written',
        (error: unknown) => (error instanceof ConfigConflictError ? 'conflict' : error),
      );
      await editorSaved;
      expect(['written', 'conflict']).toContain(outcome);
      // Whichever came last, the editor's save is on disk: it either came after the hub's (and
      // replaced it, as any later save does) or before the hub's rename (and the hub refused).
      if ((await readFile(file, 'utf8')) !== editorText) lost.push(round);
    }
    expect(lost).toEqual([]);
  });

  it('answers an API edit whose server an editor removed meanwhile with a conflict, not "not found"', async () => {
    await writeFile(file, config({ a: { command: 'a' }, b: { command: 'b' } }));
    const editorSaved = editorSavesDuringTheHubsWrite(config({ b: { command: 'b' } }));
    const editor = new ConfigEditor([file], backupDir);
    const error = await editor.editServers(file, [{ kind: 'setField', name: 'a', field: 'disabled', value: true }]).catch((e: unknown) => e);
    await editorSaved;
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
