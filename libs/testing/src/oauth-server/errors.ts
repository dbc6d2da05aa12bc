import type { OAuthErrorResponse } from './types';

/** A helper's OAuth exchange did not go as a successful flow requires. */
export class OAuthFlowError extends Error {
  override readonly name = 'OAuthFlowError';

  constructor(
    message: string,
    /** The OAuth error, when the server sent one (RFC 6749 §4.1.2.1 or §5.2). */
    readonly oauthError?: OAuthErrorResponse,
    readonly status?: number,
  ) {
    super(oauthError ? `${message}: ${oauthError.error}${oauthError.error_description ? ` (${oauthError.error_description})` : ''}` : message);
  }
}
