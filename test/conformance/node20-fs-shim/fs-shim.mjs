// 'fs' as the conformance 2026 CLI sees it on Node 20 (see hooks.mjs). The server scenarios never
// glob; if a command ever does, it fails loudly here rather than matching nothing.
import fs from 'node:fs';

export * from 'node:fs';
export default fs;

export function globSync(pattern) {
  throw new Error(`fs.globSync(${String(pattern)}) needs Node >= 22; the conformance CLI's Node 20 shim does not provide it`);
}
