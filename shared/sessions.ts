import { z } from 'zod';

export const SessionTransportSchema = z.enum(['streamable-http', 'sse']);
export type SessionTransport = z.infer<typeof SessionTransportSchema>;

/** One MCP client connected to the hub (`/mcp` or `/mcp/<server>`): a session. */
export const SessionInfoSchema = z.object({
  id: z.string(),
  /** Name and version the client gave when it initialized; null before it has. */
  client: z.object({ name: z.string(), version: z.string() }).nullable(),
  transport: SessionTransportSchema,
  /** `/mcp`, or `/mcp/<server>` for one server under its own names. */
  path: z.string(),
  connectedAt: z.string(),
  lastRequestAt: z.string().nullable(),
  /** What the client can answer for servers: sampling, elicitation, its roots. */
  capabilities: z.object({ sampling: z.boolean(), elicitation: z.boolean(), roots: z.boolean() }),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
