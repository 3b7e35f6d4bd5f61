import { describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import { toMarketplaceEntry } from './entry.js';
import { configFromEntry } from './install.js';
import { requiredRuntime } from './runtime.js';
import { loadSnapshot, parseSnapshot, SNAPSHOT_REGISTRY } from './snapshot.js';

describe('bundled snapshot', () => {
  const entries = loadSnapshot().map((response) => toMarketplaceEntry(response, SNAPSHOT_REGISTRY));
  const byId = (id: string) => entries.find((entry) => entry.id === `io.github.modelcontextprotocol/${id}`);

  it('holds the reference servers with their real package names', () => {
    const packages = Object.fromEntries(entries.map((entry) => [entry.name, entry.packages.map((p) => `${p.registryType}:${p.identifier}`)]));
    expect(packages).toEqual({
      'server-everything': ['npm:@modelcontextprotocol/server-everything', 'npm:@modelcontextprotocol/server-everything'],
      'server-memory': ['npm:@modelcontextprotocol/server-memory'],
      'server-filesystem': ['npm:@modelcontextprotocol/server-filesystem'],
      'server-fetch': ['pypi:mcp-server-fetch'],
      'server-git': ['pypi:mcp-server-git'],
      'server-time': ['pypi:mcp-server-time'],
      'server-sequential-thinking': ['npm:@modelcontextprotocol/server-sequential-thinking'],
    });
    for (const entry of entries) {
      expect(entry).toMatchObject({ status: 'active', isLatest: true, author: 'modelcontextprotocol', url: 'https://github.com/modelcontextprotocol/servers' });
      expect(entry.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('installs each one to a config the hub accepts, with the runtime it needs', () => {
    const runtimes: Record<string, string | undefined> = {};
    for (const entry of entries) {
      const values: Record<string, string> = entry.id.endsWith('server-filesystem') ? { allowed_directory: '/tmp' } : {};
      const result = configFromEntry(entry, {}, values);
      expect(result.missing).toEqual([]);
      expect(ServerConfigSchema.safeParse(result.config).success).toBe(true);
      runtimes[entry.name] = requiredRuntime(result.config ?? {});
    }
    expect(runtimes).toEqual({
      'server-everything': 'node',
      'server-memory': 'node',
      'server-filesystem': 'node',
      'server-fetch': 'uv',
      'server-git': 'uv',
      'server-time': 'uv',
      'server-sequential-thinking': 'node',
    });
    expect(configFromEntry(byId('server-everything')!, {}, {}).config).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything@2026.8.31', 'stdio'],
    });
    expect(configFromEntry(byId('server-fetch')!, {}, {}).config).toEqual({ command: 'uvx', args: ['mcp-server-fetch==2026.10.24'] });
  });

  it('rejects a broken snapshot loudly', () => {
    expect(() => parseSnapshot({ servers: [{ server: { name: 'x/y' } }] })).toThrow('marketplace snapshot: servers[0].server.description');
  });
});
