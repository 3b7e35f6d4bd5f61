import type { TextPosition } from './text-position.js';

/** A config file that cannot be used at all (unreadable, not JSON/JSON5, wrong top-level shape). */
export class ConfigFileError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** The message without the `file:line:column: ` prefix, for UIs that show the location separately. */
  readonly reason: string;

  constructor(file: string, reason: string, position?: TextPosition, options?: ErrorOptions) {
    super(position ? `${file}:${position.line}:${position.column}: ${reason}` : `${file}: ${reason}`, options);
    this.name = 'ConfigFileError';
    this.file = file;
    this.reason = reason;
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
  }
}
