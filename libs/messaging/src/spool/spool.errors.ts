/**
 * Why the spooling publisher refused a message. None of these means "the bus is down": that
 * case is what the spool is for, and it never reaches the caller.
 *
 * Suggested mapping for the data plane: `spool_full`, `spool_write_failed` and `spool_closed`
 * become the contract's `unavailable` (503, retryable); `record_too_large` is a bug in the
 * producer and becomes `internal`.
 */
export const SPOOL_ERROR_CODES = [
  /** The spool reached its byte limit (or, for new work, its admission threshold). */
  'spool_full',
  /** Writing or fsyncing the spool failed (disk full, I/O error): the record is not durable. */
  'spool_write_failed',
  /** The publisher is not started, or is closing. */
  'spool_closed',
  /** One encoded record is larger than `maxRecordBytes`. */
  'record_too_large',
] as const;

export type SpoolErrorCode = (typeof SPOOL_ERROR_CODES)[number];

export class SpoolError extends Error {
  override readonly name = 'SpoolError';

  constructor(
    readonly code: SpoolErrorCode,
    message: string,
    /** A hint for the caller's `Retry-After` when the condition is expected to clear. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSpoolError(error: unknown): error is SpoolError {
  return error instanceof SpoolError;
}
