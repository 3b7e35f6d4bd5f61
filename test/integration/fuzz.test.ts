import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../shared/contract.js';
import { ConfigFileError, parseConfigText } from '../../main/hub/config/load.js';
import type { HubApp } from '../../main/hub/compose.js';
import { node, removeDir, SERVERS, startHub, tempDir, writeConfig } from '../helpers.js';

let hub: HubApp;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  hub = await startHub([await writeConfig(dir, { everything: { command: node, args: [SERVERS.everything, 'stdio'] } })]);
});
afterAll(async () => {
  await hub?.stop();
  await removeDir(dir);
});

/** Bodies that look almost right: real field names and server names, wrong or odd values. */
const fieldValue = fc.oneof(
  fc.constantFrom('everything', 'echo', 'nope', '', '__proto__', 'constructor', 'x'.repeat(5000)),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.dictionary(
    fc.constantFrom('server_name', 'tool', 'arguments', 'uri', 'prompt', 'request_options', 'after', 'disable', 'other'),
    fieldValue,
  ),
  fc.jsonValue(),
  fc.string().map((text) => ({ raw: text })),
);
// Left out: what takes no input and acts on the hub or the user's home as a whole (restarts, and
// `mcp-hub` on the PATH, which this hub without a bundled CLI refuses with 501 whatever the body).
const postPaths = Object.values(operations)
  .filter((spec) => spec.http.method === 'POST' && !['/restart', '/hard-restart', '/servers/stop', '/cli-command/install', '/cli-command/remove'].includes(spec.http.path))
  .map((spec) => spec.http.path);

describe('REST API under generated bad input', () => {
  it('never answers 500 and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...postPaths), body, async (path, input) => {
        const raw = typeof input === 'object' && input !== null && 'raw' in input ? String((input as { raw: unknown }).raw) : JSON.stringify(input);
        const res = await fetch(`${hub.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
        const text = await res.text();
        expect(res.status, `${path} ${raw} → ${text}`).toBeLessThan(500);
        if (res.status >= 400) expect(JSON.parse(text)).toMatchObject({ error: expect.any(String), code: expect.any(String) });
      }),
      { numRuns: 300 },
    );
    const health = await fetch(`${hub.url}/api/health`);
    expect(health.status).toBe(200);
    expect(hub.core.serverInfo('everything').status).toBe('connected');
  }, 120_000);
});

describe('config loader under generated bad input', () => {
  const serverEntry = fc.dictionary(
    fc.constantFrom('command', 'args', 'env', 'cwd', 'url', 'headers', 'type', 'disabled', 'timeout', 'name'),
    fc.jsonValue(),
  );
  const document = fc.oneof(
    fc.string(),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.dictionary(fc.string(), serverEntry).map((servers) => JSON.stringify({ mcpServers: servers })),
    fc.dictionary(fc.string(), serverEntry).map((servers) => JSON.stringify({ servers }, null, 2).slice(0, -1)),
  );

  it('either loads (with a problem per bad entry) or throws a ConfigFileError with a position', () => {
    fc.assert(
      fc.property(document, (text) => {
        try {
          const { servers } = parseConfigText(text, '/fuzz/mcp.json');
          for (const server of servers) if (server.problem) expect(server.problem).toMatch(/^\/fuzz\/mcp\.json/);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigFileError);
          expect((error as Error).message).toMatch(/^\/fuzz\/mcp\.json/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
