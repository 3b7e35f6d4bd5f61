// Bundles the headless hub (main/cli.ts) into dist/cli.js, the package's `mcp-hub` bin, the
// chunks it loads on demand (dist/chunks/), and the hub itself as one script that the CLI
// compiles with V8's code cache (dist/chunks/hub-<hash>.js, see main/hub-script.ts).
import { chmod, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Bundled dependencies start much faster than thousands of module files (0.8 s → 0.3 s here);
  // pino stays in node_modules, where its optional parts (transports) find their files.
  external: ['pino', 'keytar'],
  mainFields: ['module', 'main'],
  sourcemap: true,
  // Without comments the bundle is ASCII, which V8 keeps as a one-byte string: a comment with an
  // em dash made the whole 3 MB source two bytes a character (6.5 MB of heap), and parsing it slower.
  minifyWhitespace: true,
  charset: 'ascii',
  logLevel: 'warning',
};

// Chunks of earlier builds have other names; none may linger to be packaged.
await rm('dist/chunks', { recursive: true, force: true });
// CommonJS, because Node 20 keeps no code cache for ES modules but takes one for a vm.Script; its
// name holds its content hash, which names the cache too.
const hub = await build({
  ...common,
  entryPoints: { hub: 'main/hub/cli-hub.ts' },
  outdir: 'dist/chunks',
  entryNames: '[name]-[hash]',
  format: 'cjs',
  metafile: true,
});
const hubScript = Object.keys(hub.metafile.outputs).find((file) => file.endsWith('.js'));
await build({
  ...common,
  entryPoints: { cli: 'main/cli.ts' },
  outdir: 'dist',
  // The stdio bridge is a chunk of its own, loaded by the command that needs it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  define: { HUB_SCRIPT: JSON.stringify(`chunks/${basename(hubScript)}`) },
  // Run from source (tsx) only.
  external: [...common.external, './hub/cli-hub.js'],
  // CommonJS dependencies require Node's built-ins; give each ESM chunk a require.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await chmod('dist/cli.js', 0o755);
