import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InitializeResultSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';

export interface StdioBridgeOptions {
  /** The hub's MCP endpoint, e.g. http://127.0.0.1:37373/mcp. */
  url: URL;
  apiToken?: string;
  stdin?: Readable;
  stdout?: Writable;
  /** Where the bridge says what went wrong (stdout belongs to the protocol). */
  report: (message: string) => void;
}

/**
 * Relays MCP between a client that only speaks stdio (it starts `mcp-hub stdio` as its server)
 * and the running hub's Streamable HTTP endpoint, message for message: requests, responses,
 * notifications and server-to-client requests alike, so everything the hub offers works through
 * it. Resolves when either side closes.
 */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<void> {
  const local = new StdioServerTransport(options.stdin, options.stdout);
  const remote = new StreamableHTTPClientTransport(options.url, {
    requestInit: { headers: options.apiToken ? { Authorization: `Bearer ${options.apiToken}` } : {} },
  });
  const initializeIds = new Set<string | number>();
  /** Messages to the client, in order. */
  let toClient: Promise<unknown> = Promise.resolve();

  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let closing = false;
  const close = async (why?: string) => {
    if (closing) return;
    closing = true;
    if (why) options.report(why);
    // Ends the hub-side session (DELETE) rather than leaving it to expire.
    await remote.terminateSession().catch(() => {});
    await Promise.allSettled([remote.close(), local.close()]);
    finish();
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && message.method === 'initialize' && 'id' in message) initializeIds.add(message.id);
    remote.send(message).catch((error: unknown) => {
      void close(`mcp-hub stdio: the hub at ${options.url.href} did not take a message: ${(error as Error).message}`);
    });
  };
  remote.onmessage = (message: JSONRPCMessage) => {
    // The HTTP transport must send the negotiated version with every later request.
    if ('result' in message && message.id !== undefined && initializeIds.delete(message.id)) {
      const parsed = InitializeResultSchema.safeParse(message.result);
      if (parsed.success) remote.setProtocolVersion(parsed.data.protocolVersion);
    }
    // SDK clients drop a progress notification read together with its response; give the
    // response a write of its own, after whatever came before it.
    const isResponse = 'id' in message && !('method' in message);
    toClient = toClient.then(() => (isResponse ? new Promise((resolve) => setImmediate(resolve)) : undefined)).then(() => local.send(message));
  };
  local.onclose = () => void close();
  remote.onerror = (error) => options.report(`mcp-hub stdio: ${error.message}`);
  local.onerror = (error) => options.report(`mcp-hub stdio: ${error.message}`);

  await remote.start();
  await local.start();
  // stdin closing is how a stdio client says goodbye.
  (options.stdin ?? process.stdin).once('end', () => void close());
  return finished;
}

/** The state a hub at `base` reports (its /api/health), or undefined when none answers. */
async function hubState(base: URL, apiToken?: string): Promise<string | undefined> {
  try {
    const res = await fetch(new URL('/api/health', base), {
      headers: apiToken ? { Authorization: `Bearer ${apiToken}` } : {},
      signal: AbortSignal.timeout(2_000),
    });
    if (!res.ok) return undefined;
    return ((await res.json()) as { state?: string }).state ?? 'unknown';
  } catch {
    return undefined;
  }
}

export async function hubIsUp(base: URL, apiToken?: string): Promise<boolean> {
  return (await hubState(base, apiToken)) !== undefined;
}

/**
 * Polls until a hub that was just started has started its servers (state `ready`), so the
 * client's first tools/list sees them; fails after `timeoutMs`.
 */
export async function waitForHub(base: URL, apiToken: string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await hubState(base, apiToken)) !== 'ready') {
    if (Date.now() > deadline) throw new Error(`no hub answered at ${base.href} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
