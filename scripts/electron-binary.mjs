// Electron's binary, fetched by its own installer (node_modules/electron/install.js).
//
//   node scripts/electron-binary.mjs postinstall   npm install's postinstall: tries the download
//       (ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it), records the outcome for `npm start`, prints one
//       line when it failed, and never fails the install.
//   node scripts/electron-binary.mjs get           `npm run get-electron`: downloads it now, even
//       where ELECTRON_SKIP_BINARY_DOWNLOAD is set, and fails with one line when it cannot.
//
// package.json keeps `"allowScripts": { "electron": false }`: npm would otherwise run the same
// installer itself, and a failed download would fail the whole `npm install`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { electronPackageDir, electronState } from './lib/electron-facts.mjs';
import { failureSummary, INSTALL_RECORD, installRecord, postinstallMessage } from './lib/electron-install.mjs';
import { binaryProblem } from './lib/start-decision.mjs';

const mode = process.argv[2];
if (mode !== 'postinstall' && mode !== 'get') {
  process.stderr.write('usage: node scripts/electron-binary.mjs postinstall|get\n');
  process.exit(2);
}
const root = process.cwd();
const dir = electronPackageDir();
if (!dir) {
  // An install without devDependencies has no desktop app to fetch.
  if (mode === 'get') process.stderr.write('mcp-hub: the electron package is not installed; run `npm install --include=dev` first.\n');
  process.exit(mode === 'get' ? 1 : 0);
}

const env = { ...process.env };
if (mode === 'get') {
  const state = electronState(root);
  if (state.state === 'ready') {
    process.stdout.write(`mcp-hub: Electron is installed: ${state.path}\n`);
    process.exit(0);
  }
  const problem = binaryProblem(state);
  if (state.state === 'unrunnable' && problem && !problem.fix.startsWith('npm ')) {
    // Downloading again would not bring the system libraries it lacks.
    process.stderr.write(`mcp-hub: ${problem.reason}; run: ${problem.fix}\n`);
    process.exit(1);
  }
  // Asked for explicitly: a variable left over from an earlier install does not stop it, and a
  // binary that is there but does not run is fetched again.
  delete env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
  if (state.state === 'unrunnable' || state.state === 'binary-missing') {
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    rmSync(join(dir, 'path.txt'), { force: true });
  }
}

if (!env['ELECTRON_SKIP_BINARY_DOWNLOAD'] && electronState(root).state !== 'ready') {
  process.stderr.write("mcp-hub: downloading Electron's binary for the desktop app (about 100 MB; ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it)…\n");
}
const run = spawnSync(process.execPath, [join(dir, 'install.js')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const record = installRecord({ env, exitCode: run.error ? null : run.status, output: `${run.stderr ?? ''}${run.stdout ?? ''}${run.error?.message ?? ''}` });
mkdirSync(dirname(join(root, INSTALL_RECORD)), { recursive: true });
writeFileSync(join(root, INSTALL_RECORD), `${JSON.stringify(record)}\n`);

const message = postinstallMessage(record);
if (mode === 'postinstall') {
  if (message) process.stderr.write(`${message}\n`);
  process.exit(0);
}
if (record.outcome === 'installed') {
  const state = electronState(root);
  process.stdout.write(state.state === 'ready' ? `mcp-hub: Electron is installed: ${state.path}\n` : `mcp-hub: Electron was downloaded, but ${JSON.stringify(state)}\n`);
  process.exit(state.state === 'ready' ? 0 : 1);
}
process.stderr.write(`mcp-hub: ${record.outcome === 'failed' ? failureSummary(record) : 'the download was skipped'}.\n`);
process.exit(1);
