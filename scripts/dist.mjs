// `npm run dist` (after `npm run build`): the installers for this platform (electron-builder.yml:
// AppImage and deb, dmg, NSIS) in release/. electron-builder's output goes to release/dist.log;
// a failure is one line naming the cause (distFailureLine).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { electronPackageDir, electronState } from './lib/electron-facts.mjs';
import { distFailureLine } from './lib/dist-failure.mjs';

const require = createRequire(import.meta.url);
const LOG = 'release/dist.log';

mkdirSync('release', { recursive: true });
const args = [require.resolve('electron-builder/cli.js'), '--publish', 'never', ...process.argv.slice(2)];
// The binary `npm install` fetched is the host platform's: electron-builder need not download it again.
const state = electronState(process.cwd());
const dir = electronPackageDir();
if (state.state === 'ready' && dir && process.argv.length === 2) args.push(`-c.electronDist=${process.env['ELECTRON_OVERRIDE_DIST_PATH'] || join(dir, 'dist')}`);

process.stdout.write(`npm run dist: packaging for ${process.platform} (electron-builder; log in ${LOG})…\n`);
const log = createWriteStream(LOG);
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
child.stdout.pipe(log, { end: false });
child.stderr.pipe(log, { end: false });
child.on('close', (code) => {
  log.end(() => {
    if (code === 0) {
      const made = readdirSync('release').filter((file) => /\.(AppImage|deb|dmg|exe|zip|rpm|snap)$/.test(file));
      process.stdout.write(`npm run dist: done: ${made.map((file) => join('release', file)).join(', ') || 'see release/'}\n`);
      process.exit(0);
    }
    process.stderr.write(`${distFailureLine(readFileSync(LOG, 'utf8'), LOG)}\n`);
    process.exit(1);
  });
});
