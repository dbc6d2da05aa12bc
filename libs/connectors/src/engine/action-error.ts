import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import type { ActionError } from './types';

/** Builds an error value whose `retryable` always agrees with the contract table. */
export function actionError(code: ErrorCode, message: string, extra: Omit<Partial<ActionError>, 'code' | 'message' | 'retryable'> = {}): ActionError {
  const error: ActionError = { code, message, retryable: ERROR_CODES[code].retryable };
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (error as unknown as Record<string, unknown>)[key] = value;
  }
  return error;
}

/**
 * What an HTTP status means when the vendor's own mapping says nothing more specific.
 * 401 is the one that matters most: it is how an expired token usually shows itself.
 */
export function codeForStatus(status: number): { code: ErrorCode; authExpired?: boolean } {
  switch (status) {
    case 400:
    case 405:
    case 413:
    case 415:
    case 422:
      return { code: 'upstream_invalid_request' };
    case 401:
      return { code: 'needs_reauth', authExpired: true };
    case 403:
      return { code: 'upstream_forbidden' };
    case 404:
    case 410:
      return { code: 'upstream_not_found' };
    case 408:
    case 504:
      return { code: 'upstream_timeout' };
    case 409:
    case 412:
      return { code: 'upstream_conflict' };
    case 429:
      return { code: 'upstream_rate_limited' };
    case 503:
      return { code: 'upstream_unavailable' };
    default:
      return status >= 400 && status < 500 ? { code: 'upstream_invalid_request' } : { code: 'upstream_error' };
  }
}
