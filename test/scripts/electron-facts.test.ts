import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronState } from '../../scripts/lib/electron-facts.mjs';
import { INSTALL_RECORD } from '../../scripts/lib/electron-install.mjs';
import { removeDir, tempDir } from '../helpers.js';

// A project folder with an electron package in it, whose binary is a stand-in shell script:
// there is no Electron binary on the machines these tests run on.
let root: string;
let electron: string;

beforeAll(async () => {
  root = await tempDir('mcp-hub-electron-facts-');
  electron = join(root, 'node_modules', 'electron');
  await mkdir(join(electron, 'dist'), { recursive: true });
});

afterAll(async () => {
  await removeDir(root);
});

async function standIn(script: string): Promise<string> {
  const binary = join(electron, 'dist', 'electron');
  await writeFile(binary, `#!/bin/sh\n${script}\n`);
  await chmod(binary, 0o755);
  await writeFile(join(electron, 'path.txt'), 'electron');
  return binary;
}

describe.runIf(process.platform !== 'win32')('what npm start finds out about Electron (stand-in binaries)', () => {
  it('finds no package, or a package without a binary and what npm install recorded about it', async () => {
    expect(electronState(root, { dir: undefined })).toEqual({ state: 'no-package' });
    expect(electronState(root, { dir: electron })).toEqual({ state: 'no-binary', record: undefined });
    await writeFile(join(root, INSTALL_RECORD), JSON.stringify({ outcome: 'skipped', variable: 'ELECTRON_SKIP_BINARY_DOWNLOAD' }));
    expect(electronState(root, { dir: electron })).toEqual({ state: 'no-binary', record: { outcome: 'skipped', variable: 'ELECTRON_SKIP_BINARY_DOWNLOAD' } });
  });

  it('finds the binary missing where path.txt points', async () => {
    await writeFile(join(electron, 'path.txt'), 'gone');
    expect(electronState(root, { dir: electron })).toEqual({ state: 'binary-missing', path: join(electron, 'dist', 'gone') });
  });

  it('runs the binary as Node to see whether it loads, and keeps what it printed when it does not', async () => {
    await standIn('echo "electron: error while loading shared libraries: libnss3.so: cannot open shared object file" >&2; exit 127');
    expect(electronState(root, { dir: electron })).toMatchObject({ state: 'unrunnable', error: expect.stringContaining('libnss3.so') });
    const binary = await standIn('[ "$ELECTRON_RUN_AS_NODE" = 1 ] && [ "$1" = --version ] && echo v40.10.2');
    expect(electronState(root, { dir: electron })).toEqual({ state: 'ready', path: binary });
  });
});
