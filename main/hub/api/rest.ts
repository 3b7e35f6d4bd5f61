import express, { type Request, type Response, type Router } from 'express';
import { operations, type OperationName, type OperationResult, type ParsedInput } from '../../../shared/contract.js';
import { describeIssues } from '../../../shared/issues.js';
import { validationError } from './errors.js';

/** The hub's implementation of every operation of the contract. */
export type OperationHandlers = { [N in OperationName]: (input: ParsedInput<N>) => Promise<OperationResult<N>> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the request says, as the operation's input: the JSON body plus the fields bound to the query. */
function rawInput(req: Request, queryFields: readonly string[] | 'all'): Record<string, unknown> {
  const input: Record<string, unknown> = isRecord(req.body) ? { ...req.body } : {};
  for (const [key, value] of Object.entries(req.query)) {
    if (queryFields === 'all' || queryFields.includes(key)) input[key] = value;
  }
  return input;
}

/**
 * The REST API, derived from the operation contract: one route per operation, its input checked
 * against the operation's schema (400 with the reason when it does not fit), its result sent with
 * mcp-hub v4's `timestamp`.
 */
export function restRoutes(handlers: OperationHandlers): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4mb' }));
  for (const name of Object.keys(operations) as OperationName[]) {
    const spec = operations[name];
    const queryFields = spec.http.method === 'GET' ? 'all' : (spec.http.query ?? []);
    const handle = async (req: Request, res: Response) => {
      const parsed = spec.input.safeParse(rawInput(req, queryFields));
      if (!parsed.success) throw validationError(describeIssues(parsed.error), { issues: parsed.error.issues });
      const handler = handlers[name] as (input: unknown) => Promise<object>;
      const result = await handler(parsed.data);
      res.json({ ...result, timestamp: new Date().toISOString() });
    };
    if (spec.http.method === 'GET') router.get(spec.http.path, handle);
    else router.post(spec.http.path, handle);
  }
  return router;
}
