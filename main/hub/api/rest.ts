import express, { type Request, type Response, type Router } from 'express';
import { FULL_VIEW_HEADER, operations, type OperationName } from '../../../shared/contract.js';
import { isRecord } from '../../../shared/is-record.js';
import type { HubService } from '../service/service.js';
import { sendError, sendHttpError } from './envelope.js';
import { v4View } from './v4-view.js';

/** What the request says, as the operation's input: the JSON body plus the fields bound to the query. */
function rawInput(req: Request, queryFields: readonly string[] | 'all'): Record<string, unknown> {
  const input: Record<string, unknown> = isRecord(req.body) ? { ...req.body } : {};
  for (const [key, value] of Object.entries(req.query)) {
    if (queryFields === 'all' || queryFields.includes(key)) input[key] = value;
  }
  return input;
}

/**
 * The REST API, derived from the operation contract: one route per operation, bound as the
 * contract says (mcp-hub v4's paths), each handing its input to the service and sending back what
 * it answers, with v4's `timestamp`, in v4's view unless the caller asks for the full one.
 */
export function restRoutes(service: HubService): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4mb' }));
  for (const name of Object.keys(operations) as OperationName[]) {
    const spec = operations[name];
    const queryFields = spec.http.method === 'GET' ? 'all' : (spec.http.query ?? []);
    const handle = async (req: Request, res: Response) => {
      // A page cannot send JSON to another site without asking first (a preflight the hub never
      // answers); a body of any other type could come from any page.
      if (req.is('application/json') === false) {
        sendHttpError(res, 'UNSUPPORTED_MEDIA_TYPE', `${req.method} /api${spec.http.path} takes a JSON body (Content-Type: application/json)`);
        return;
      }
      const reply = await service.dispatch(name, rawInput(req, queryFields));
      if (!reply.ok) return sendError(res, reply.error);
      const result = req.get(FULL_VIEW_HEADER) === 'full' ? reply.result : v4View(name, reply.result);
      res.json({ ...result, timestamp: new Date().toISOString() });
    };
    if (spec.http.method === 'GET') router.get(spec.http.path, handle);
    else router.post(spec.http.path, handle);
  }
  return router;
}
