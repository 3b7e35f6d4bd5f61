import { join } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { UI_CONTENT_SECURITY_POLICY } from './main/hub/api/ui.js';
import { rendererConfig } from './renderer/vite.config.js';

/**
 * The window loads the UI from `file://`, where no response header can carry a CSP, so the page
 * carries it as a meta tag: the hub's policy without `frame-ancestors`, which browsers ignore in a
 * meta tag. Browsers that get the UI from the hub see both, and they agree.
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
    plugins: [...rendererConfig.plugins, contentSecurityPolicyMeta()],
  },
});
