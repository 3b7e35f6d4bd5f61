import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { UI_CONTENT_SECURITY_POLICY } from '../../../shared/csp.js';


/**
 * Serves the built UI at `/`. Any other GET that is not an API path answers with `index.html`, so
 * a reloaded deep link (`/servers/memory`) opens the page it names.
 */
export function uiRoutes(uiDir: string): Router {
  const router = express.Router();
  const index = path.join(uiDir, 'index.html');
  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': UI_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  // Vite names assets by content hash, so they never change under the same name.
  router.use('/assets', express.static(path.join(uiDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  router.use(express.static(uiDir, { index: false }));
  router.get(/.*/, (req, res, next) => {
    if (!req.accepts('html') || !existsSync(index)) return next();
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
