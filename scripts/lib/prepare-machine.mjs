// Sets this machine up for the tests (see scripts/test.mjs); decisions in system-packages.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { onPath } from './electron-facts.mjs';
import { commandLine, missingPackages, parsePackageList, planKeytar, planSystemPackages } from './system-packages.mjs';

/** @param {string} message */
function stop(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Runs a command with the terminal; its exit status. */
export function run(command) {
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  return result.error ? 1 : (result.status ?? 1);
}

/** Which of `names` dpkg says are installed. */
function installedPackages(names) {
  if (!onPath('dpkg-query')) return new Set();
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package}\\t${db:Status-Abbrev}\\n', ...names], { encoding: 'utf8' });
  const lines = (result.stdout ?? '').split('\n').map((line) => line.split('\t'));
  return new Set(lines.filter(([, status]) => status?.startsWith('ii')).map(([name]) => name));
}

function sudoKind() {
  if (!onPath('sudo')) return 'none';
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? 'passwordless' : 'password';
}

function systemFacts(required) {
  const isRoot = process.getuid?.() === 0;
  return {
    platform: process.platform,
    required,
    installed: process.platform === 'linux' ? installedPackages(required) : new Set(),
    hasApt: onPath('apt-get'),
    isRoot,
    sudo: isRoot || process.platform !== 'linux' ? 'none' : sudoKind(),
    interactive: Boolean(process.stdin.isTTY),
    env: process.env,
  };
}

function keytarState() {
  if (existsSync('node_modules/keytar/build/Release/keytar.node')) return 'built';
  return existsSync('node_modules/keytar/package.json') ? 'unbuilt' : 'absent';
}

/** Installs the missing system packages and builds keytar, or exits with what to do. */
export function prepareMachine() {
  // 1. System packages.
  const required = parsePackageList(readFileSync('scripts/system-packages.txt', 'utf8'));
  const plan = planSystemPackages(systemFacts(required));
  if (plan.action === 'stop') stop(plan.message);
  if (plan.action === 'install') {
    process.stderr.write(`${plan.note}\n`);
    for (const command of plan.commands) {
      if (run(command) !== 0) stop(`npm test: \`${command.join(' ')}\` failed; the packages it needs are: ${plan.missing.join(' ')}`);
    }
    const still = missingPackages(systemFacts(required));
    if (still.length > 0) stop(`npm test: apt-get finished, but these are still not installed: ${still.join(' ')}`);
  }

  // 2. keytar.
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const keytar = planKeytar({ keytar: keytarState(), version: lock.packages?.['node_modules/keytar']?.version ?? 'latest' });
  if (keytar.action === 'build') {
    process.stderr.write(`${keytar.note}\n`);
    if (run(keytar.command) !== 0 || keytarState() !== 'built') {
      stop(`npm test: keytar could not be built (see above). Once that is fixed, run \`${commandLine([keytar.command])}\`, then npm test again.`);
    }
  }
}
