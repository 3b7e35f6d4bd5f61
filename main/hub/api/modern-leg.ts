import type { IncomingMessage, ServerResponse } from 'node:http';
import { classifyInboundRequest, createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import type { JSONRPCMessage, Tool } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '../../../shared/is-record.js';
import type { Catalog, CatalogView } from '../catalog/catalog.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import type { Logger } from '../log.js';
import { mcpParamMismatch } from '../mcp-param.js';
import type { CatalogKind } from '../upstream/upstream-server.js';
import { ListenResources } from './listen-resources.js';
import { sendWebResponse, toWebRequest } from './web-exchange.js';

/** One endpoint of the hub as the modern leg serves it: where it is, and what it shows now. */
export interface ModernScope {
  /** `/mcp`, `/mcp/<server>` or `/profiles/<name>/mcp`: one handler, and one set of listen streams, each. */
  path: string;
  view: () => CatalogView | undefined;
}

/**
 * MCP 2026-07-28 on the hub's endpoints, next to the 2025-era sessions on the same URLs. The
 * request is already read and checked (Host, Origin, token, size, JSON-RPC shape); what is new
 * in the era (its envelope, the `Mcp-Method` / `Mcp-Name` headers, `server/discover`, a server
 * per request, `subscriptions/listen`) is the SDK's `createMcpHandler`, whose servers the
 * endpoint builds with the same forwarding as a session's.
 */
export class ModernLeg {
  private readonly handlers = new Map<string, { handler: McpHttpHandler; scope: ModernScope; resources: ListenResources }>();
  private readonly log: Logger;

  constructor(
    private readonly endpoint: Endpoint,
    catalog: Catalog,
    logger: Logger,
    /** A 2026-07-28 client was seen for the first time (lately). */
    private readonly onClientAdded: () => void,
  ) {
    this.log = logger.child({ component: 'mcp-modern' });
    catalog.on('changed', ({ server, kinds, before }) => this.each((handler, view) => announce(handler, view.affected(server, kinds, before))));
    catalog.on('profileChanged', ({ view }) => this.each((handler, current) => current === view && announce(handler, ['tools', 'prompts', 'resources'])));
  }

  /**
   * Whether a POST without a session id is this leg's: one message that claims a 2026-07-28 (or
   * newer) envelope, or whose headers and body disagree about the era (the SDK says how).
   */
  claims(req: IncomingMessage, messages: JSONRPCMessage[], batch: boolean): boolean {
    if (batch || messages.length !== 1) return false;
    const outcome = classifyInboundRequest({
      httpMethod: 'POST',
      body: messages[0],
      ...header('protocolVersionHeader', req.headers['mcp-protocol-version']),
      ...header('mcpMethodHeader', req.headers['mcp-method']),
      ...header('mcpNameHeader', req.headers['mcp-name']),
    });
    return outcome.kind !== 'legacy';
  }

  async serve(req: IncomingMessage, res: ServerResponse, scope: ModernScope, message: JSONRPCMessage): Promise<void> {
    const view = scope.view();
    const mismatch = view && paramHeadersMismatch(view, message, req);
    if (mismatch) {
      // As the SDK answers header and body that disagree (-32020 HeaderMismatch, HTTP 400).
      const body = JSON.stringify({ jsonrpc: '2.0', id: 'id' in message ? message.id : null, error: { code: -32020, message: `Bad Request: the request headers and body disagree: ${mismatch}` } });
      res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    const request = toWebRequest(req, res);
    const seen = 'method' in message ? this.endpoint.modernClients.begin(isRecord(message.params) ? message.params['_meta'] : undefined, scope.path) : undefined;
    if (seen?.added) this.onClientAdded();
    const { handler, resources } = this.handlerFor(scope);
    try {
      const serve = async (body: JSONRPCMessage) => sendWebResponse(await handler.fetch(request, { parsedBody: body }), res);
      await (view ? resources.during(message, view, serve) : serve(message));
    } finally {
      seen?.end();
    }
  }

  async close(): Promise<void> {
    const all = [...this.handlers.values()];
    this.handlers.clear();
    await Promise.allSettled(all.map(({ handler }) => handler.close()));
  }

  /** Calls `fn` for each endpoint that still exists; the listen streams of one that is gone end (its clients learn why when they ask again). */
  private each(fn: (handler: McpHttpHandler, view: CatalogView) => void): void {
    for (const [path, { handler, scope }] of this.handlers) {
      const view = scope.view();
      if (view) fn(handler, view);
      else {
        this.handlers.delete(path);
        void handler.close();
      }
    }
  }

  private handlerFor(scope: ModernScope): { handler: McpHttpHandler; resources: ListenResources } {
    const existing = this.handlers.get(scope.path);
    if (existing) return existing;
    const handler = createMcpHandler(
      () => {
        const view = scope.view();
        // The route checked the endpoint exists a moment ago; a profile removed since is an error the SDK answers 500.
        if (!view) throw new Error(`${scope.path} no longer exists`);
        return this.endpoint.createExchange(view).server;
      },
      {
        // 2025-era requests never come here: the hub serves them with sessions.
        legacy: 'reject',
        onerror: (error) => this.log.debug({ path: scope.path, err: error.message }, 'MCP 2026-07-28 request refused or failed'),
      },
    );
    const served = { handler, scope, resources: new ListenResources(handler, this.endpoint.subscriptions) };
    this.handlers.set(scope.path, served);
    return served;
  }
}

/** For a tools/call: whether its `Mcp-Param-*` headers say what its arguments say (the tool's schema declares which). */
function paramHeadersMismatch(view: CatalogView, message: JSONRPCMessage, req: IncomingMessage): string | undefined {
  if (!('method' in message) || message.method !== 'tools/call' || !isRecord(message.params) || typeof message.params['name'] !== 'string') return undefined;
  const args = isRecord(message.params['arguments']) ? message.params['arguments'] : undefined;
  return mcpParamMismatch(toolNamed(view, message.params['name'])?.inputSchema, args, req.headers);
}

/** The views' tool lists are rebuilt on change, never per request: each is indexed once. */
const toolIndexes = new WeakMap<readonly Tool[], Map<string, Tool>>();

function toolNamed(view: CatalogView, name: string): Tool | undefined {
  const tools = view.tools();
  let index = toolIndexes.get(tools);
  if (!index) toolIndexes.set(tools, (index = new Map(tools.map((tool) => [tool.name, tool]))));
  return index.get(name);
}

function header<K extends string>(key: K, value: string | string[] | undefined): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}

function announce(handler: McpHttpHandler, kinds: CatalogKind[]): void {
  if (kinds.includes('tools')) handler.notify.toolsChanged();
  if (kinds.includes('prompts')) handler.notify.promptsChanged();
  if (kinds.includes('resources')) handler.notify.resourcesChanged();
}
