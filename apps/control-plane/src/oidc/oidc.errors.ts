import type { ErrorCode } from '@causeway/contracts';
import { AppError } from '@causeway/platform';

/** Every expected failure of OIDC configuration and sign-in, with the contract code it answers. */
export enum OidcErrorCode {
  InvalidInput = 'OIDC_INVALID_INPUT',
  NotConfigured = 'OIDC_NOT_CONFIGURED',
  Misconfigured = 'OIDC_MISCONFIGURED',
  ProviderUnreachable = 'OIDC_PROVIDER_UNREACHABLE',
  ProviderBadResponse = 'OIDC_PROVIDER_BAD_RESPONSE',
  ProviderRefused = 'OIDC_PROVIDER_REFUSED',
  StateInvalid = 'OIDC_STATE_INVALID',
  StateExpired = 'OIDC_STATE_EXPIRED',
  IdTokenInvalid = 'OIDC_ID_TOKEN_INVALID',
  EmailNotAllowed = 'OIDC_EMAIL_NOT_ALLOWED',
  NotAllowedToSignIn = 'OIDC_NOT_ALLOWED_TO_SIGN_IN',
  RoleBeyondConfigurer = 'OIDC_ROLE_BEYOND_CONFIGURER',
  Conflict = 'OIDC_CONFLICT',
}

const codes: Record<OidcErrorCode, ErrorCode> = {
  [OidcErrorCode.InvalidInput]: 'invalid_input',
  [OidcErrorCode.NotConfigured]: 'not_found',
  // The tenant's configuration, not the caller, is at fault; an admin has to act.
  [OidcErrorCode.Misconfigured]: 'conflict',
  [OidcErrorCode.ProviderUnreachable]: 'upstream_unavailable',
  [OidcErrorCode.ProviderBadResponse]: 'upstream_error',
  [OidcErrorCode.ProviderRefused]: 'unauthenticated',
  [OidcErrorCode.StateInvalid]: 'unauthenticated',
  [OidcErrorCode.StateExpired]: 'unauthenticated',
  [OidcErrorCode.IdTokenInvalid]: 'unauthenticated',
  [OidcErrorCode.EmailNotAllowed]: 'forbidden',
  [OidcErrorCode.NotAllowedToSignIn]: 'forbidden',
  [OidcErrorCode.RoleBeyondConfigurer]: 'forbidden',
  [OidcErrorCode.Conflict]: 'conflict',
};

/** Messages name what failed and never carry a token, a code or a secret. */
export class OidcError extends AppError {
  constructor(
    readonly reason: OidcErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
