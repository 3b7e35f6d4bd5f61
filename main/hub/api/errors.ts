import type { NextFunction, Request, Response } from 'express';

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

/** mcp-hub v4's error envelope: `{error, code, data, timestamp}`. */
export function errorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  if (error instanceof HubError) {
    res.status(error.status).json({ error: error.message, code: error.code, data: error.data, timestamp: new Date().toISOString() });
    return;
  }
  const parseFailed = typeof error === 'object' && error !== null && (error as { type?: string }).type === 'entity.parse.failed';
  res.status(parseFailed ? 400 : 500).json({
    error: parseFailed ? 'Request body is not valid JSON' : error instanceof Error ? error.message : String(error),
    code: parseFailed ? 'VALIDATION_ERROR' : 'SERVER_ERROR',
    data: {},
    timestamp: new Date().toISOString(),
  });
}
