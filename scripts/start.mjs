// `npm start` (after `npm run build`): the tray app where Electron can run; otherwise the same hub,
// headless, serving the same UI to a browser, after saying exactly why.
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
    return 'no Electron binary is installed (its download was skipped or failed; run `npm install` without ELECTRON_SKIP_BINARY_DOWNLOAD to get it)';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `the Electron binary is missing (${binary})`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  if (!existsSync('out/main/main.js')) return 'the desktop app is not built (out/main/main.js is missing; run `npm run build`)';
  return undefined;
}

/** The port the headless hub will listen on, as the CLI reads it from the arguments. */
function portOf(args) {
  for (let i = 0; i < args.length; i++) {
    const match = /^(?:--port|-p)(?:=(.*))?$/.exec(args[i]);
    if (match) return match[1] ?? args[i + 1];
  }
  return '37373';
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const args = process.argv.slice(2);
const reason = whyNoElectron();
if (reason === undefined) {
  run(require('electron'), ['.', ...args]);
} else {
  process.stderr.write(`mcp-hub: not starting the desktop app: ${reason}.\n`);
  process.stderr.write(`mcp-hub: running the hub headless instead; open the UI at http://127.0.0.1:${portOf(args)}/\n`);
  run(process.execPath, ['dist/cli.js', ...args]);
}
