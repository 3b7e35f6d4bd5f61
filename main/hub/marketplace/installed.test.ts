import { describe, expect, it } from 'vitest';
import { ServerResponseSchema } from '../../../shared/registry-schema.js';
import { FIXTURE_ENTRIES } from '../../../test/fixtures/registry/entries.js';
import { toMarketplaceEntry, type MarketplaceEntry } from './entry.js';
import { configFromEntry } from './install.js';
import { isNewer, markInstalled, parseReference, type ConfiguredServer } from './installed.js';

const entries: MarketplaceEntry[] = FIXTURE_ENTRIES.filter((e) => e._meta['io.modelcontextprotocol.registry/official'].isLatest).map(
  (e) => toMarketplaceEntry(ServerResponseSchema.parse(e), 'http://registry.test'),
);

function installedOf(servers: ConfiguredServer[]) {
  return Object.fromEntries(
    markInstalled(entries, servers)
      .filter((entry) => entry.installed)
      .map((entry) => [entry.id, entry.installed]),
  );
}

describe('which entries the config runs', () => {
  it('recognises what an install writes, for every package type and remotes', () => {
    const values: Record<string, Record<string, string>> = {
      'com.example/weather': { OPENWEATHER_API_KEY: 'k' },
      'io.github.acme/postgres': { DATABASE_URL: 'postgres://x' },
      'io.github.acme/search': { source_path: '/data', SEARCH_TOKEN: 't' },
      'io.github.someone/files': { allowed_directory: '/tmp' },
      'com.example/notes': { token: 't' },
      'com.example/tenant-crm': { tenant: 'acme', 'X-Api-Key': 'k' },
    };
    const servers: ConfiguredServer[] = [];
    for (const entry of entries) {
      const { config } = configFromEntry(entry, {}, values[entry.id] ?? {});
      if (config) servers.push({ name: `s-${entry.id}`, entry: { ...config } });
    }
    const installed = installedOf(servers);
    for (const { name } of servers) {
      const id = name.slice(2);
      expect(installed[id], id).toEqual([expect.objectContaining({ server: name, updateAvailable: false })]);
    }
    // Only entries the hub can install were installed, and each one is found, by itself only.
    expect(Object.keys(installed).sort()).toEqual(servers.map((s) => s.name.slice(2)).sort());
    expect(installed['com.example/weather']?.[0]).toMatchObject({ version: '1.2.0', latestVersion: '1.2.0' });
    expect(installed['io.github.acme/search']?.[0]).toMatchObject({ version: '1.4.0', latestVersion: '1.4.0' });
    expect(installed['com.example/notes']?.[0]).toMatchObject({ version: null, latestVersion: null });
    expect(installed['com.example/tenant-crm']?.[0]).toMatchObject({ server: 's-com.example/tenant-crm' });
  });

  it('says an update is available when the config pins an older version', () => {
    const installed = installedOf([
      { name: 'weather', entry: { command: 'npx', args: ['-y', '@example/weather-mcp@1.1.0'] } },
      { name: 'pg', entry: { command: '/usr/local/bin/uvx.exe', args: ['Acme_Postgres.MCP==0.9.1'] } },
      { name: 'legacy', entry: { command: 'docker', args: ['run', '-i', '--rm', '-e', 'X', 'docker.io/example/database-manager-mcp:3.0.9'] } },
      { name: 'clock', entry: { command: 'uvx', args: ['clock-mcp'] } },
    ]);
    expect(installed['com.example/weather']).toEqual([{ server: 'weather', version: '1.1.0', latestVersion: '1.2.0', updateAvailable: true }]);
    expect(installed['io.github.acme/postgres']).toEqual([{ server: 'pg', version: '0.9.1', latestVersion: '0.9.1', updateAvailable: false }]);
    expect(installed['com.example/legacy-db']).toEqual([{ server: 'legacy', version: '3.0.9', latestVersion: '3.1.0', updateAvailable: true }]);
    // Unpinned: npx/uvx run whatever is newest, so there is nothing to update.
    expect(installed['io.github.someone/clock']).toEqual([{ server: 'clock', version: null, latestVersion: '2025.1.1', updateAvailable: false }]);
  });

  it('ignores servers that run other things, and leaves the entries alone when nothing matches', () => {
    const servers = [
      { name: 'local', entry: { command: 'node', args: ['@example/weather-mcp@1.1.0'] } },
      { name: 'other', entry: { command: 'npx', args: ['-y', '@example/weather-mcp-fork@1.0.0'] } },
      { name: 'remote', entry: { url: 'https://mcp.notes.example.com/other' } },
      { name: 'broken', entry: { command: 42, args: 'x' } },
    ];
    const marked = markInstalled(entries, servers);
    expect(marked.filter((entry) => entry.installed)).toEqual([]);
    expect(markInstalled(entries, [])).toBe(entries);
  });

  it('reads package references the way each runner does', () => {
    expect(parseReference('npm', '@scope/pkg@^1.2.0')).toEqual({ name: '@scope/pkg', version: '^1.2.0' });
    expect(parseReference('npm', '@scope/pkg')).toEqual({ name: '@scope/pkg', version: null });
    expect(parseReference('npm', 'pkg@latest')).toEqual({ name: 'pkg', version: null });
    expect(parseReference('pypi', 'pkg[extra]==2.0')).toEqual({ name: 'pkg', version: '2.0' });
    expect(parseReference('pypi', 'pkg@2.0')).toEqual({ name: 'pkg', version: '2.0' });
    expect(parseReference('pypi', 'pkg>=2')).toBeUndefined();
    expect(parseReference('oci', 'localhost:5000/img')).toEqual({ name: 'localhost:5000/img', version: null });
    expect(parseReference('oci', 'img@sha256:abc')).toEqual({ name: 'img', version: 'sha256:abc' });
  });

  it('compares exact versions only', () => {
    expect(isNewer('1.10.0', '1.9.3')).toBe(true);
    expect(isNewer('1.2.0', '1.2.0-beta.2')).toBe(true);
    expect(isNewer('1.2.0-beta.10', '1.2.0-beta.9')).toBe(true);
    expect(isNewer('1.2.0-beta.1', '1.2.0')).toBe(false);
    expect(isNewer('2025.1.1', 'v2024.12.31')).toBe(true);
    expect(isNewer('1.0.0', '1.0')).toBe(false);
    expect(isNewer('1.3.0', '^1.2.0')).toBe(false);
    expect(isNewer('1.3.0', null)).toBe(false);
    expect(isNewer(null, '1.0.0')).toBe(false);
  });
});
