import { z } from 'zod';

/** Where a line of a server's log came from: its stderr, its MCP log messages, or the hub. */
export const LogSourceSchema = z.enum(['stderr', 'server', 'hub']);
/** MCP's logging levels (RFC 5424), used for every line of a server's log. */
export const LogLevelSchema = z.enum(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

export const LogEntrySchema = z.object({
  /** Increasing per server, so a reader can ask for what came after the last line it saw. */
  seq: z.number().int(),
  time: z.string(),
  source: LogSourceSchema,
  level: LogLevelSchema,
  text: z.string(),
});

export type LogSource = z.infer<typeof LogSourceSchema>;
export type LogLevel = z.infer<typeof LogLevelSchema>;
export type LogEntry = z.infer<typeof LogEntrySchema>;
