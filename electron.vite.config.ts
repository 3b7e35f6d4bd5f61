import { join } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config.js';

export default defineConfig({
  main: {
    build: {
      lib: { entry: 'main/main.ts' },
      outDir: 'out/main',
      // keytar is a native module loaded on first use (`import('keytar')`); the other dependencies
      // stay in node_modules, where electron-builder puts the production ones.
      externalizeDeps: { include: ['keytar'] },
      rolldownOptions: { output: { entryFileNames: 'main.js' } },
    },
  },
  preload: {
    build: {
      lib: { entry: 'preload/preload.ts', formats: ['cjs'] },
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron' and a few built-ins: everything else is
      // bundled into this one file.
      externalizeDeps: false,
      rolldownOptions: { output: { entryFileNames: 'preload.cjs' } },
    },
  },
  renderer: {
    ...rendererConfig,
    // electron-vite looks for src/renderer/index.html unless told where the page is.
    build: { ...rendererConfig.build, rolldownOptions: { input: join(rendererConfig.root, 'index.html') } },
  },
});
