import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { statusOf } from '../../../shared/errors.js';
import type { HubErrorPayload } from '../../../shared/hub-client.js';
import type { Logger } from '../log.js';

/** Sends a failure in mcp-hub v4's error envelope: `{error, code, data, timestamp}`. */
export function sendError(res: ServerResponse, error: HubErrorPayload, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: error.message, code: error.code, data: error.data, timestamp: new Date().toISOString() });
  res.writeHead(error.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

/** A failure of the HTTP layer itself (before any operation ran), in the same envelope. */
type HttpErrorCode = 'VALIDATION_ERROR' | 'REQUEST_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'SERVER_ERROR';

export function sendHttpError(res: ServerResponse, code: HttpErrorCode, message: string, headers?: Record<string, string>): void {
  sendError(res, { code, message, status: statusOf(code), data: {} }, headers);
}

/** The codes of the client errors body-parser and serve-static report with a status of their own. */
const CLIENT_ERRORS: Record<number, HttpErrorCode> = { 400: 'VALIDATION_ERROR', 404: 'NOT_FOUND', 413: 'REQUEST_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

/** Errors express met on its own (a body that is not JSON, or too large), in the envelope. */
export function httpErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const { type, status, expose } = (typeof error === 'object' && error !== null ? error : {}) as { type?: string; status?: number; expose?: boolean };
    if (type === 'entity.parse.failed') return sendHttpError(res, 'VALIDATION_ERROR', 'Request body is not valid JSON');
    if (type === 'entity.too.large') return sendHttpError(res, 'REQUEST_TOO_LARGE', 'Request body is too large');
    // An unsupported charset or content-encoding, a broken gzip body, a file that is not there:
    // the sender's mistake, said as such (their messages name no file of the hub's).
    const code = status === undefined ? undefined : CLIENT_ERRORS[status];
    if (code) return sendHttpError(res, code, expose && status !== 404 ? (error as Error).message : 'Not found');
    logger.error({ method: req.method, path: req.path, err: error instanceof Error ? error.stack : String(error) }, 'request failed');
    // Nothing of an unexpected error's text leaves the hub: it may name files or hold secrets.
    sendHttpError(res, 'SERVER_ERROR', 'The hub could not handle this request');
  };
}
