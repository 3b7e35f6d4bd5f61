import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Redactor } from './redactor.js';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Secret values of the config are blanked out of every line written. */
  redactor?: Redactor;
  /** A rotating log file (10 MB × 5); omitted → stderr only. */
  file?: string;
}

/**
 * Structured logs (pino) to stderr and, for the long-running hub, to a rotating file. Values that
 * may hold secrets (env, headers, tokens) are never logged by the hub; the redaction is a second
 * line of defence for anything that slips into a log object by mistake.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env['MCP_HUB_LOG_LEVEL'] ?? 'info';
  const redactor = options.redactor;
  const settings = {
    level,
    redact: { paths: ['env', '*.env', 'headers', '*.headers', 'authorization', '*.authorization', 'token', '*.token'], censor: '[redacted]' },
    ...(redactor && { hooks: { streamWrite: (line: string) => redactor.redact(line) } }),
  };
  if (!options.file) return pino(settings, pino.destination(2));
  mkdirSync(dirname(options.file), { recursive: true });
  const transport = pino.transport({
    targets: [
      { target: 'pino/file', level, options: { destination: 2 } },
      { target: 'pino-roll', level, options: { file: options.file, size: '10m', limit: { count: 5 }, mkdir: true } },
    ],
  });
  return pino(settings, transport);
}

/** A logger that drops everything; for tests and embedders that bring their own. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
