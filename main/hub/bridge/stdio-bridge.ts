import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '../../../shared/is-record.js';
import { JsonRpcErrorCode } from '../json-rpc.js';
import { HubHttpError, HubSession } from './hub-session.js';
import { ModernRelay } from './modern-relay.js';
import { StdioLines } from './stdio-lines.js';

export interface StdioBridgeOptions {
  /** The hub's MCP endpoint, e.g. http://127.0.0.1:37373/mcp. */
  url: URL;
  apiToken?: string;
  stdin?: Readable;
  stdout?: Writable;
  /** Where the bridge says what went wrong (stdout belongs to the protocol). */
  report: (message: string) => void;
}

/** Ids of the requests the bridge itself sends to the hub; a client's ids never look like these. */
const OWN_ID_PREFIX = 'mcp-hub-stdio-bridge:';
/** How long a hub that went away (a restart) has to come back before the bridge gives up. */
const HUB_RETURN_MS = 15_000;

class HubGone extends Error {}

/**
 * Relays MCP between a client that only speaks stdio (it starts `mcp-hub stdio` as its server)
 * and the running hub's Streamable HTTP endpoint, message for message: requests, responses,
 * notifications and server-to-client requests alike, so everything the hub offers works through
 * it. A message the hub refuses is answered with a JSON-RPC error; a session the hub no longer
 * knows (it restarted) is opened again with the client's own initialize, so the client does not
 * notice. Requests of 2026-07-28 clients, which have no session, go by ModernRelay. The bridge
 * ends when its client closes stdin or the hub is gone.
 */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<void> {
  const local = new StdioLines(options.stdin, options.stdout);
  const headers: Record<string, string> = options.apiToken ? { Authorization: `Bearer ${options.apiToken}` } : {};
  let remote: HubSession;
  /** The client's initialize, and the version it settled on: what a new session is opened with. */
  let initialize: { request: JSONRPCRequest; protocolVersion?: string } | undefined;
  const waiting = new Map<string, (message: JSONRPCMessage) => void>();
  let ownIds = 0;
  /** Messages to the client, in order. */
  let toClient: Promise<unknown> = Promise.resolve();
  const sendToClient = (message: JSONRPCMessage) => {
    // SDK clients drop a progress notification read together with its response; give the
    // response a write of its own, after whatever came before it.
    const isResponse = 'id' in message && !('method' in message);
    toClient = toClient.then(() => (isResponse ? new Promise((resolve) => setImmediate(resolve)) : undefined)).then(() => local.send(message));
  };
  const modern = new ModernRelay({
    url: options.url,
    headers,
    send: sendToClient,
    report: options.report,
    hubBack: () => waitForHub(new URL('/', options.url), options.apiToken, HUB_RETURN_MS).then(() => true, () => false),
  });

  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let closing = false;
  const close = async (why?: string) => {
    if (closing) return;
    closing = true;
    if (why) options.report(why);
    modern.close();
    // Ends the hub-side session (DELETE) rather than leaving it to expire.
    await remote.terminateSession().catch(() => {});
    await Promise.allSettled([remote.close(), local.close()]);
    finish();
  };

  const connect = async (): Promise<void> => {
    remote = new HubSession(options.url, headers);
    remote.onmessage = (message: JSONRPCMessage) => {
      if ('id' in message && typeof message.id === 'string' && message.id.startsWith(OWN_ID_PREFIX) && !('method' in message)) {
        waiting.get(message.id)?.(message);
        return;
      }
      // The HTTP transport must send the negotiated version with every later request.
      if (initialize && 'result' in message && message.id === initialize.request.id) {
        const version = isRecord(message.result) ? message.result['protocolVersion'] : undefined;
        if (typeof version === 'string') {
          initialize.protocolVersion = version;
          remote.setProtocolVersion(version);
        }
      }
      sendToClient(message);
    };
    remote.onerror = (error) => options.report(`mcp-hub stdio: ${error.message}`);
    await remote.start();
  };

  /** A new hub session, opened as the client opened its first one. */
  const reopen = async (): Promise<void> => {
    const opened = initialize;
    if (!opened?.protocolVersion) throw new Error('the client has not initialized yet');
    await remote.close().catch(() => {});
    await connect();
    const id = `${OWN_ID_PREFIX}${++ownIds}`;
    const answered = new Promise<JSONRPCMessage>((resolve) => waiting.set(id, resolve));
    await remote.send({ ...opened.request, id });
    const answer = await answered.finally(() => waiting.delete(id));
    if (!('result' in answer)) throw new Error('the hub refused the new session');
    remote.setProtocolVersion(opened.protocolVersion);
    await remote.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    options.report('mcp-hub stdio: the hub had restarted; opened a new session');
  };

  let reopening: Promise<void> | undefined;
  /**
   * Sends a message, through a new session when the hub lost the old one (it restarted) or was
   * away for a moment; throws HubGone when it does not come back.
   */
  const relay = async (message: JSONRPCMessage): Promise<void> => {
    try {
      await remote.send(message);
      return;
    } catch (error) {
      const sessionLost = error instanceof HubHttpError && error.status === 404;
      const hubAway = !(error instanceof HubHttpError);
      if (!(sessionLost || hubAway) || !initialize?.protocolVersion || initialize.request === message) throw error;
      if (hubAway && !(await waitForHub(new URL('/', options.url), options.apiToken, HUB_RETURN_MS).then(() => true, () => false))) {
        throw new HubGone(`the hub at ${options.url.href} is gone: ${(error as Error).message}`);
      }
    }
    // The hub that came back on the port must still be one that requires the token.
    const found = options.apiToken ? await hubAccess(new URL('/', options.url), options.apiToken) : undefined;
    if (found?.access === 'refused') throw new HubGone(found.reason);
    reopening ??= reopen().finally(() => (reopening = undefined));
    await reopening;
    await remote.send(message);
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if (modern.claims(message)) {
      modern.relay(message);
      return;
    }
    if ('method' in message && message.method === 'initialize' && 'id' in message) initialize = { request: message };
    relay(message).catch(async (error: unknown) => {
      if (error instanceof HubGone || (!(error instanceof HubHttpError) && !(await hubIsUp(new URL('/', options.url), options.apiToken)))) {
        void close(`mcp-hub stdio: ${error instanceof HubGone ? error.message : `the hub at ${options.url.href} is gone: ${(error as Error).message}`}`);
        return;
      }
      // Refused by a hub that is there (a request before initialize, a protocol version it does
      // not speak): the client gets an answer and decides, as it would from any server.
      options.report(`mcp-hub stdio: the hub refused a message: ${(error as Error).message}`);
      if ('method' in message && 'id' in message) {
        sendToClient({ jsonrpc: '2.0', id: message.id, error: { code: JsonRpcErrorCode.InvalidRequest, message: `The hub refused the request: ${(error as Error).message}` } });
      }
    });
  };
  local.onclose = () => void close();
  local.onerror = (error) => options.report(`mcp-hub stdio: ${error.message}`);

  await connect();
  await local.start();
  // stdin closing is how a stdio client says goodbye.
  (options.stdin ?? process.stdin).once('end', () => void close());
  return finished;
}

