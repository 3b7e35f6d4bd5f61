import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { byCodeUnits } from '../code-unit-order.js';

/** The parts of a tool a model reads and acts on: what pinning holds a server to. */
export function pinnedPart(tool: Tool): Record<string, unknown> {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return { name, title, description, inputSchema, outputSchema, annotations };
}

/** `sha256-<hex>` of the pinned part, with object keys in a fixed order so equal definitions hash equal. */
export function definitionHash(tool: Tool): string {
  return `sha256-${createHash('sha256').update(stableJson(pinnedPart(tool))).digest('hex')}`;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => byCodeUnits(a, b)))
      : item,
  );
}
