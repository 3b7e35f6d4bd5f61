// The ways of reaching server-everything's echo tool that the tool-call section compares. Paths
// that go through the same process share it (one hub of each kind, one server-everything in its
// own Streamable HTTP mode): they are measured one after another, never at once.
import { openBareModern, openBareSession, openBareSse } from './bare-session.mjs';
import { echoCaller } from './calls.mjs';
import { connectDirect, connectModern, connectSse, connectStreamableHttp } from './clients.mjs';
import { describeBinding, startEverythingHttp, startHub } from './hubs.mjs';

const SERVER = 'everything';

/** `client`: 'SDK' (the SDK's v1 Client), 'SDK v2' (its v2 Client, 2026-07-28) or 'bare' (bare-session.mjs: no SDK, keep-alive HTTP). */
export const CALL_PATHS = [
  { key: 'direct', label: 'direct (stdio)', client: 'SDK' },
  // The transport cost every Streamable HTTP client pays, hub or not: the fair baseline for ours.
  { key: 'direct-http', label: 'direct (Streamable HTTP, no hub)', client: 'SDK' },
  { key: 'ours', label: 'this hub, /mcp (Streamable HTTP)', client: 'SDK' },
  { key: 'ours-sse', label: 'this hub, /mcp (legacy SSE)', client: 'SDK' },
  { key: 'ours-modern', label: 'this hub, /mcp (2026-07-28, no session)', client: 'SDK v2' },
  { key: 'mcp-hub', label: 'mcp-hub 4.2.1 (legacy SSE)', client: 'SDK' },
  // What the servers themselves cost, without an SDK client's parsing and validation.
  { key: 'direct-http-bare', label: 'direct (Streamable HTTP, no hub)', client: 'bare' },
  { key: 'ours-bare', label: 'this hub, /mcp', client: 'bare' },
  { key: 'ours-server-bare', label: `this hub, /mcp/${SERVER}`, client: 'bare' },
  { key: 'ours-modern-bare', label: 'this hub, /mcp (2026-07-28, no session)', client: 'bare' },
  { key: 'ours-sse-bare', label: 'this hub, /mcp (legacy SSE)', client: 'bare' },
  { key: 'mcp-hub-bare', label: 'mcp-hub 4.2.1 (legacy SSE)', client: 'bare' },
  // The floor (floor-hub.mjs): a relay on Node that does nothing but relay, for either client.
  { key: 'floor', label: 'floor (bare Node relay), /mcp', client: 'SDK' },
  { key: 'floor-bare', label: 'floor (bare Node relay), /mcp', client: 'bare' },
];

/** Starts each shared process once, on first use; stop() stops all that were started. */
export function sharedProcesses() {
  const started = new Map();
  const once = (name, start) => {
    if (!started.has(name)) started.set(name, start());
    return started.get(name);
  };
  return {
    hub: (kind) => once(kind, () => startHub(kind, [SERVER])),
    everythingHttp: () => once('everything-http', () => startEverythingHttp()),
    async stop() {
      for (const starting of started.values()) await (await starting.catch(() => undefined))?.stop().catch(() => {});
    },
  };
}

/** If the shared process behind a path has exited: how, and its last output lines. */
function exitReport(handle) {
  if (!handle.hasExited()) return undefined;
  const { exitCode, signalCode } = handle.child;
  const lines = handle.output().trim().split('\n').slice(-10).join('\n    ');
  return `it exited (${signalCode ?? `code ${exitCode}`}); last output:\n    ${lines}`;
}

function sdkPath(connection, toolName, extra) {
  return { call: echoCaller((params) => connection.client.callTool(params), toolName), close: connection.close, ...extra };
}

async function barePath(url, toolName, sockets, extra, open = openBareSession) {
  const session = await open(url, { sockets });
  return { call: echoCaller((params) => session.request('tools/call', params), toolName), close: session.close, ...extra };
}

/**
 * Connects one path: { call, close, cpuPid, binding }. cpuPid is the root of the process tree whose
 * CPU time the calls cost: the server alone for direct paths, the hub and its servers otherwise.
 */
export async function connectPath(key, shared, { sockets }) {
  if (key === 'direct') {
    const connection = await connectDirect();
    return sdkPath(connection, 'echo', { cpuPid: connection.pid });
  }
  if (key.startsWith('direct-http')) {
    const server = await shared.everythingHttp();
    const extra = { cpuPid: server.pid, binding: await describeBinding(server.port), exitReport: () => exitReport(server.handle) };
    return key === 'direct-http' ? sdkPath(await connectStreamableHttp(server.url), 'echo', extra) : barePath(server.url, 'echo', sockets, extra);
  }
  const hub = await shared.hub(key.startsWith('mcp-hub') ? 'mcp-hub' : key.startsWith('floor') ? 'floor' : 'ours');
  const extra = { cpuPid: hub.handle.child.pid, binding: await describeBinding(hub.port), exitReport: () => exitReport(hub.handle) };
  const tool = `${SERVER}__echo`;
  if (key === 'ours' || key === 'floor') return sdkPath(await connectStreamableHttp(hub.mcpUrl), tool, extra);
  if (key === 'ours-sse' || key === 'mcp-hub') return sdkPath(await connectSse(hub.mcpUrl), tool, extra);
  if (key === 'ours-modern') return sdkPath(await connectModern(hub.mcpUrl), tool, extra);
  if (key === 'ours-modern-bare') return barePath(hub.mcpUrl, tool, sockets, extra, openBareModern);
  if (key === 'ours-bare' || key === 'floor-bare') return barePath(hub.mcpUrl, tool, sockets, extra);
  if (key === 'ours-sse-bare' || key === 'mcp-hub-bare') return barePath(hub.mcpUrl, tool, sockets, extra, openBareSse);
  if (key === 'ours-server-bare') return barePath(`${hub.mcpUrl}/${SERVER}`, 'echo', sockets, extra);
  throw new Error(`unknown call path '${key}'`);
}
