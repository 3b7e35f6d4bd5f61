import { expect } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import { ServerResponseSchema } from '../../../shared/registry-schema.js';
import { FIXTURE_ENTRIES } from '../../../test/fixtures/registry/entries.js';
import { toMarketplaceEntry, type MarketplaceEntry } from './entry.js';
import type { InstallResult } from './install.js';

/** The latest version of a registry fixture (test/fixtures/registry), as the marketplace lists it. */
export function fixture(name: string): MarketplaceEntry {
  const found = FIXTURE_ENTRIES.find(
    (e) => e.server.name === name && e._meta['io.modelcontextprotocol.registry/official'].isLatest,
  );
  if (!found) throw new Error(`no fixture ${name}`);
  return toMarketplaceEntry(ServerResponseSchema.parse(found), 'http://registry.test');
}

/** Every config produced must load in the hub as it is. */
export function expectValidConfig(result: InstallResult): void {
  expect(result.config).not.toBeNull();
  const parsed = ServerConfigSchema.safeParse(result.config);
  expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
}
