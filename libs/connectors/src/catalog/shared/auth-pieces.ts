import type { CredentialInjection, TokenResponseShape } from '../../definition/auth-modes';

/**
 * Pieces most provider definitions repeat word for word. Only the shapes live here; every
 * fact (which vendor uses them, and the page that says so) stays in the provider's own file.
 */

/** `Authorization: Bearer <token>` (RFC 6750 §2.1). */
export const BEARER_HEADER: CredentialInjection = { in: 'header', name: 'Authorization', scheme: 'Bearer' };

/** `Authorization: Basic base64(username:password)` (RFC 7617). */
export const BASIC_HEADER: CredentialInjection = { in: 'header', name: 'Authorization', scheme: 'Basic' };

/** The token answer of RFC 6749 §5.1 / §5.2, as most vendors send it. */
export const RFC6749_TOKEN_RESPONSE: TokenResponseShape = {
  accessTokenPath: 'access_token',
  refreshTokenPath: 'refresh_token',
  expiresInPath: 'expires_in',
  scopePath: 'scope',
  errorPath: 'error',
};
