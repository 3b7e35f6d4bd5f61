import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The JSON of the messages the hub writes to its MCP clients. A view's list is the same array
 * until its catalog changes (5,000 tools are 1.4 MB of JSON, some 7 ms to serialize), and every
 * listing of every client would serialize it again: a list's JSON is kept with the array, for as
 * long as the array lives, and written into each answer that carries it.
 */
const kept = new WeakMap<readonly unknown[], string>();

/** Marks a list that answers will carry unchanged; its JSON is made on the first answer. */
export function keepJson<T>(list: readonly T[]): readonly T[] {
  if (!kept.has(list)) kept.set(list, '');
  return list;
}

export function messageJson(message: JSONRPCMessage): string {
  const result = 'result' in message ? (message.result as Record<string, unknown>) : undefined;
  if (!result || !Object.values(result).some((value) => Array.isArray(value) && kept.has(value))) return JSON.stringify(message);
  const fields: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined || typeof value === 'function') continue; // as JSON.stringify leaves them out
    fields.push(`${JSON.stringify(key)}:${Array.isArray(value) && kept.has(value) ? listJson(value) : JSON.stringify(value)}`);
  }
  return `{"jsonrpc":"2.0","id":${JSON.stringify((message as { id: unknown }).id)},"result":{${fields.join(',')}}}`;
}

function listJson(list: readonly unknown[]): string {
  let json = kept.get(list);
  if (!json) kept.set(list, (json = JSON.stringify(list)));
  return json;
}
