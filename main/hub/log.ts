import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import pino, { type Logger } from 'pino';
import { isRecord } from '../../shared/is-record.js';
import { rollingLogFile, type Rotation } from './log-file.js';
import type { Redactor } from './redactor.js';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Secret values of the config are blanked out of every line written. */
  redactor?: Redactor;
  /** A rotating log file; omitted → stderr only. */
  file?: string;
  /** Rotation: the size of one file (pino-roll's notation) and how many files are kept in all. Default 10 MB × 5. */
  rotation?: Rotation;
}

/** Log files hold server output the user did not mean to share: only the user may read them. */
const LOG_FILE_MODE = 0o600;

/**
 * Structured logs (pino) to stderr and, for the long-running hub, to a rotating file. Values that
 * may hold secrets (env, headers, tokens) are never logged by the hub; the redaction is a second
 * line of defence for anything that slips into a log object by mistake. It works on what is
 * logged, before pino writes it as JSON, so no secret value can break a line's JSON.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env['MCP_HUB_LOG_LEVEL'] ?? 'info';
  const redactor = options.redactor;
  const settings = {
    level,
    redact: { paths: ['env', '*.env', 'headers', '*.headers', 'authorization', '*.authorization', 'token', '*.token'], censor: '[redacted]' },
    ...(redactor && {
      hooks: {
        logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...args: unknown[]) => void) {
          method.apply(this, args.map((arg) => redactor.redactValue(loggable(arg))));
        },
      },
    }),
  };
  if (!options.file) return pino(settings, pino.destination(2));
  mkdirSync(dirname(options.file), { recursive: true });
  restrictExistingLogs(options.file);
  // In this thread: a pino transport would run the file and stderr writes in a worker thread,
  // which costs a second V8 heap (about 18 MB of RSS) and its start-up for a few lines a minute.
  const stderr = pino.destination({ dest: 2, sync: false });
  const file = rollingLogFile(options.file, options.rotation ?? { size: '10m', files: 5 }, LOG_FILE_MODE, (error) =>
    stderr.write(`mcp-hub: cannot write the log file ${options.file} (${error.message}); logging to stderr only\n`),
  );
  const destination = {
    write(line: string) {
      stderr.write(line);
      file.write(line);
    },
    flush(done: (error?: Error) => void) {
      file.flushSync();
      stderr.flush(done);
    },
  };
  return pino(settings, destination);
}

/** Errors as plain data, so their message and stack are redacted like the rest. */
function loggable(value: unknown): unknown {
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  if (!isRecord(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    if (item instanceof Error) (copy ??= { ...value })[key] = loggable(item);
  }
  return copy ?? value;
}

/** Log files an older version wrote with the default mode become private too. */
function restrictExistingLogs(file: string): void {
  const prefix = basename(file).replace(/\.log$/, '');
  try {
    for (const name of readdirSync(dirname(file))) {
      if (name.startsWith(prefix)) chmodSync(join(dirname(file), name), LOG_FILE_MODE);
    }
  } catch {
    // A folder that cannot be listed gets its files' mode from the next rotation.
  }
}

/** A logger that drops everything; for tests and embedders that bring their own. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
