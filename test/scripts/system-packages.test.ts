import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePackageList, planKeytar, planSystemPackages, type SystemFacts } from '../../scripts/lib/system-packages.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const LIST = parsePackageList(readFileSync(`${ROOT}scripts/system-packages.txt`, 'utf8'));

const fresh: SystemFacts = {
  platform: 'linux',
  required: LIST,
  installed: new Set(),
  hasApt: true,
  isRoot: true,
  sudo: 'none',
  interactive: false,
  env: {},
};

describe('npm test: the system packages it installs', () => {
  it('reads one list, shared with CI: the keytar build, the keyring and the browser, once each', () => {
    expect(LIST).toEqual(['libsecret-1-dev', 'pkg-config', 'python3', 'make', 'g++', 'dbus', 'gnome-keyring', 'chromium']);
    expect(parsePackageList('a # why\n\n# only a comment\nb\na\n')).toEqual(['a', 'b']);
    // .ci/run installs nothing itself: it runs the README's test command, which reads this list.
    const ci = readFileSync(`${ROOT}.ci/run`, 'utf8');
    expect(ci).not.toMatch(/apt-get|dpkg/);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('installs, as root, only what is missing, after one apt-get update', () => {
    const plan = planSystemPackages({ ...fresh, installed: new Set(['python3', 'make', 'g++', 'pkg-config', 'dbus']) });
    expect(plan).toMatchObject({ action: 'install', missing: ['libsecret-1-dev', 'gnome-keyring', 'chromium'] });
    if (plan.action !== 'install') throw new Error('expected an install');
    expect(plan.commands).toEqual([
      ['apt-get', 'update'],
      ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', 'libsecret-1-dev', 'gnome-keyring', 'chromium'],
    ]);
    expect(plan.note).toBe('npm test needs these system packages, which are not installed: libsecret-1-dev gnome-keyring chromium; installing them with apt-get.');
  });

  it('installs nothing, and runs no apt-get update, when everything is there', () => {
    expect(planSystemPackages({ ...fresh, installed: new Set(LIST) })).toEqual({ action: 'ready' });
  });

  it('installs nothing twice: once apt-get has run, the next run finds everything', () => {
    const installed = new Set<string>(['dbus']);
    const first = planSystemPackages({ ...fresh, installed });
    if (first.action !== 'install') throw new Error('expected an install');
    // What apt-get install did.
    for (const name of first.missing) installed.add(name);
    expect(first.missing).not.toContain('dbus');
    expect(planSystemPackages({ ...fresh, installed })).toEqual({ action: 'ready' });
  });

  it('leaves Chromium out where CHROMIUM_PATH names a browser', () => {
    const plan = planSystemPackages({ ...fresh, installed: new Set(LIST.filter((name) => name !== 'chromium')), env: { CHROMIUM_PATH: '/opt/chrome/chrome' } });
    expect(plan).toEqual({ action: 'ready' });
  });

  it('uses sudo when it needs no password, or when someone is there to type it', () => {
    const missing = { ...fresh, isRoot: false, installed: new Set(LIST.filter((name) => name !== 'gnome-keyring')) };
    const passwordless = planSystemPackages({ ...missing, sudo: 'passwordless' });
    expect(passwordless).toMatchObject({
      action: 'install',
      commands: [
        ['sudo', 'apt-get', 'update'],
        ['sudo', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', 'gnome-keyring'],
      ],
    });
    expect(planSystemPackages({ ...missing, sudo: 'password', interactive: true })).toMatchObject({
      action: 'install',
      note: expect.stringContaining('(sudo may ask for your password)'),
    });
  });

  it('without root, stops at once and prints the sudo command to run', () => {
    const plan = planSystemPackages({ ...fresh, isRoot: false, sudo: 'password', interactive: false, installed: new Set(['dbus', 'make']) });
    expect(plan).toEqual({
      action: 'stop',
      message:
        'npm test needs these system packages, which are not installed: libsecret-1-dev pkg-config python3 g++ gnome-keyring chromium.\n' +
        'Run:\n' +
        '  sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsecret-1-dev pkg-config python3 g++ gnome-keyring chromium\n' +
        'then npm test again.',
    });
  });

  it('without root or sudo, prints the command to run as root', () => {
    const plan = planSystemPackages({ ...fresh, isRoot: false, sudo: 'none', installed: new Set(LIST.filter((name) => name !== 'chromium')) });
    expect(plan).toEqual({
      action: 'stop',
      message:
        'npm test needs these system packages, which are not installed: chromium.\n' +
        'As root (there is no sudo here), run:\n' +
        '  apt-get update && env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium\n' +
        'then npm test again.',
    });
  });

  it('without apt, stops and says what to install and how to run the tests then', () => {
    const plan = planSystemPackages({ ...fresh, hasApt: false });
    expect(plan).toEqual({
      action: 'stop',
      message:
        `npm test needs these system packages, which are not installed: ${LIST.join(' ')}.\n` +
        'This machine has no apt-get, so npm test cannot install them (it knows Debian and Ubuntu). Install their\n' +
        "equivalents with the system's package manager, then run the tests without this check:\n" +
        '  scripts/keyring-session.sh npm run test:all',
    });
  });

  it('on macOS asks only for a browser', () => {
    expect(planSystemPackages({ ...fresh, platform: 'darwin', env: { CHROMIUM_PATH: '/Applications/Chromium.app/Contents/MacOS/Chromium' } })).toEqual({ action: 'ready' });
    expect(planSystemPackages({ ...fresh, platform: 'darwin' })).toMatchObject({ action: 'stop', message: expect.stringContaining('CHROMIUM_PATH="/Applications/Google Chrome.app') });
  });
});

describe('npm test: keytar', () => {
  it('builds keytar where npm install left it unbuilt, installs it where npm dropped it, and leaves a built one alone', () => {
    expect(planKeytar({ keytar: 'built', version: '7.9.0' })).toEqual({ action: 'ready' });
    expect(planKeytar({ keytar: 'unbuilt', version: '7.9.0' })).toMatchObject({ action: 'build', command: ['npm', 'rebuild', 'keytar'] });
    expect(planKeytar({ keytar: 'absent', version: '7.9.0' })).toMatchObject({
      action: 'build',
      command: ['npm', 'install', '--no-save', '--no-audit', '--no-fund', 'keytar@7.9.0'],
    });
  });
});