/** The state a hub at `base` reports (its /api/health), or undefined when none answers. */
async function hubState(base: URL, apiToken?: string): Promise<string | undefined> {
  const answer = await health(base, apiToken);
  if (!answer?.ok) return undefined;
  return ((await answer.json().catch(() => ({}))) as { state?: string }).state ?? 'unknown';
}

async function health(base: URL, apiToken?: string): Promise<Response | undefined> {
  try {
    return await fetch(new URL('/api/health', base), {
      headers: apiToken ? { Authorization: `Bearer ${apiToken}` } : {},
      signal: AbortSignal.timeout(2_000),
    });
  } catch {
    return undefined;
  }
}

/**
 * Whether the bridge may use the hub at `base`: none answers (`absent`), it takes the bridge's
 * token or needs none (`ok`), or why not. A bridge given a token uses only a hub that requires
 * it: one that answers without it is open to every program and page on the machine.
 */
export async function hubAccess(base: URL, apiToken: string | undefined): Promise<{ access: 'absent' | 'ok' } | { access: 'refused'; reason: string }> {
  const answer = await health(base, apiToken);
  await answer?.body?.cancel();
  if (answer?.status === 401) {
    const reason = apiToken
      ? `the hub on ${base.href} refuses this bridge's API token (it was started with another one)`
      : `the hub on ${base.href} requires an API token: give the bridge the same one (MCP_HUB_API_TOKEN or --api-token-file)`;
    return { access: 'refused', reason };
  }
  if (!answer?.ok) return { access: 'absent' };
  if (!apiToken) return { access: 'ok' };
  const tokenless = await health(base);
  await tokenless?.body?.cancel();
  if (tokenless?.status === 401) return { access: 'ok' };
  return {
    access: 'refused',
    reason: `the hub on ${base.href} does not require the API token this bridge was given, so any program on this machine can use it; stop it and start it with the token (MCP_HUB_API_TOKEN or --api-token-file)`,
  };
}

/**
 * Stands in for the hub when the bridge will not reach it: every request the client sends is
 * answered with `reason` as an error (a client shows it as the server's failure to start), until
 * the client closes stdin.
 */
export async function refuseClient(reason: string, streams: { stdin?: Readable; stdout?: Writable } = {}): Promise<void> {
  const local = new StdioLines(streams.stdin, streams.stdout);
  const closed = new Promise<void>((resolve) => {
    local.onclose = resolve;
    (streams.stdin ?? process.stdin).once('end', resolve);
  });
  local.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && 'id' in message) void local.send({ jsonrpc: '2.0', id: message.id, error: { code: JsonRpcErrorCode.InternalError, message: reason } });
  };
  await local.start();
  await closed;
  await local.close();
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
