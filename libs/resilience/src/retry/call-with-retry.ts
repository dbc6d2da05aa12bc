import type { ErrorCode } from '@causeway/contracts';
import { realSleep, systemClock, type Clock, type Sleep } from '../common/clock';
import { decideRetry, DEFAULT_RETRY_POLICY, isConnectionError, type AttemptFailure, type CallSafety, type RetryPolicy, type RetryStop } from './retry-decision';
import type { RetryBudget } from './retry-budget';

/** What an attempt returns: the connector engine's `ActionResult` has this shape. */
export type AttemptResult = { ok: true } | { ok: false; error: { code: ErrorCode; retryAfterMs?: number } };

export interface CallWithRetryOptions<T = AttemptResult> {
  safety: CallSafety;
  /** Epoch ms by which the call, retries and waits included, must be over. */
  deadline: number;
  /** Budget key, usually the upstream (provider) or upstream + connection. */
  budgetKey: string;
  budget?: RetryBudget;
  policy?: RetryPolicy;
  clock?: Clock;
  sleep?: Sleep;
  signal?: AbortSignal;
  /** A failure the caller knows must not be retried whatever its code (an open breaker's refusal). */
  isFinal?: (result: T) => boolean;
  /** Called before each wait, for logs and a retry counter. */
  onRetry?: (event: { attempt: number; delayMs: number; failure: AttemptFailure }) => void;
}

export interface CallWithRetryOutcome<T> {
  result: T;
  attempts: number;
  /** Why the last failure was not retried (absent on success). */
  stoppedBy?: RetryStop | 'budget' | 'aborted' | 'final';
}

/**
 * Runs `attempt` until it succeeds or `decideRetry` / the budget says stop, sleeping between
 * attempts. Failures are values (`{ ok: false }`); a thrown connection error is treated as a
 * retryable failure and rethrown if it is the last word; any other throw propagates at once.
 *
 * Hand-written rather than cockatiel's RetryPolicy: the decision needs the failed result's
 * Retry-After, the caller's deadline and a shared budget, and tests drive time through an
 * injected clock and sleep; cockatiel's policy sleeps on real timers and has none of those
 * inputs. The backoff formula itself is cockatiel's (see retry-decision.ts).
 */
export async function callWithRetry<T extends AttemptResult>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: CallWithRetryOptions<T>,
): Promise<CallWithRetryOutcome<T>> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  options.budget?.recordCall(options.budgetKey);

  for (let n = 1; ; n++) {
    let result: T | undefined;
    let thrown: unknown;
    let failure: AttemptFailure | undefined;
    try {
      result = await attempt(n);
      if (!result.ok) failure = { kind: 'error', code: result.error.code, retryAfterMs: result.error.retryAfterMs };
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      thrown = error;
      failure = { kind: 'connection', cause: (error as { code?: string }).code };
    }
    if (!failure) return { result: result!, attempts: n };

    const finish = (stoppedBy: CallWithRetryOutcome<T>['stoppedBy']): CallWithRetryOutcome<T> => {
      if (result === undefined) throw thrown;
      return { result, attempts: n, stoppedBy };
    };
    if (options.signal?.aborted) return finish('aborted');
    if (result !== undefined && options.isFinal?.(result)) return finish('final');
    const decision = decideRetry({ failure, attempt: n, safety: options.safety, now: clock.now(), deadline: options.deadline }, policy);
    if (!decision.retry) return finish(decision.reason);
    if (options.budget && !options.budget.tryRetry(options.budgetKey)) return finish('budget');

    options.onRetry?.({ attempt: n, delayMs: decision.delayMs, failure });
    try {
      await sleep(decision.delayMs, options.signal);
    } catch {
      return finish('aborted');
    }
  }
}
