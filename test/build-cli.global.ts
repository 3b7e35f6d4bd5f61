import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds the CLI bundle (dist/cli.js and its chunks) from the current source once, before any
 * test file runs. Tests spawn it (the bridge, the headless hub); a file that rebuilt it itself
 * would delete the chunks under the children of files running next to it.
 */
export default function buildCli(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
}
