/**
 * Every code an operation can fail with, and the HTTP status it has on the REST API. The hub core
 * throws errors with a code only; the service layer gives them their status from this table, so a
 * code means the same on REST, IPC and in-process. mcp-hub v4's names are kept where v4 had the
 * error.
 */
export const ERROR_STATUS = {
  /** The input does not fit the operation's schema; the message names the field. */
  VALIDATION_ERROR: 400,
  INVALID_REQUEST: 400,
  /** The upstream server does not offer the method asked for. */
  NOT_SUPPORTED: 400,
  CONFIG_INVALID: 400,
  INVALID_EDIT: 400,
  CLIENT_CONFIG_INVALID: 400,
  RUNTIME_MISSING: 400,
  SERVER_NOT_REMOTE: 400,
  // A login that cannot be completed (see main/hub/auth/login-error.ts).
  INVALID_CALLBACK: 400,
  LOGIN_UNKNOWN: 400,
  LOGIN_EXPIRED: 400,
  SERVER_MISMATCH: 400,
  AUTHORIZATION_DENIED: 400,
  ISSUER_MISMATCH: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** The hub may not write the file (a read-only folder, another owner). */
  CONFIG_NOT_WRITABLE: 403,
  /** The item exists but the user keeps it from clients: switched off in its entry, or held back by pinning. */
  ITEM_HIDDEN: 403,
  CLI_DIR_NOT_WRITABLE: 403,
  NOT_FOUND: 404,
  /** The hub was started without `--workspace`. */
  NO_PROJECT: 404,
  SERVER_NOT_FOUND: 404,
  TOOL_NOT_FOUND: 404,
  PROFILE_NOT_FOUND: 404,
  PROMPT_NOT_FOUND: 404,
  CONFIG_FILE_NOT_FOUND: 404,
  /** A login's server was removed or changed since the login began. */
  SERVER_UNKNOWN: 404,
  SERVER_EXISTS: 409,
  CONFIG_CONFLICT: 409,
  CLIENT_CONFIG_CHANGED: 409,
  SERVER_NOT_UNAUTHORIZED: 409,
  OAUTH_NOT_USED: 409,
  NOTHING_TO_UNDO: 409,
  /** None of the tools named is held back by pinning (approved already, or never changed). */
  NOTHING_TO_APPROVE: 409,
  TOOL_NOT_HELD: 404,
  /** A server from a `--workspace` project folder the user has not trusted (yet, or since its files changed). */
  PROJECT_NOT_TRUSTED: 409,
  /** The project's files changed after the user looked at them: trust what is there now, after a look. */
  PROJECT_CHANGED: 409,
  /** Another program (not the app's launcher) is where `mcp-hub` would go. */
  CLI_PATH_TAKEN: 409,
  REQUEST_TOO_LARGE: 413,
  /** A body that is not JSON (or not in a charset or encoding the hub reads). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVER_ERROR: 500,
  /** The process embedding the hub cannot restart it (no supervisor). */
  HARD_RESTART_UNAVAILABLE: 501,
  /** The hub has no bundled command-line tool to put on the PATH. */
  CLI_COMMAND_UNAVAILABLE: 501,
  UPSTREAM_ERROR: 502,
  OAUTH_UNAVAILABLE: 502,
  TOKEN_EXCHANGE_FAILED: 502,
  SERVER_NOT_CONNECTED: 503,
  REQUEST_TIMEOUT: 504,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The status of a code; codes this version does not know (a newer hub's) are server errors. */
export function statusOf(code: string): number {
  return Object.hasOwn(ERROR_STATUS, code) ? ERROR_STATUS[code as ErrorCode] : 500;
}

/** The message of anything thrown: an Error's own, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
