/**
 * The one place that decides whether a failed Vault call is tried again.
 *
 * Reads, lists, deletes and token look-ups are idempotent: repeating them cannot change the
 * outcome, so they are retried on connection errors, 429 and 5xx. A write is retried only when
 * the request provably was not applied: it never reached Vault, or Vault turned it away before
 * handling it (503: sealed or a standby without a forwarding path; 429: rate limited). Once a check-and-set write may have been applied,
 * a blind retry would come back with "did not match the current version" for a write that in
 * fact won (and an unconditional write would add a second version): the caller must re-read
 * instead, which is what `SecretWriteOutcomeUnknownError` tells it.
 */
export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };

export type Failure = { kind: 'transport'; sent: boolean } | { kind: 'status'; status: number };

export function isTransient(failure: Failure): boolean {
  return failure.kind === 'transport' || failure.status === 429 || failure.status >= 500;
}

/** True when the failed call certainly changed nothing, whatever it was. */
export function notApplied(failure: Failure): boolean {
  if (failure.kind === 'transport') return !failure.sent;
  return failure.status === 503 || failure.status === 429;
}

export function mayRetry(failure: Failure, idempotent: boolean): boolean {
  if (!isTransient(failure)) return false;
  return idempotent || notApplied(failure);
}

/** Exponential backoff with full jitter, so replicas that failed together do not retry together. */
export function backoffDelayMs(policy: RetryPolicy, retryNumber: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.round(random() * ceiling);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
