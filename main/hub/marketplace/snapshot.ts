// Imported (not read from disk) so the bundlers put it inside dist/cli.js and the desktop app.
import snapshotJson from './snapshot.json' with { type: 'json' };
import { OFFICIAL_REGISTRY_URL } from './registry-client.js';
import { describeIssues } from '../../../shared/issues.js';
import { ServerListSchema, ServerResponseSchema, type ServerResponse } from '../../../shared/registry-schema.js';

/**
 * The catalog shown when there is neither a registry nor a cache: the reference servers of
 * modelcontextprotocol/servers, in the official registry's `ServerList` shape. Their server.json
 * files there (src/{everything,memory,filesystem,fetch,git,time,sequentialthinking}/server.json,
 * schema 2025-12-11) were copied by hand, with the package versions set to the published ones
 * (npm @modelcontextprotocol/server-* 2026.8.31; PyPI mcp-server-fetch 2026.10.24,
 * mcp-server-git and mcp-server-time 2026.10.19).
 */

/** Where the snapshot's entries say they come from: it is a copy of the official registry. */
export const SNAPSHOT_REGISTRY = OFFICIAL_REGISTRY_URL;

/** Checks the bundled file with the same schema as live answers; a broken snapshot fails the tests, not users. */
export function parseSnapshot(json: unknown): ServerResponse[] {
  const list = ServerListSchema.safeParse(json);
  if (!list.success) throw new Error(`marketplace snapshot: ${describeIssues(list.error)}`);
  return list.data.servers.map((item, index) => {
    const parsed = ServerResponseSchema.safeParse(item);
    if (!parsed.success) throw new Error(`marketplace snapshot: ${describeIssues(parsed.error, `servers[${index}]`)}`);
    return parsed.data;
  });
}

let cached: ServerResponse[] | undefined;

export function loadSnapshot(): ServerResponse[] {
  cached ??= parseSnapshot(snapshotJson);
  return cached;
}
