import { ProtocolError as SdkProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/server';
import { JsonRpcErrorCode } from './json-rpc.js';

/**
 * An upstream server's error (or the upstream connection's own failure) as the hub's error paths
 * know it: the JSON-RPC code and data, and the message prefixed with "MCP error <code>:" exactly as
 * the v1 SDK's McpError prefixed it, so the texts users and REST callers see stay what they were.
 */
export class McpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`MCP error ${code}: ${message}`);
    this.name = 'McpError';
  }
}

/**
 * An error the SDK turns into a JSON-RPC error with exactly this code and message. (McpError
 * prefixes its message with "MCP error <code>:", and the SDK sends that prefixed message, so the
 * client's McpError prefixes it again.)
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const invalidParams = (message: string) => new ProtocolError(JsonRpcErrorCode.InvalidParams, message);

/** An upstream server's error, passed on to the client with its own code, message and data. */
export function passThrough(error: unknown): unknown {
  if (!(error instanceof McpError)) return error;
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new ProtocolError(error.code, message, error.data);
}

/** The wire codes of the SDK's own failures of a request, as the upstream's SDK (v1) names them. */
const LOCAL_FAILURE_CODE: Partial<Record<SdkErrorCode, number>> = {
  [SdkErrorCode.RequestTimeout]: JsonRpcErrorCode.RequestTimeout,
  [SdkErrorCode.ConnectionClosed]: JsonRpcErrorCode.ConnectionClosed,
};

/**
 * How a request the hub relayed to a client (through the server side's SDK) failed, in the terms
 * the upstream server's connection (the client side's SDK) passes on: the client's own error with
 * its code, message and data as it sent them; a timeout or a closed connection with its JSON-RPC
 * code; an abort with its reason.
 */
export function asUpstreamError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  // The client's message as it sent it: an McpError would put its "MCP error <code>:" before it again.
  if (error instanceof SdkProtocolError) return new ProtocolError(error.code, error.message, error.data);
  const code = error instanceof SdkError ? LOCAL_FAILURE_CODE[error.code as SdkErrorCode] : undefined;
  return code === undefined ? error : new McpError(code, (error as SdkError).message, (error as SdkError).data);
}
