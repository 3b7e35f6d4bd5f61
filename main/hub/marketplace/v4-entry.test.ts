import { describe, expect, it } from 'vitest';
import { FIXTURE_ENTRIES } from '../../../test/fixtures/registry/entries.js';
import { parseSnapshot, loadSnapshot, SNAPSHOT_REGISTRY } from './snapshot.js';
import { toMarketplaceEntry } from './entry.js';
import { v4MarketplaceEntry } from './v4-entry.js';

const entries = [...loadSnapshot(), ...parseSnapshot({ servers: FIXTURE_ENTRIES })].map((response) => toMarketplaceEntry(response, SNAPSHOT_REGISTRY));

describe("marketplace entries in mcp-hub v4's registry shape", () => {
  it('gives every entry what mcphub.nvim reads, with the types its Lua expects', () => {
    expect(entries.length).toBeGreaterThan(5);
    for (const entry of entries) {
      const v4 = v4MarketplaceEntry(entry);
      expect(v4, entry.id).toMatchObject({
        id: entry.id,
        name: expect.any(String),
        description: expect.any(String),
        author: expect.any(String),
        url: expect.any(String),
        category: expect.any(String),
        tags: expect.any(Array),
        featured: false,
        stars: 0,
        lastCommit: expect.any(Number),
      });
    }
  });

  it('makes an installation of each package or remote the hub can run, every value to fill in a ${KEY} of its config', () => {
    let checked = 0;
    for (const entry of entries) {
      for (const installation of v4MarketplaceEntry(entry).installations) {
        const config = JSON.parse(installation.config) as Record<string, unknown>;
        expect('command' in config || 'url' in config, `${entry.id}: ${installation.config}`).toBe(true);
        for (const parameter of installation.parameters) expect(installation.config, entry.id).toContain(`\${${parameter.key}}`);
        // Nothing for a secret store: the user types the value into the config file (or the environment).
        expect(installation.config).not.toContain('${secret:');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('leaves out what the hub cannot run (an MCP bundle, a package serving its own HTTP)', () => {
    const bundle = entries.find((entry) => entry.packages.some((pkg) => pkg.registryType === 'mcpb'))!;
    expect(bundle).toBeDefined();
    expect(v4MarketplaceEntry(bundle).installations.length).toBeLessThan(bundle.packages.length + bundle.remotes.length);
  });
});
