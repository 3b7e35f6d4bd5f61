import { describe, expect, it } from 'vitest';
import { downloadFailure, installRecord, parseInstallRecord, postinstallMessage } from '../../scripts/lib/electron-install.mjs';
import { decideStart, headlessMessage, type StartFacts } from '../../scripts/lib/start-decision.mjs';

// What Electron's installer printed here, where github.com is not reachable.
const BLOCKED_OUTPUT = `RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (node_modules/got/dist/source/core/index.js:970:111)`;

const desktop: StartFacts = {
  platform: 'linux',
  env: { DISPLAY: ':0' },
  isRoot: false,
  electron: { state: 'ready', path: '/p/node_modules/electron/dist/electron' },
  xvfbRun: false,
};

/** What `npm start` prints for these facts, or 'desktop' when it starts the tray app. */
function startWith(changes: Partial<StartFacts>): string {
  const decision = decideStart({ ...desktop, ...changes });
  return decision.mode === 'desktop' ? 'desktop' : headlessMessage(decision, '37373');
}

describe('npm start', () => {
  it('runs the tray app with the installed binary where Electron and a display exist', () => {
    expect(decideStart(desktop)).toEqual({ mode: 'desktop', binary: '/p/node_modules/electron/dist/electron' });
    expect(startWith({ platform: 'darwin', env: {} })).toBe('desktop');
    expect(startWith({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).toBe('desktop');
  });

  it('says the download was skipped by ELECTRON_SKIP_BINARY_DOWNLOAD, and how to get it now', () => {
    const record = installRecord({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, exitCode: 0, output: '' });
    expect(startWith({ electron: { state: 'no-binary', record } })).toBe(
      [
        "mcp-hub: not starting the desktop app: npm install skipped Electron's download because ELECTRON_SKIP_BINARY_DOWNLOAD was set.",
        'mcp-hub: to get the desktop app: npm run get-electron',
        'mcp-hub: running the hub headless instead; open the UI at http://127.0.0.1:37373/',
      ].join('\n'),
    );
  });

  it("says Electron's download was blocked, naming the host that could not be reached", () => {
    const record = installRecord({ env: {}, exitCode: 1, output: BLOCKED_OUTPUT });
    const message = startWith({ electron: { state: 'no-binary', record } });
    expect(message).toContain(
      "not starting the desktop app: Electron's download was blocked: github.com could not be resolved (getaddrinfo ENOTFOUND) (when npm install ran).",
    );
    expect(message).toContain('to get the desktop app: npm run get-electron');
  });

  it('says the download failed, with the reason, when it was not the network', () => {
    const record = installRecord({ env: {}, exitCode: 1, output: 'Error: checksum mismatch for electron-v40.zip' });
    expect(startWith({ electron: { state: 'no-binary', record } })).toContain(
      "not starting the desktop app: Electron's download failed: the downloaded file did not match its checksum (when npm install ran).",
    );
  });

  it('says the install scripts never ran when there is no record of a download', () => {
    expect(startWith({ electron: { state: 'no-binary', record: undefined } })).toContain(
      "not starting the desktop app: Electron's binary was never downloaded (npm install ran without its install scripts).\nmcp-hub: to get the desktop app: npm run get-electron",
    );
  });

  it('says the binary is missing where the electron package says it is', () => {
    expect(startWith({ electron: { state: 'binary-missing', path: '/p/node_modules/electron/dist/electron' } })).toContain(
      "not starting the desktop app: Electron's binary is missing (/p/node_modules/electron/dist/electron).\nmcp-hub: to get the desktop app: npm run get-electron",
    );
  });

  it('names the missing system library and the packages that bring it', () => {
    const error = '/p/electron: error while loading shared libraries: libnss3.so: cannot open shared object file: No such file or directory';
    expect(startWith({ electron: { state: 'unrunnable', path: '/p/electron', error } })).toContain(
      "not starting the desktop app: Electron's binary cannot run: the system library libnss3.so is missing (a machine without a desktop).\n" +
        'mcp-hub: to get the desktop app: sudo apt-get install --no-install-recommends libgtk-3-0 libnss3 libgbm1 libasound2 libxss1 libxtst6',
    );
  });

  it('fetches the binary again when it does not run for another reason', () => {
    expect(startWith({ electron: { state: 'unrunnable', path: '/p/electron', error: '\nSegmentation fault\n' } })).toContain(
      "not starting the desktop app: Electron's binary does not run (Segmentation fault).\nmcp-hub: to get the desktop app: npm run get-electron",
    );
  });

  it('says the electron package itself is missing after an install without devDependencies', () => {
    expect(startWith({ electron: { state: 'no-package' } })).toContain(
      'not starting the desktop app: the electron package is not installed (npm installed no devDependencies).\nmcp-hub: to get the desktop app: npm install --include=dev',
    );
  });

  it('says there is no display, and offers xvfb-run, installing it when it is missing', () => {
    expect(startWith({ env: {}, xvfbRun: true })).toContain(
      'not starting the desktop app: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set; on a server the headless hub is what you want).\n' +
        'mcp-hub: to get the desktop app: start it from a desktop session, or in a virtual display: xvfb-run -a npm start',
    );
    expect(startWith({ env: {}, xvfbRun: false })).toContain('in a virtual display: sudo apt-get install xvfb && xvfb-run -a npm start');
  });

  it('does not start Electron as root on Linux', () => {
    expect(startWith({ isRoot: true })).toContain(
      "not starting the desktop app: Electron does not run as root (Chromium's sandbox refuses it).\nmcp-hub: to get the desktop app: run `npm start` as your own user, not root",
    );
  });

  it('names the port the headless hub listens on', () => {
    const decision = decideStart({ ...desktop, env: {} });
    if (decision.mode !== 'headless') throw new Error('expected headless');
    expect(headlessMessage(decision, '4000')).toContain('open the UI at http://127.0.0.1:4000/');
    expect(headlessMessage(decision, '0')).toContain('open the UI at the address it prints below');
  });
});

describe('npm install and the Electron binary', () => {
  it('prints one line when the download was blocked, and nothing when it worked or was skipped', () => {
    expect(postinstallMessage(installRecord({ env: {}, exitCode: 1, output: BLOCKED_OUTPUT }))).toBe(
      "mcp-hub: Electron's download was blocked: github.com could not be resolved (getaddrinfo ENOTFOUND). `npm start` runs the hub headless until `npm run get-electron` succeeds.",
    );
    expect(postinstallMessage(installRecord({ env: {}, exitCode: 0, output: '' }))).toBeUndefined();
    expect(postinstallMessage(installRecord({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, exitCode: 0, output: '' }))).toBeUndefined();
  });

  it('tells a blocked network from a bad download', () => {
    expect(downloadFailure('Error: connect ECONNREFUSED 140.82.121.4:443')).toEqual({ cause: 'the connection to the download failed (ECONNREFUSED)', blocked: true });
    expect(downloadFailure('RequestError: unable to get local issuer certificate')).toMatchObject({ blocked: true });
    expect(downloadFailure('HTTPError: Response code 403 (Forbidden)')).toEqual({ cause: 'the download answered HTTP 403', blocked: true });
    expect(downloadFailure('HTTPError: Response code 404 (Not Found)')).toEqual({ cause: 'the download answered HTTP 404', blocked: false });
  });

  it('reads back what it recorded, and takes a damaged record for none', () => {
    for (const record of [installRecord({ env: {}, exitCode: 1, output: BLOCKED_OUTPUT }), { outcome: 'installed' as const }]) {
      expect(parseInstallRecord(JSON.stringify(record))).toEqual(record);
    }
    expect(parseInstallRecord('{"outcome":')).toBeUndefined();
    expect(parseInstallRecord('{"outcome":"failed"}')).toBeUndefined();
    expect(parseInstallRecord(undefined)).toBeUndefined();
  });
});
