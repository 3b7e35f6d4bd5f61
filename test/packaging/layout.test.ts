import { spawn } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node, removeDir, tempDir } from '../helpers.js';

const require = createRequire(import.meta.url);
const ROOT = new URL('../..', import.meta.url).pathname;
const BUILT = ['out/main/main.js', 'out/preload/preload.cjs', 'out/renderer/index.html', 'dist/cli.js'];

let work: string;
let resources: string;
let archive: string;
let files: string[];

/**
 * electron-builder packs the real app (the `npm run build` output and the production
 * dependencies) around a stand-in Electron: for a `dir` build it only copies the dist folder and
 * renames its `electron` executable, so a stub script is all the folder needs.
 */
beforeAll(async () => {
  const missing = BUILT.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) throw new Error(`Run \`npm run build\` first; missing: ${missing.join(', ')}`);
  work = await tempDir('mcp-hub-packaging-');
  const standIn = join(work, 'electron-dist');
  await mkdir(standIn);
  await writeFile(join(standIn, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  await chmod(join(standIn, 'electron'), 0o755);

  const output = join(work, 'release');
  const args = [
    require.resolve('electron-builder/cli.js'),
    '--linux',
    'dir',
    '--publish',
    'never',
    `-c.electronDist=${standIn}`,
    `-c.directories.output=${output}`,
    // Rebuilding keytar for Electron's ABI downloads Electron's headers; the layout is the same.
    '-c.npmRebuild=false',
  ];
  const log = await new Promise<string>((resolve, reject) => {
    // No update check against the npm registry on every run.
    const child = spawn(node, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve(text) : reject(new Error(`electron-builder exited with ${code ?? signal}:\n${text}`))));
  });
  resources = join(output, 'linux-unpacked', 'resources');
  archive = join(resources, 'app.asar');
  if (!existsSync(archive)) throw new Error(`electron-builder made no app.asar:\n${log}`);
  files = listPackage(archive, { isPack: false });
}, 240_000);

afterAll(async () => {
  if (work) await removeDir(work);
});

describe('packaged app layout (electron-builder --linux dir)', () => {
  it('holds the main process, the preload, the renderer, the CLI (for the stdio bridge) and the tray icons', () => {
    for (const file of [...BUILT, 'package.json', 'resources/icon.png', 'resources/tray/trayOkTemplate.png', 'resources/tray/tray-failing-dark@2x.png']) {
      expect(files, file).toContain(`/${file}`);
    }
    expect(files.some((file) => /^\/out\/renderer\/assets\/.+\.js$/.test(file))).toBe(true);
    // The CLI loads the hub and the stdio bridge from its chunks.
    const chunks = readdirSync(join(ROOT, 'dist/chunks')).filter((file) => file.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(files, chunk).toContain(`/dist/chunks/${chunk}`);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main).toBe('out/main/main.js');
  });

  it('unpacks keytar’s native module beside the archive, where it can be loaded', () => {
    const native = 'node_modules/keytar/build/Release/keytar.node';
    expect(statFile(archive, native)).toMatchObject({ unpacked: true });
    expect(existsSync(join(resources, 'app.asar.unpacked', native))).toBe(true);
  });

  it('holds every package the main process imports', () => {
    const main = readFileSync(join(ROOT, 'out/main/main.js'), 'utf8');
    const specifiers = new Set([...main.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["']([^"'./][^"']*)["']/g)].map((match) => match[1]!));
    const packages = [...specifiers]
      .filter((specifier) => !specifier.startsWith('node:') && specifier !== 'electron')
      .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
    expect(packages).toContain('keytar');
    for (const name of new Set(packages)) expect(files, name).toContain(`/node_modules/${name}/package.json`);
  });

  it('ships no sources, tests, source maps or development dependencies', () => {
    const offending = files.filter(
      (file) =>
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) ||
        /\/(test|tests|__tests__|spec)\//.test(file) ||
        /\.(ts|tsx|mts|cts|map)$/.test(file) ||
        /^\/(main|shared|preload|renderer|test|e2e|bench|scripts|build|src)\//.test(file) ||
        (file.startsWith('/dist/') && file !== '/dist/cli.js' && !/^\/dist\/chunks(\/[^/]+\.js)?$/.test(file)),
    );
    expect(offending).toEqual([]);
    const { devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const shipped = Object.keys(devDependencies).filter((name) => files.includes(`/node_modules/${name}/package.json`));
    expect(shipped).toEqual([]);
  });
});
