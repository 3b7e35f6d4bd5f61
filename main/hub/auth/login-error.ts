import { HubError } from '../errors.js';

export type LoginErrorCode =
  /** The callback is not one a login of this hub could have produced (no state, repeated parameters, no code). */
  | 'INVALID_CALLBACK'
  /** No login of this hub is waiting for this state: already completed, replaced by a newer one, or never started here. */
  | 'LOGIN_UNKNOWN'
  | 'LOGIN_EXPIRED'
  /** The callback names another server than the one its login was started for. */
  | 'SERVER_MISMATCH'
  /** The login's server was removed from the config, or its URL or OAuth settings changed, since. */
  | 'SERVER_UNKNOWN'
  /** The authorization server sent the browser back with `error=…` (the user cancelled, or it refused). */
  | 'AUTHORIZATION_DENIED'
  /** RFC 9207: the response names another authorization server than the login was sent to (a mix-up attack). */
  | 'ISSUER_MISMATCH'
  /** The authorization server did not exchange the code for tokens. */
  | 'TOKEN_EXCHANGE_FAILED';

/** Why a login could not be completed; the message is written for the person who just logged in. */
export class LoginError extends HubError {
  declare readonly code: LoginErrorCode;

  constructor(
    code: LoginErrorCode,
    message: string,
    readonly server?: string,
  ) {
    super(code, message, server === undefined ? {} : { server });
    this.name = 'LoginError';
  }
}
