// @ts-check
// Looks at this machine for what start-decision.mjs decides on: the Electron binary, whether it
// runs, the display, the user.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { INSTALL_RECORD, parseInstallRecord } from './electron-install.mjs';

const require = createRequire(import.meta.url);

/** @param {string} file */
function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Where the electron package is, or undefined when it is not installed.
 * @returns {string | undefined}
 */
export function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * The state of Electron's binary, found the way the electron package finds it (its path.txt).
 * @param {string} root the project folder
 * @param {{ dir: string | undefined }} electron the electron package's folder, if it is installed
 * @returns {import('./start-decision.mjs').ElectronState}
 */
export function electronState(root, { dir } = { dir: electronPackageDir() }) {
  if (!dir) return { state: 'no-package' };
  const relative = readText(join(dir, 'path.txt'));
  if (relative === undefined) return { state: 'no-binary', record: parseInstallRecord(readText(join(root, INSTALL_RECORD))) };
  const path = join(process.env['ELECTRON_OVERRIDE_DIST_PATH'] || join(dir, 'dist'), relative);
  if (!existsSync(path)) return { state: 'binary-missing', path };
  // Loading the binary needs every shared library it links, even as plain Node; no window opens.
  const run = spawnSync(path, ['--version'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 30_000 });
  if (run.error) return { state: 'unrunnable', path, error: run.error.message };
  if (run.status !== 0) return { state: 'unrunnable', path, error: `${run.stderr}${run.stdout}` || `exit code ${run.status ?? run.signal}` };
  return { state: 'ready', path };
}

/**
 * Whether a command is on the PATH.
 * @param {string} command
 */
export function onPath(command) {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * @param {string} root the project folder
 * @returns {import('./start-decision.mjs').StartFacts}
 */
export function startFacts(root) {
  return {
    platform: process.platform,
    env: process.env,
    isRoot: process.getuid?.() === 0,
    electron: electronState(root),
    xvfbRun: process.platform === 'linux' && onPath('xvfb-run'),
  };
}
