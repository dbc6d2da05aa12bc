import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@causeway/contracts';

/** An expected failure with a contract code; transports turn it into their error shape. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Partial<Pick<ErrorBody['error'], 'retryAfterMs' | 'upstreamStatus' | 'field' | 'explain'>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }
}
