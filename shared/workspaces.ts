import { z } from 'zod';

/** One running hub in the machine's `workspaces.json` (mcp-hub v4's fields, keyed by port). */
export const WorkspaceEntrySchema = z.object({
  cwd: z.string(),
  config_files: z.array(z.string()),
  pid: z.number().int(),
  port: z.number().int(),
  startTime: z.string(),
  state: z.enum(['active', 'shutting_down']),
  activeConnections: z.number().int(),
  shutdownStartedAt: z.string().nullable(),
  shutdownDelay: z.number().nullable(),
});
export type WorkspaceEntry = z.infer<typeof WorkspaceEntrySchema>;

export const WorkspacesSchema = z.record(z.string(), WorkspaceEntrySchema);
export type Workspaces = z.infer<typeof WorkspacesSchema>;
