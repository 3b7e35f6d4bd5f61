import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as CliHub from './hub/cli-hub.js';

export type HubModule = typeof CliHub;

export interface LoadedHub {
  hub: HubModule;
  /** Whether V8 took its compiled code from the cache instead of compiling the bundle. */
  fromCache: boolean;
  /** Keeps what V8 compiled so far (call it once the hub is ready) for the next start, unless the cache served this one. */
  saveCache(): void;
}

/**
 * Loads the hub's bundle, one CommonJS script (`dist/chunks/hub-<content hash>.js`), with V8's code
 * cache: compiling its 2 MB took about half of the 250 ms it took to load. Node 20 has no
 * compile cache for modules, so the script is compiled here. The cache is named by the bundle's
 * content hash, Node's version and the CPU; V8 itself rejects one made under other flags, and a
 * rejected or unreadable cache only means compiling as without one.
 */
export function loadHubScript(file: string, cacheDir: string): LoadedHub {
  const source = readFileSync(file, 'utf8');
  const cacheName = `${basename(file, '.js')}-${process.version}-${process.arch}.bin`;
  const cacheFile = join(cacheDir, cacheName);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet.
  }
  // The wrapper on a line of its own, so the bundle's own lines and columns stay as they are.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, { filename: file, lineOffset: -1, ...(cachedData && { cachedData }) });
  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    hub: module.exports as HubModule,
    fromCache,
    saveCache: () => {
      if (fromCache) return;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${randomBytes(4).toString('hex')}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, cacheFile);
        // Caches of other bundles (an older build) or other Node versions are of no more use.
        for (const name of readdirSync(cacheDir)) if (name !== cacheName && /^hub-.*\.bin$/.test(name)) rmSync(join(cacheDir, name), { force: true });
      } catch {
        // A cache that cannot be written is only a slower next start.
      }
    },
  };
}
