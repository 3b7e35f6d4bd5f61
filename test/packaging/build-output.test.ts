import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { UI_CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { node } from '../helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;

function built(file: string): string {
  const path = join(ROOT, file);
  if (!existsSync(path)) throw new Error(`Run \`npm run build\` first; ${file} is missing`);
  return readFileSync(path, 'utf8');
}

describe('desktop build output', () => {
  it('has a preload that runs in Electron’s sandbox: one file, requiring only electron, exposing only window.hub', () => {
    const exposed: string[] = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string) => void exposed.push(key) },
      ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined },
    };
    // A sandboxed preload gets a `require` that knows 'electron' and a few built-ins, nothing else.
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require '${name}'`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(built('out/preload/preload.cjs'), { require: sandboxRequire, module, exports: module.exports });
    expect(required).toEqual(['electron']);
    expect(exposed).toEqual(['hub']);
  });

  it('gives the page loaded from file:// the hub’s CSP, before any script', () => {
    const html = built('out/renderer/index.html');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta).not.toBeNull();
    const policy = meta![1]!.replaceAll('&#39;', "'");
    // frame-ancestors does nothing in a meta tag; the hub sends it as a header to browsers.
    expect(policy).toBe(UI_CONTENT_SECURITY_POLICY.replace(/; frame-ancestors [^;]*/, ''));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });

  it('has a main process bundle that leaves keytar to be loaded from node_modules', () => {
    const main = built('out/main/main.js');
    expect(main).toMatch(/import\(["']keytar["']\)/);
    expect(main).toMatch(/from ["']electron["']/);
  });

  it('has icons that match what scripts/make-icons.mjs draws', () => {
    // Throws, with the stale files named, when they differ.
    execFileSync(node, [join(ROOT, 'scripts', 'make-icons.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
  });
});
