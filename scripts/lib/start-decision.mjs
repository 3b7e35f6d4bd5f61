// @ts-check
// `npm start` decides between the tray app and the headless hub from facts about this machine
// (gathered by electron-facts.mjs). Pure, so that every reason and its message is tested
// (test/scripts/start-decision.test.ts).
import { failureSummary, GET_ELECTRON } from './electron-install.mjs';

/**
 * @typedef {import('./electron-install.mjs').InstallRecord} InstallRecord
 * @typedef {{ state: 'no-package' }
 *   | { state: 'no-binary', record: InstallRecord | undefined }
 *   | { state: 'binary-missing', path: string }
 *   | { state: 'unrunnable', path: string, error: string }
 *   | { state: 'ready', path: string }} ElectronState
 * @typedef {object} StartFacts
 * @property {string} platform process.platform
 * @property {Record<string, string | undefined>} env
 * @property {boolean} isRoot
 * @property {ElectronState} electron
 * @property {boolean} xvfbRun whether xvfb-run is on the PATH
 * @typedef {{ mode: 'desktop', binary: string }
 *   | { mode: 'headless', reason: string, fix: string }} StartDecision
 */

/** What Electron needs on a Debian or Ubuntu machine that has no desktop installed. */
export const ELECTRON_LIBRARIES = ['libgtk-3-0', 'libnss3', 'libgbm1', 'libasound2', 'libxss1', 'libxtst6'];

/**
 * Why Electron's binary cannot be run, and what fixes it; undefined when it can.
 * @param {ElectronState} electron
 * @returns {{ reason: string, fix: string } | undefined}
 */
export function binaryProblem(electron) {
  switch (electron.state) {
    case 'no-package':
      return { reason: 'the electron package is not installed (npm installed no devDependencies)', fix: 'npm install --include=dev' };
    case 'no-binary':
      return { reason: noBinaryReason(electron.record), fix: GET_ELECTRON };
    case 'binary-missing':
      return { reason: `Electron's binary is missing (${electron.path})`, fix: GET_ELECTRON };
    case 'unrunnable': {
      const library = /error while loading shared libraries: ([^:\s]+)/.exec(electron.error);
      if (library) {
        return {
          reason: `Electron's binary cannot run: the system library ${library[1]} is missing (a machine without a desktop)`,
          fix: `sudo apt-get install --no-install-recommends ${ELECTRON_LIBRARIES.join(' ')}`,
        };
      }
      const line = electron.error.split('\n').find((text) => text.trim().length > 0)?.trim() ?? 'no output';
      return { reason: `Electron's binary does not run (${line.slice(0, 200)})`, fix: GET_ELECTRON };
    }
    case 'ready':
      return undefined;
  }
}

/**
 * @param {InstallRecord | undefined} record
 * @returns {string}
 */
function noBinaryReason(record) {
  if (record?.outcome === 'skipped') return `npm install skipped Electron's download because ${record.variable} was set`;
  if (record?.outcome === 'failed') {
    return `${failureSummary(record)} (when npm install ran)`;
  }
  // No record: the postinstall step never ran (npm install --ignore-scripts, or an older checkout's install).
  return "Electron's binary was never downloaded (npm install ran without its install scripts)";
}

/**
 * @param {StartFacts} facts
 * @returns {StartDecision}
 */
export function decideStart(facts) {
  const problem = binaryProblem(facts.electron);
  if (problem) return { mode: 'headless', ...problem };
  if (facts.electron.state !== 'ready') throw new Error('unreachable');
  if (facts.platform === 'linux' && facts.isRoot) {
    return { mode: 'headless', reason: "Electron does not run as root (Chromium's sandbox refuses it)", fix: 'run `npm start` as your own user, not root' };
  }
  if (facts.platform === 'linux' && !facts.env['DISPLAY'] && !facts.env['WAYLAND_DISPLAY']) {
    return {
      mode: 'headless',
      reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set; on a server the headless hub is what you want)',
      fix: facts.xvfbRun ? 'start it from a desktop session, or in a virtual display: xvfb-run -a npm start' : 'start it from a desktop session, or in a virtual display: sudo apt-get install xvfb && xvfb-run -a npm start',
    };
  }
  return { mode: 'desktop', binary: facts.electron.path };
}

/**
 * What `npm start` prints before running the hub headless.
 * @param {{ reason: string, fix: string }} decision
 * @param {string} port
 * @returns {string}
 */
export function headlessMessage(decision, port) {
  return [
    `mcp-hub: not starting the desktop app: ${decision.reason}.`,
    `mcp-hub: to get the desktop app: ${decision.fix}`,
    `mcp-hub: running the hub headless instead; open the UI at ${port === '0' ? 'the address it prints below' : `http://127.0.0.1:${port}/`}`,
  ].join('\n');
}

/**
 * The port the headless hub will listen on, as the CLI reads it from the arguments.
 * @param {string[]} args
 * @returns {string}
 */
export function portOf(args) {
  for (let i = 0; i < args.length; i++) {
    const match = /^(?:--port|-p)(?:=(.*))?$/.exec(args[i] ?? '');
    if (match) return match[1] ?? args[i + 1] ?? '37373';
  }
  return '37373';
}
