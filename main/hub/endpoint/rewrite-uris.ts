import type { Result } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '../../../shared/is-record.js';

type Expose = (uri: string) => string;


function exposeContent(block: unknown, expose: Expose): unknown {
  if (!isRecord(block)) return block;
  if (block['type'] === 'resource_link' && typeof block['uri'] === 'string') return { ...block, uri: expose(block['uri']) };
  if (block['type'] === 'resource' && isRecord(block['resource']) && typeof block['resource']['uri'] === 'string') {
    return { ...block, resource: { ...block['resource'], uri: expose(block['resource']['uri']) } };
  }
  return block;
}

/**
 * Rewrites the resource URIs inside a tool result, a prompt or a read resource into the names the
 * client sees, so a client can read a resource that a tool linked to (mcp-hub v4 left them bare).
 */
export function exposeResultUris(result: Result, expose: Expose): Result {
  const out: Result = { ...result };
  if (Array.isArray(result['content'])) out['content'] = result['content'].map((block) => exposeContent(block, expose));
  if (Array.isArray(result['contents'])) {
    out['contents'] = result['contents'].map((item) =>
      isRecord(item) && typeof item['uri'] === 'string' ? { ...item, uri: expose(item['uri']) } : item,
    );
  }
  if (Array.isArray(result['messages'])) {
    out['messages'] = result['messages'].map((message) =>
      isRecord(message) ? { ...message, content: exposeContent(message['content'], expose) } : message,
    );
  }
  return out;
}
