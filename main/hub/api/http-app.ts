import { createServer, type Server as HttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from '../log.js';
import type { HubService } from '../service/service.js';
import { httpErrorHandler, sendHttpError } from './envelope.js';
import type { EventStream } from './event-stream.js';
import type { McpHttpRoutes } from './mcp-routes.js';
import { oauthCallbackRoute } from './oauth-callback.js';
import { openApiDocument } from './openapi.js';
import { restRoutes } from './rest.js';
import { crossSiteCheck, firstRefusal, localRequestCheck, middleware, sendRefusal, tokenCheck, type Check } from './security.js';
import { uiRoutes } from './ui.js';

export interface HttpAppOptions {
  service: HubService;
  mcpRoutes: McpHttpRoutes;
  eventStream: EventStream;
  /** The address the hub listens on: a loopback one is guarded against DNS rebinding. */
  bindHost: string;
  apiToken: string | undefined;
  /** The built browser UI, served at `/`; it holds no data, and reaches the hub through /api like anyone. */
  uiDir: string | undefined;
  logger: Logger;
}

/**
 * The hub's HTTP face: /mcp (and profiles' /profiles/<name>/mcp) for MCP clients, /api (REST and
 * events) for the UI and tools, the UI itself. MCP requests go straight to their routes, past
 * Express, after the same checks.
 */
export function httpApp(options: HttpAppOptions): RequestListener {
  const { mcpRoutes } = options;
  const local = localRequestCheck({ bindHost: options.bindHost, apiToken: options.apiToken });
  const guarded = [local, crossSiteCheck, tokenCheck(options.apiToken)];
  const app = expressApp(options, local);
  return (req, res) => {
    const route = mcpRoutes.match(req);
    if (!route) return void app(req, res);
    const refusal = firstRefusal(req, guarded);
    if (refusal) sendRefusal(res, refusal);
    else mcpRoutes.handle(route, req, res);
  };
}

function expressApp(options: HttpAppOptions, local: Check): express.Express {
  const { service, apiToken } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware(local));
  // Before the token check: the browser coming back from a login carries no API token.
  app.get('/api/oauth/callback', oauthCallbackRoute(service));
  app.use(['/mcp', '/messages', '/profiles', '/api'], middleware(crossSiteCheck, tokenCheck(apiToken)));
  app.get('/api/events', options.eventStream.handle);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.use('/api', restRoutes(service));
  // Clients probe these (OAuth discovery, other transports' paths) and show what comes back as an
  // error: JSON that says there is nothing there, never the UI's page.
  for (const prefix of ['/api', '/mcp', '/messages', '/profiles', '/.well-known']) {
    app.use(prefix, (req, res) => sendHttpError(res, 'NOT_FOUND', `Nothing at ${req.method} ${prefix}${req.path === '/' ? '' : req.path}`));
  }
  if (options.uiDir) app.use(uiRoutes(options.uiDir));
  app.use(httpErrorHandler(options.logger));
  return app;
}

export class HubStartError extends Error {}

/** Listens, or says in one sentence why not (a busy port names the way out). */
export function listen(app: RequestListener, port: number, host: string): Promise<HttpServer> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        new HubStartError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use (another hub running?). Choose another with --port.`
            : `Cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** `http://host:port` of a listening server, with IPv6 hosts bracketed. */
export function serverUrl(server: HttpServer): { url: string; port: number; host: string } {
  const { address, family, port } = server.address() as AddressInfo;
  return { url: `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`, port, host: address };
}

export async function closeServer(server: HttpServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
