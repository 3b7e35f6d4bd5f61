import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../test/helpers.js';
import { checkRuntime, findExecutable, requiredRuntime } from './runtime.js';

let dir: string;

beforeEach(async () => {
  dir = await tempDir('mcp-hub-runtime-');
});

afterEach(async () => {
  await removeDir(dir);
});

describe.skipIf(process.platform === 'win32')('checkRuntime', () => {
  it('finds an executable on PATH and says what to install when it is missing', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'uvx'), '#!/bin/sh\n');
    await chmod(join(bin, 'uvx'), 0o755);
    // Not executable: spawn could not run it either.
    await writeFile(join(bin, 'docker'), '');
    const env = { PATH: `${join(dir, 'nothing-here')}:${bin}` };

    expect(await checkRuntime('uv', env)).toEqual({ runtime: 'uv', command: 'uvx', path: join(bin, 'uvx') });
    const docker = await checkRuntime('docker', env);
    expect(docker).toMatchObject({ runtime: 'docker', command: 'docker', path: null });
    expect(docker.message).toContain('docker was not found on PATH');
    expect((await checkRuntime('node', env)).message).toContain('Install Node.js');
  });

  it('uses PATHEXT on Windows', async () => {
    await writeFile(join(dir, 'npx.CMD'), '');
    expect(await findExecutable('npx', { Path: dir, PATHEXT: '.EXE;.CMD' }, 'win32')).toBe(join(dir, 'npx.CMD'));
  });
});

describe('requiredRuntime', () => {
  it('knows node, uv and docker by the command, whatever its path or extension', () => {
    expect(requiredRuntime({ command: 'npx' })).toBe('node');
    expect(requiredRuntime({ command: 'C:\\Program Files\\nodejs\\npx.cmd' })).toBe('node');
    expect(requiredRuntime({ command: '/usr/local/bin/node' })).toBe('node');
    expect(requiredRuntime({ command: 'uvx' })).toBe('uv');
    expect(requiredRuntime({ command: 'docker.exe' })).toBe('docker');
    expect(requiredRuntime({ command: 'python3' })).toBeUndefined();
    expect(requiredRuntime({ url: 'https://x' })).toBeUndefined();
  });
});
