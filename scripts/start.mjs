// `npm start`: the tray app where Electron can run; otherwise the same hub, headless, saying why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Why the Electron app cannot start on this machine, or undefined when it can. */
function whyNoElectron() {
  let binary;
  try {
    // The electron package exports the path of its binary, and throws when the binary was never downloaded.
    binary = require('electron');
  } catch {
    return 'no Electron binary is installed (it was skipped or could not be downloaded)';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `the Electron binary is missing (${binary})`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY is not set)';
  if (!existsSync('out/main/main.js')) return 'the desktop shell is not part of this build yet';
  return undefined;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const reason = whyNoElectron();
if (reason === undefined) {
  run(require('electron'), ['.', ...process.argv.slice(2)]);
} else {
  process.stderr.write(`mcp-hub: not starting the desktop app: ${reason}.\n`);
  process.stderr.write('mcp-hub: running the hub headless instead (the browser UI is not built yet).\n');
  run(process.execPath, ['dist/cli.js', ...process.argv.slice(2)]);
}
