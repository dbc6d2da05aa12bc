import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import { fullJitterGenerator } from 'cockatiel';

/**
 * The one place that decides whether a failed upstream attempt is tried again, and when.
 *
 * - Only where repeating cannot do harm: reads, or writes carrying an idempotency key the
 *   upstream itself honours. A write without one may have been applied even when the answer
 *   was an error or never came, so it is never repeated here.
 * - Only on failures the contract calls retryable (`ERROR_CODES[code].retryable`), plus
 *   connection errors the transport threw.
 * - After exponential backoff with full jitter, never before the upstream's own Retry-After.
 * - Never past the call's deadline: if the wait plus a minimal attempt does not fit, stop.
 *
 * The retry budget (retry-budget.ts) is consulted after this says yes, by `callWithRetry`.
 */
export type SideEffect = 'read' | 'write' | 'destructive';

export interface CallSafety {
  sideEffect: SideEffect;
  /** The request carries an idempotency key that this upstream is known to deduplicate on. */
  upstreamHonoursIdempotencyKey?: boolean;
}

export type AttemptFailure =
  | { kind: 'error'; code: ErrorCode; retryAfterMs?: number }
  /** The transport threw (ECONNRESET, ECONNREFUSED, ...): no HTTP answer at all. */
  | { kind: 'connection'; cause?: string };

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per retry. */
  baseDelayMs: number;
  /** Ceiling of the jittered backoff (a longer Retry-After is still honoured). */
  maxDelayMs: number;
  /** Do not retry unless at least this much time is left for the attempt after the wait. */
  minAttemptMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000, minAttemptMs: 250 };

export type RetryStop = 'not_retryable' | 'unsafe' | 'attempts_exhausted' | 'deadline';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: RetryStop };

export interface RetryQuestion {
  failure: AttemptFailure;
  /** The attempt that just failed: 1 for the first. */
  attempt: number;
  safety: CallSafety;
  now: number;
  /** Epoch ms by which the whole call, retries included, must be over. */
  deadline: number;
}

export function decideRetry(question: RetryQuestion, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  const { failure, attempt, safety, now, deadline } = question;
  if (failure.kind === 'error' && !ERROR_CODES[failure.code].retryable) return { retry: false, reason: 'not_retryable' };
  if (!isSafeToRepeat(safety)) return { retry: false, reason: 'unsafe' };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts_exhausted' };
  const retryAfterMs = failure.kind === 'error' ? (failure.retryAfterMs ?? 0) : 0;
  const delayMs = Math.max(backoffDelayMs(attempt, policy), Math.ceil(retryAfterMs));
  if (now + delayMs + policy.minAttemptMs > deadline) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}

export function isSafeToRepeat(safety: CallSafety): boolean {
  return safety.sideEffect === 'read' || safety.upstreamHonoursIdempotencyKey === true;
}

/**
 * Full jitter: uniform in [0, min(maxDelay, base·2^(attempt-1))). Replicas that failed
 * together spread out instead of retrying in lockstep; cockatiel's generator is the formula.
 */
export function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const [delay] = fullJitterGenerator(attempt - 1, {
    generator: fullJitterGenerator,
    initialDelay: policy.baseDelayMs,
    maxDelay: policy.maxDelayMs,
    exponent: 2,
  });
  return delay;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** A transport failure worth another try: its code (or its cause's, as fetch wraps them). */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
