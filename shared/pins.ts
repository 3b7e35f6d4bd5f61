import { z } from 'zod';

/** A tool a server offers that is held back: not listed, not callable, until the user approves it. */
export const HeldToolSchema = z.object({
  server: z.string(),
  tool: z.string(),
  /** `changed`: its definition differs from the one pinned; `new`: the server's entry holds new tools. */
  reason: z.enum(['changed', 'new']),
  /** The hash of the definition approved before; null for a new tool. */
  pinned: z.string().nullable(),
  /** The hash of the definition the server offers now. */
  offered: z.string(),
});
export type HeldTool = z.infer<typeof HeldToolSchema>;
