// @ts-check
// What `npm test` does about the system packages its tests need, decided from facts about the
// machine (gathered by scripts/test.mjs). Pure, so that every decision is tested without apt
// (test/scripts/system-packages.test.ts).

/**
 * @typedef {'none' | 'passwordless' | 'password'} Sudo
 * @typedef {object} SystemFacts
 * @property {string} platform process.platform
 * @property {string[]} required the package list (scripts/system-packages.txt)
 * @property {Set<string>} installed the required packages dpkg says are installed
 * @property {boolean} hasApt
 * @property {boolean} isRoot
 * @property {Sudo} sudo
 * @property {boolean} interactive whether someone can answer sudo's password prompt
 * @property {Record<string, string | undefined>} env
 * @typedef {{ action: 'ready' }
 *   | { action: 'install', missing: string[], commands: string[][], note: string }
 *   | { action: 'stop', message: string }} SystemPlan
 */

/**
 * The package names in the list file, once each, without comments.
 * @param {string} text
 * @returns {string[]}
 */
export function parsePackageList(text) {
  const names = text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line.length > 0);
  return [...new Set(names)];
}

/**
 * @param {SystemFacts} facts
 * @returns {string[]}
 */
export function missingPackages(facts) {
  // A browser named by CHROMIUM_PATH is the one e2e/playwright.config.ts uses.
  const needed = facts.env['CHROMIUM_PATH'] ? facts.required.filter((name) => name !== 'chromium') : facts.required;
  return needed.filter((name) => !facts.installed.has(name));
}

/**
 * The apt commands that install `missing`, with `sudo` in front unless already root.
 * @param {string[]} missing
 * @param {boolean} asRoot
 * @returns {string[][]}
 */
export function aptCommands(missing, asRoot) {
  const sudo = asRoot ? [] : ['sudo'];
  return [
    [...sudo, 'apt-get', 'update'],
    [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...missing],
  ];
}

/**
 * What to type, as one line.
 * @param {string[][]} commands
 */
export function commandLine(commands) {
  return commands.map((command) => command.join(' ')).join(' && ');
}

/**
 * @param {SystemFacts} facts
 * @returns {SystemPlan}
 */
export function planSystemPackages(facts) {
  if (facts.platform !== 'linux') {
    // The keychain is the OS's own; only the browser has to be found.
    if (facts.env['CHROMIUM_PATH']) return { action: 'ready' };
    return {
      action: 'stop',
      message:
        'npm test: the Playwright tests drive a Chromium or Chrome that npm does not install. Name yours and run again, e.g.\n' +
        (facts.platform === 'darwin'
          ? '  CHROMIUM_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm test'
          : '  set CHROMIUM_PATH=C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe && npm test'),
    };
  }
  const missing = missingPackages(facts);
  if (missing.length === 0) return { action: 'ready' };
  const needs = `npm test needs these system packages, which are not installed: ${missing.join(' ')}`;
  if (!facts.hasApt) {
    return {
      action: 'stop',
      message:
        `${needs}.\n` +
        'This machine has no apt-get, so npm test cannot install them (it knows Debian and Ubuntu). Install their\n' +
        "equivalents with the system's package manager, then run the tests without this check:\n" +
        '  scripts/keyring-session.sh npm run test:all',
    };
  }
  if (facts.isRoot) return { action: 'install', missing, commands: aptCommands(missing, true), note: `${needs}; installing them with apt-get.` };
  if (facts.sudo === 'passwordless' || (facts.sudo === 'password' && facts.interactive)) {
    return {
      action: 'install',
      missing,
      commands: aptCommands(missing, false),
      note: `${needs}; installing them with sudo apt-get${facts.sudo === 'password' ? ' (sudo may ask for your password)' : ''}.`,
    };
  }
  const how = facts.sudo === 'none' ? `As root (there is no sudo here), run:\n  ${commandLine(aptCommands(missing, true))}` : `Run:\n  ${commandLine(aptCommands(missing, false))}`;
  return { action: 'stop', message: `${needs}.\n${how}\nthen npm test again.` };
}

/**
 * @typedef {'built' | 'unbuilt' | 'absent'} KeytarState
 * @typedef {{ action: 'ready' } | { action: 'build', command: string[], note: string }} KeytarPlan
 */

/**
 * keytar's native module is built by `npm install` where it can be; where it could not (no
 * libsecret headers then), npm dropped it or left it unbuilt, and the keychain tests need it.
 * @param {{ keytar: KeytarState, version: string }} facts
 * @returns {KeytarPlan}
 */
export function planKeytar(facts) {
  if (facts.keytar === 'built') return { action: 'ready' };
  if (facts.keytar === 'unbuilt') {
    return { action: 'build', command: ['npm', 'rebuild', 'keytar'], note: 'npm test: keytar (the OS keychain) is installed but not built; building it now.' };
  }
  return {
    action: 'build',
    command: ['npm', 'install', '--no-save', '--no-audit', '--no-fund', `keytar@${facts.version}`],
    note: 'npm test: keytar (the OS keychain) is missing (npm install could not build it then); installing it now.',
  };
}
