import express, { type Router } from 'express';
import type { Hub } from '../hub.js';
import { validationError } from './errors.js';

function serverName(body: unknown): string {
  const name = (body as { server_name?: unknown } | undefined)?.server_name;
  if (typeof name !== 'string' || name === '') throw validationError('Missing server_name in the request body');
  return name;
}

const now = () => new Date().toISOString();

/**
 * The part of mcp-hub v4's REST API the hub core needs to be watched and steered, with the same
 * paths and shapes (the full API is built on the shared operation contract).
 */
export function apiRoutes(hub: Hub): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4mb' }));

  router.get('/health', (_req, res) => {
    res.json({ ...hub.health(), timestamp: now() });
  });

  router.get('/servers', (_req, res) => {
    res.json({ servers: hub.serverInfos(), timestamp: now() });
  });

  router.post('/servers/info', (req, res) => {
    res.json({ server: hub.serverInfo(serverName(req.body)), timestamp: now() });
  });

  router.post('/servers/start', async (req, res) => {
    const server = await hub.startServer(serverName(req.body));
    res.json({ status: 'ok', server, timestamp: now() });
  });

  router.post('/servers/stop', async (req, res) => {
    const disable = req.query['disable'] === 'true';
    const server = await hub.stopServer(serverName(req.body), { disable });
    res.json({ status: 'ok', server, timestamp: now() });
  });

  return router;
}
