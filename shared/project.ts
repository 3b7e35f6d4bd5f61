import { z } from 'zod';
import { RunPreviewSchema } from './clients.js';
import { operation } from './operation.js';

/**
 * A `--workspace` project folder: its `.vscode/mcp.json`, `.cursor/mcp.json` and `.mcp-hub.json`
 * come with the project (a cloned repository, a downloaded archive), not from the user. Their
 * servers are listed but neither started nor resolved until the user trusts the folder as it is
 * now; a changed file asks again. Spread into the contract.
 */

export const PROJECT_SERVER_STATES = ['untrusted', 'trusted', 'shadowed'] as const;

export const ProjectServerSchema = z.object({
  name: z.string(),
  /** The project file it comes from. */
  source: z.string(),
  /** `shadowed`: the user has a server of this name, and the user's runs. */
  state: z.enum(PROJECT_SERVER_STATES),
  /** The user's file whose server of the same name wins, for a shadowed one. */
  shadowedBy: z.string().nullable(),
  /** What it would run; null for an entry with a problem. */
  preview: RunPreviewSchema.nullable(),
  problem: z.string().nullable(),
});
export type ProjectServer = z.infer<typeof ProjectServerSchema>;

export const ProjectSchema = z.object({
  folder: z.string(),
  /** Of the project's files as the hub last read them: what `trustProject` must name. */
  hash: z.string(),
  trusted: z.boolean(),
  files: z.array(z.object({ path: z.string(), exists: z.boolean() })),
  servers: z.array(ProjectServerSchema),
});
export type Project = z.infer<typeof ProjectSchema>;

export const projectOperations = {
  getProject: operation({
    summary: "The `--workspace` project folder: its servers, and whether the user trusts its files as they are (null without --workspace)",
    http: { method: 'GET', path: '/project' },
    input: z.object({}),
    output: z.object({ project: ProjectSchema.nullable() }),
  }),
  trustProject: operation({
    summary: "Trust the project folder's files as they are (`hash` from getProject) and start their servers; a changed file asks again",
    http: { method: 'POST', path: '/project/trust' },
    input: z.object({ hash: z.string({ error: 'hash must be the project hash from GET /api/project' }).min(1) }),
    output: z.object({ status: z.literal('ok'), project: ProjectSchema }),
  }),
};
