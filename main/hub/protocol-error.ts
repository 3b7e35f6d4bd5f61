import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

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

export const invalidParams = (message: string) => new ProtocolError(ErrorCode.InvalidParams, message);

/** An upstream server's error, passed on to the client with its own code, message and data. */
export function passThrough(error: unknown): unknown {
  if (!(error instanceof McpError)) return error;
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new ProtocolError(error.code, message, error.data);
}
