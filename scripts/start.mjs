// `npm start` (after `npm run build`): the tray app where Electron can run; otherwise the same hub,
// headless, serving the same UI to a browser, after saying why and what gets the desktop app.
import { spawn } from 'node:child_process';
import { startFacts } from './lib/electron-facts.mjs';
import { decideStart, headlessMessage, portOf } from './lib/start-decision.mjs';

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const args = process.argv.slice(2);
const decision = decideStart(startFacts(process.cwd()));
if (decision.mode === 'desktop') {
  run(decision.binary, ['.', ...args]);
} else {
  process.stderr.write(`${headlessMessage(decision, portOf(args))}\n`);
  run(process.execPath, ['dist/cli.js', ...args]);
}
