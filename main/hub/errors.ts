import { errorMessage, type ErrorCode } from '../../shared/errors.js';
import { JsonRpcErrorCode } from './json-rpc.js';
import { McpError, ProtocolError } from './protocol-error.js';

/**
 * An error the hub reports to whoever asked: a code from the contract's table (which gives it its
 * HTTP status in the service layer), a message written for the user, and data a client can act on.
 */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export const validationError = (message: string, data?: Record<string, unknown>) => new HubError('VALIDATION_ERROR', message, data);
export const serverNotFound = (name: string) => new HubError('SERVER_NOT_FOUND', `Server '${name}' not found`, { server: name });

/** What an upstream server (or the connection to it) answered, as a hub error with a fitting code. */
export function upstreamError(server: string, error: unknown): HubError {
  if (error instanceof HubError) return error;
  if (!(error instanceof McpError || error instanceof ProtocolError)) {
    return new HubError('UPSTREAM_ERROR', errorMessage(error), { server });
  }
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const data = { server, mcpCode: error.code };
  switch (error.code) {
    case JsonRpcErrorCode.ConnectionClosed:
      return new HubError('SERVER_NOT_CONNECTED', message, data);
    case JsonRpcErrorCode.RequestTimeout:
      return new HubError('REQUEST_TIMEOUT', message, data);
    case JsonRpcErrorCode.InvalidParams:
    case JsonRpcErrorCode.InvalidRequest:
      return new HubError('INVALID_REQUEST', message, data);
    case JsonRpcErrorCode.MethodNotFound:
      return new HubError('NOT_SUPPORTED', message, data);
    default:
      return new HubError('UPSTREAM_ERROR', message, data);
  }
}

