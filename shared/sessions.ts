import { z } from 'zod';

export const SessionTransportSchema = z.enum(['streamable-http', 'sse']);
export type SessionTransport = z.infer<typeof SessionTransportSchema>;

/**
 * One MCP client connected to the hub (`/mcp`, `/mcp/<server>` or a profile): a 2025-era client's
 * session, or a 2026-07-28 client (which has none) seen recently or with a request in flight.
 */
export const SessionInfoSchema = z.object({
  id: z.string(),
  /** Name and version the client gave when it initialized; null before it has. */
  client: z.object({ name: z.string(), version: z.string() }).nullable(),
  transport: SessionTransportSchema,
  /** The MCP version the client speaks (2026-07-28 has no session); null before it initialized. */
  protocolVersion: z.string().nullable(),
  /** `/mcp`, or `/mcp/<server>` for one server under its own names. */
  path: z.string(),
  /** When the session began; for a client without one, when the hub first saw it. */
  connectedAt: z.string(),
  lastRequestAt: z.string().nullable(),
  /** What the client can answer for servers: sampling, elicitation, its roots. */
  capabilities: z.object({ sampling: z.boolean(), elicitation: z.boolean(), roots: z.boolean() }),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
