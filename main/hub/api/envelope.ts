import type { NextFunction, Request, Response } from 'express';
import { statusOf } from '../../../shared/errors.js';
import type { HubErrorPayload } from '../../../shared/hub-client.js';
import type { Logger } from '../log.js';

/** Sends a failure in mcp-hub v4's error envelope: `{error, code, data, timestamp}`. */
export function sendError(res: Response, error: HubErrorPayload): void {
  res.status(error.status).json({ error: error.message, code: error.code, data: error.data, timestamp: new Date().toISOString() });
}

/** A failure of the HTTP layer itself (before any operation ran), in the same envelope. */
export function sendHttpError(res: Response, code: 'VALIDATION_ERROR' | 'REQUEST_TOO_LARGE' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'SERVER_ERROR', message: string): void {
  sendError(res, { code, message, status: statusOf(code), data: {} });
}

/** Errors express met on its own (a body that is not JSON, or too large), in the envelope. */
export function httpErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const type = typeof error === 'object' && error !== null ? (error as { type?: string }).type : undefined;
    if (type === 'entity.parse.failed') return sendHttpError(res, 'VALIDATION_ERROR', 'Request body is not valid JSON');
    if (type === 'entity.too.large') return sendHttpError(res, 'REQUEST_TOO_LARGE', 'Request body is too large');
    logger.error({ method: req.method, path: req.path, err: error instanceof Error ? error.stack : String(error) }, 'request failed');
    // Nothing of an unexpected error's text leaves the hub: it may name files or hold secrets.
    sendHttpError(res, 'SERVER_ERROR', 'The hub could not handle this request');
  };
}
