import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { UI_CONTENT_SECURITY_POLICY } from '../shared/csp.js';

/**
 * The desktop window loads the UI from `file://`, where no response header can carry a CSP, so
 * the page carries it as a meta tag: the hub's policy without `frame-ancestors`, which browsers
 * ignore in a meta tag. Browsers that get the UI from the hub see both, and they agree.
 */
function contentSecurityPolicyMeta(): Plugin {
  const policy = UI_CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'mcp-hub:csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}

/**
 * The UI, built once for both places it runs: the desktop window loads it from disk
 * (`file://`, hence relative asset paths) and the hub serves it at `/` to browsers.
 * electron-vite reuses this for the renderer part of the desktop build.
 */
export const rendererConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // The hub's CSP allows no inline script; keep every module a file of its own.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2_000,
  },
};

export default defineConfig(rendererConfig);
