import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The JSON-RPC error codes the hub sends and reads, with the two that 2025-era SDKs give a closed
 * connection and a timeout. Here, free of any SDK, because the stdio bridge uses them too.
 */
export const JsonRpcErrorCode = {
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

const REQUEST_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);
const RESULT_KEYS = new Set(['jsonrpc', 'id', 'result']);
const ERROR_KEYS = new Set(['jsonrpc', 'id', 'error']);

/**
 * One line a stdio peer wrote (a server's stdout, a bridge client's stdin), as a message, or why
 * it is none: a stray line is reported and skipped, never the end of the connection.
 */
export function parseJsonRpcLine(line: string): { message: JSONRPCMessage } | { error: Error } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: error as Error };
  }
  return isJsonRpcMessage(value) ? { message: value } : { error: new Error('a line is JSON but not a JSON-RPC message') };
}

/**
 * JSON-RPC 2.0 as the SDK's JSONRPCMessageSchema has it (strict: no other members), checked by
 * hand: every message between the hub's clients and servers passes here, and the SDK's own
 * protocol layer looks at each one again.
 */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (!isObject(value) || value['jsonrpc'] !== '2.0') return false;
  const id = value['id'];
  const validId = typeof id === 'string' || Number.isInteger(id);
  if ('method' in value) {
    if (typeof value['method'] !== 'string' || ('id' in value && !validId)) return false;
    if ('params' in value && !isObject(value['params'])) return false;
    return onlyKeys(value, REQUEST_KEYS);
  }
  if ('result' in value) return validId && isObject(value['result']) && onlyKeys(value, RESULT_KEYS);
  if ('error' in value) {
    const error = value['error'];
    if (!isObject(error) || !Number.isInteger(error['code']) || typeof error['message'] !== 'string') return false;
    return (!('id' in value) || validId) && onlyKeys(value, ERROR_KEYS);
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}
