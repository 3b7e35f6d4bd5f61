import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_VERSION, HUB_VERSION } from '../shared/version.js';

describe('versions', () => {
  it("the app's version is package.json's", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(HUB_VERSION).toBe(pkg.version);
  });

  it("the API version is the mcp-hub release mcphub.nvim requires, and the devDependency it is compared with", () => {
    const v4 = JSON.parse(readFileSync(new URL('../node_modules/mcp-hub/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(API_VERSION).toBe('4.2.1');
    expect(v4.version).toBe(API_VERSION);
  });
});
