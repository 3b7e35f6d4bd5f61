import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ConfigEditError } from '../config/edit.js';
import { RedactedValueError } from '../config/editor.js';
import { ConfigConflictError, ConfigValidationError } from '../config/write.js';
import { ProtocolError } from '../protocol-error.js';

/** An error with mcp-hub v4's `code` names and the HTTP status it should have had. */
export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const validationError = (message: string, data?: Record<string, unknown>) => new HubError('VALIDATION_ERROR', message, 400, data);
export const serverNotFound = (name: string) => new HubError('SERVER_NOT_FOUND', `Server '${name}' not found`, 404, { server: name });

/** What an upstream server (or the connection to it) answered, as a REST error with a fitting status. */
export function upstreamError(server: string, error: unknown): HubError {
  if (error instanceof HubError) return error;
  if (!(error instanceof McpError || error instanceof ProtocolError)) {
    return new HubError('UPSTREAM_ERROR', error instanceof Error ? error.message : String(error), 502, { server });
  }
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const data = { server, mcpCode: error.code };
  switch (error.code) {
    case ErrorCode.ConnectionClosed:
      return new HubError('SERVER_NOT_CONNECTED', message, 503, data);
    case ErrorCode.RequestTimeout:
      return new HubError('REQUEST_TIMEOUT', message, 504, data);
    case ErrorCode.InvalidParams:
    case ErrorCode.InvalidRequest:
      return new HubError('INVALID_REQUEST', message, 400, data);
    case ErrorCode.MethodNotFound:
      return new HubError('NOT_SUPPORTED', message, 400, data);
    default:
      return new HubError('UPSTREAM_ERROR', message, 502, data);
  }
}

/** A refused config change, as a REST error: what was wrong, and for a conflict, what is on disk now. */
export function configError(error: unknown): unknown {
  if (error instanceof ConfigEditError) {
    const status = error.code === 'SERVER_NOT_FOUND' ? 404 : error.code === 'SERVER_EXISTS' ? 409 : 400;
    return new HubError(error.code, error.message, status);
  }
  if (error instanceof ConfigConflictError) {
    return new HubError('CONFIG_CONFLICT', error.message, 409, {
      path: error.path,
      expectedHash: error.expectedHash,
      current: { hash: error.current.hash, exists: error.current.exists, text: error.current.text },
    });
  }
  if (error instanceof ConfigValidationError) return new HubError('CONFIG_INVALID', error.message, 400, { path: error.path, problems: error.problems });
  if (error instanceof RedactedValueError) return new HubError('CONFIG_INVALID', error.message, 400, { path: error.path });
  return error;
}

/** mcp-hub v4's error envelope: `{error, code, data, timestamp}`. */
export function errorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  if (error instanceof HubError) {
    res.status(error.status).json({ error: error.message, code: error.code, data: error.data, timestamp: new Date().toISOString() });
    return;
  }
  const type = typeof error === 'object' && error !== null ? (error as { type?: string }).type : undefined;
  // body-parser's own errors: malformed JSON, a body over the limit.
  const status = type === 'entity.parse.failed' ? 400 : type === 'entity.too.large' ? 413 : 500;
  const message =
    status === 400 ? 'Request body is not valid JSON' : status === 413 ? 'Request body is too large' : error instanceof Error ? error.message : String(error);
  res.status(status).json({
    error: message,
    code: status === 500 ? 'SERVER_ERROR' : 'VALIDATION_ERROR',
    data: {},
    timestamp: new Date().toISOString(),
  });
}
