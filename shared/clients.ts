import { z } from 'zod';
import { ServerConfigSchema } from './config.js';
import { operation } from './operation.js';
import { ServerInfoSchema } from './status.js';

/**
 * The MCP clients on this machine (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Codex,
 * Gemini CLI): importing their servers and pointing them at the hub. Spread into the contract.
 */

export const ClientIdSchema = z.enum(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'gemini-cli'], {
  error: 'client must be one of claude-desktop, claude-code, cursor, vscode, windsurf, codex, gemini-cli',
});

export const FoundServerSchema = z.object({
  name: z.string(),
  /** The hub's config entry for it; null when it cannot be imported (see `problem`). */
  config: ServerConfigSchema.nullable(),
  problem: z.string().nullable(),
  /** A server of the hub it would duplicate: same name, same command line, or same URL. */
  duplicateOf: z.object({ server: z.string(), by: z.enum(['name', 'command', 'url']) }).nullable(),
  /** The client's entry for this hub: never imported. */
  isHub: z.boolean(),
});
export type FoundServer = z.infer<typeof FoundServerSchema>;

export const ClientSummarySchema = z.object({
  id: ClientIdSchema,
  label: z.string(),
  /** The client's user-level config file on this OS. */
  path: z.string(),
  exists: z.boolean(),
  /** Why the file could not be read (`file:line:column: what`); it is then left alone. */
  error: z.string().nullable(),
  servers: z.array(FoundServerSchema),
  /** The file has this hub's entry, exactly as the hub would write it. */
  connected: z.boolean(),
  /** The hub wrote the entry and can put the file back as it was. */
  undoAvailable: z.boolean(),
});
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

const clientInput = z.object({ client: ClientIdSchema });

export const clientOperations = {
  listClients: operation({
    summary: "The MCP clients' config files on this machine: their servers (for import) and whether they use the hub",
    http: { method: 'GET', path: '/clients' },
    input: z.object({}),
    output: z.object({ clients: z.array(ClientSummarySchema) }),
  }),
  importServers: operation({
    summary: "Copy servers from a client's config into the hub's (the client's file is not changed)",
    http: { method: 'POST', path: '/clients/import' },
    input: clientInput.extend({
      servers: z
        .array(z.object({ name: z.string().min(1), as: z.string().min(1).optional() }), { error: 'servers must be a list of {name, as?}' })
        .min(1, { error: 'choose at least one server' }),
      config_file: z.string().min(1).optional(),
    }),
    output: z.object({ status: z.literal('ok'), servers: z.array(ServerInfoSchema) }),
  }),
  connectClient: operation({
    summary: "Point a client at the hub: its config gets an `mcp-hub` entry (the file's previous version is backed up)",
    http: { method: 'POST', path: '/clients/connect' },
    input: clientInput,
    output: z.object({ status: z.literal('ok'), path: z.string(), backup: z.string().nullable() }),
  }),
  undoConnectClient: operation({
    summary: 'Undo connect: the file as it was before, byte for byte, or (if it changed since) without the hub entry',
    http: { method: 'POST', path: '/clients/undo' },
    input: clientInput,
    output: z.object({ status: z.literal('ok'), path: z.string(), restored: z.enum(['previous-version', 'file-removed', 'entry-removed']) }),
  }),
};
