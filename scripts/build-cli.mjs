// Bundles the headless hub (main/cli.ts) into dist/cli.js, the package's `mcp-hub` bin.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: ['main/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules: pino loads its transports from there by name.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
