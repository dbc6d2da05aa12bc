import { AppError } from '@causeway/platform';

export enum AuthErrorCode {
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  Throttled = 'AUTH_THROTTLED',
  InvalidRefreshToken = 'AUTH_INVALID_REFRESH_TOKEN',
  NotAMember = 'AUTH_NOT_A_MEMBER',
  Unauthenticated = 'AUTH_UNAUTHENTICATED',
  Forbidden = 'AUTH_FORBIDDEN',
}

export class AuthError extends AppError {
  constructor(
    readonly reason: AuthErrorCode,
    message: string,
    retryAfterMs?: number,
  ) {
    super(
      reason === AuthErrorCode.Throttled
        ? 'rate_limited'
        : reason === AuthErrorCode.Forbidden || reason === AuthErrorCode.NotAMember
          ? 'forbidden'
          : 'unauthenticated',
      message,
      retryAfterMs ? { retryAfterMs } : {},
    );
  }
}
