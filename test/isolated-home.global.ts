import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test, and every hub, bridge or client it starts, gets a home of its own: a hub started
 * with the default paths would otherwise keep its state (definitions, backups, logs, process
 * records) in the home of whoever runs the tests, and read their MCP clients' config files.
 * Test workers and their children inherit the environment set here.
 */
export default function isolatedHome(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'mcp-hub-test-home-'));
  Object.assign(process.env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
  });
  return () => rmSync(home, { recursive: true, force: true });
}
