import { z } from 'zod';
import { operation, ServerNameInputSchema } from './operation.js';
import { ServerInfoSchema } from './status.js';

const toolName = z.string({ error: 'tool must be a string' }).min(1, { error: 'tool is required' });

/** A tool definition as pinning compares it: name, title, description, schemas, annotations. */
const DefinitionSchema = z.record(z.string(), z.unknown());

/** What the user decides about single tools: which ones clients see, and which changed definitions they trust. */
export const toolOperations = {
  setToolEnabled: operation({
    summary: "Switch one tool of a server on or off for every client (written to the server's entry: tools.allow / tools.deny)",
    http: { method: 'POST', path: '/servers/tools/enabled' },
    input: z.object({ server_name: ServerNameInputSchema, tool: toolName, enabled: z.boolean({ error: 'enabled must be true or false' }) }),
    output: z.object({ status: z.literal('ok'), server: ServerInfoSchema }),
  }),
  approveTools: operation({
    summary: 'Trust the definitions a server offers now for tools held back by pinning (the lock file is updated)',
    http: { method: 'POST', path: '/servers/tools/approve' },
    input: z.object({
      server_name: ServerNameInputSchema,
      tools: z.array(toolName, { error: 'tools must be a list of tool names' }).min(1, { error: 'name at least one tool' }),
    }),
    output: z.object({ status: z.literal('ok'), approved: z.array(z.string()), server: ServerInfoSchema }),
  }),
  getToolChange: operation({
    summary: 'The definition of a held-back tool as approved before and as offered now, to compare them',
    http: { method: 'POST', path: '/servers/tools/change' },
    input: z.object({ server_name: ServerNameInputSchema, tool: toolName }),
    output: z.object({
      server: z.string(),
      tool: z.string(),
      reason: z.enum(['changed', 'new']),
      /** Null for a new tool, or when this machine never kept the approved text (only its hash is in the lock file). */
      pinned: DefinitionSchema.nullable(),
      offered: DefinitionSchema,
    }),
  }),
};
