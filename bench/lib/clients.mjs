// SDK clients for the ways of reaching server-everything's tools.
import { setMaxListeners } from 'node:events';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { onCleanup, trackPid } from './children.mjs';
import { directEverythingCommand } from './hubs.mjs';

const CLIENT_INFO = { name: 'mcp-hub-bench', version: '1.0.0' };

/** Connects over the given transport; close() is also registered as a cleanup step. */
async function open(transport, client = new Client(CLIENT_INFO)) {
  let untrack = () => {};
  const close = async () => {
    unregister();
    await client.close().catch(() => {});
    untrack();
  };
  const unregister = onCleanup(close);
  try {
    await client.connect(transport);
  } catch (error) {
    await close();
    throw error;
  }
  if (transport.pid) untrack = trackPid(transport.pid);
  // The server process of a stdio transport, for its CPU time; undefined over HTTP.
  return { client, close, pid: transport.pid ?? undefined };
}

/** Spawns server-everything and talks to it over stdio, with no hub in between. */
export function connectDirect() {
  const { command, args } = directEverythingCommand();
  return open(new StdioClientTransport({ command, args, stderr: 'ignore' }));
}

/**
 * The HTTP transports pass one AbortSignal to every request, and Node 20's fetch adds a listener
 * to it per request that is only dropped at garbage collection. Past 1500 of them Node prints a
 * MaxListenersExceededWarning for every further call, and that printing would be timed as part
 * of the hub's latency; lifting the cap on that signal keeps the client's cost the same for all.
 */
function fetchWithoutListenerCap(url, init) {
  if (init?.signal) setMaxListeners(0, init.signal);
  return globalThis.fetch(url, init);
}

export function connectStreamableHttp(url) {
  return open(new StreamableHTTPClientTransport(new URL(url), { fetch: fetchWithoutListenerCap }));
}

/** The SDK's v2 client pinned to MCP 2026-07-28: no session, each request says who it is. */
export function connectModern(url) {
  const client = new ModernClient(CLIENT_INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  return open(new ModernTransport(new URL(url), { fetch: fetchWithoutListenerCap }), client);
}

/** The legacy HTTP+SSE transport, the only one mcp-hub 4.2.1 serves on /mcp. */
export function connectSse(url) {
  return open(new SSEClientTransport(new URL(url), { fetch: fetchWithoutListenerCap }));
}
