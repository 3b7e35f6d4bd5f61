import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The UI, built once for both places it runs: the desktop window loads it from disk
 * (`file://`, hence relative asset paths) and the hub serves it at `/` to browsers.
 * electron-vite reuses this for the renderer part of the desktop build.
 */
export const rendererConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // The hub's CSP allows no inline script; keep every module a file of its own.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2_000,
  },
};

export default defineConfig(rendererConfig);
