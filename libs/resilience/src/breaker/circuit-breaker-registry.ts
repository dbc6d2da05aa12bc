import type { ActionError } from '@causeway/connectors';
import { ERROR_CODES } from '@causeway/contracts';
import { BrokenCircuitError, circuitBreaker, CircuitState, handleAll, IsolatedCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import { ExpiringMap } from '../common/expiring-map';
import { upstreamOf } from '../upstream/upstream-key';
import { ErrorRateBreaker } from './error-rate-breaker';

/** Breaker state as a metric value. */
export const BREAKER_STATE = { closed: 0, halfOpen: 1, open: 2 } as const;
export type BreakerState = (typeof BREAKER_STATE)[keyof typeof BREAKER_STATE];

/** What a call gets instead of running while its breaker is open: the engine's failure shape. */
export interface BreakerRejection {
  ok: false;
  error: ActionError & { code: 'upstream_unavailable'; retryAfterMs: number };
  breaker: 'open' | 'half_open';
}

export interface CircuitBreakerOptions {
  /** Open when at least this share of calls in the window failed. */
  failureRateThreshold?: number;
  windowMs?: number;
  /** ...and the window holds at least this many calls. */
  minimumCalls?: number;
  /** How long an open breaker fails fast before letting one probe through. */
  halfOpenAfterMs?: number;
  /** The retryAfterMs given to calls refused while the probe is out. */
  probeRetryAfterMs?: number;
  /** Which results count as failures (thrown errors always do). */
  isFailure?: (result: unknown) => boolean;
  /** Bounded memory: at most this many breakers; idle ones go after `idleMs`. */
  maxKeys?: number;
  idleMs?: number;
  onStateChange?: (key: string, state: BreakerState) => void;
}

const UPSTREAM_FAULTS = new Set(['upstream_error', 'upstream_unavailable', 'upstream_timeout']);

/**
 * The default failure test: the upstream failed (5xx, unreachable, timed out). A 4xx, a 429 or
 * a refused credential says the upstream is up and answering, so it does not count.
 */
export function isUpstreamFault(result: unknown): boolean {
  if (typeof result !== 'object' || result === null || (result as { ok?: unknown }).ok !== false) return false;
  return UPSTREAM_FAULTS.has(String((result as { error?: { code?: unknown } }).error?.code));
}

interface Entry {
  policy: CircuitBreakerPolicy;
  openedAt: number;
}

/**
 * One circuit breaker per upstream key (provider + connection), built on cockatiel's
 * CircuitBreakerPolicy (closed → open → half-open with one probe → closed or open again) with
 * an error-rate breaker (error-rate-breaker.ts). Per replica: each replica sees enough of an
 * upstream's failures to open on its own, and sharing would put Redis on every call's path.
 *
 * Two things on top of cockatiel: while open, calls get `upstream_unavailable` with the time
 * until the probe as `retryAfterMs` (as a value, not a throw); and while the probe is out,
 * other calls are refused at once rather than queued behind it, as cockatiel would.
 *
 * cockatiel reads Date.now(), so this does too; tests use Jest's fake timers.
 */
export class CircuitBreakerRegistry {
  private readonly breakers: ExpiringMap<Entry>;
  private readonly settings: Required<Omit<CircuitBreakerOptions, 'onStateChange'>>;

  constructor(private readonly options: CircuitBreakerOptions = {}) {
    this.settings = {
      failureRateThreshold: options.failureRateThreshold ?? 0.5,
      windowMs: options.windowMs ?? 30_000,
      minimumCalls: options.minimumCalls ?? 10,
      halfOpenAfterMs: options.halfOpenAfterMs ?? 15_000,
      probeRetryAfterMs: options.probeRetryAfterMs ?? 1_000,
      isFailure: options.isFailure ?? isUpstreamFault,
      maxKeys: options.maxKeys ?? 10_000,
      idleMs: options.idleMs ?? 10 * 60_000,
    };
    if (this.settings.idleMs <= this.settings.halfOpenAfterMs)
      throw new RangeError('idleMs must exceed halfOpenAfterMs, or open breakers would be forgotten while open');
    this.breakers = new ExpiringMap({ maxEntries: this.settings.maxKeys });
  }

  /** Runs `fn` through `key`'s breaker, or refuses at once while it is open. */
  async execute<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T | BreakerRejection> {
    const now = Date.now();
    const entry = this.breakers.getAndExtend(key, now + this.settings.idleMs, now) ?? this.create(key, now);

    const state = entry.policy.state;
    if (state === CircuitState.HalfOpen) return this.reject(key, 'half_open', this.settings.probeRetryAfterMs);
    if (state === CircuitState.Open || state === CircuitState.Isolated) {
      const wait = entry.openedAt + this.settings.halfOpenAfterMs - now;
      if (wait > 0) return this.reject(key, 'open', wait);
    }
    try {
      return await entry.policy.execute(({ signal: inner }) => fn(inner), signal);
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        return this.reject(key, 'open', Math.max(1, entry.openedAt + this.settings.halfOpenAfterMs - Date.now()));
      }
      throw error;
    }
  }

  state(key: string): BreakerState {
    const entry = this.breakers.get(key, Date.now());
    return entry ? toMetric(entry.policy.state) : BREAKER_STATE.closed;
  }

  /**
   * Breakers per provider and state, for a gauge labelled by connector and state: connection
   * ids never become label values.
   */
  summary(): Record<string, Record<'closed' | 'halfOpen' | 'open', number>> {
    const out: Record<string, Record<'closed' | 'halfOpen' | 'open', number>> = {};
    for (const [key, entry] of this.breakers.live(Date.now())) {
      const counts = (out[upstreamOf(key)] ??= { closed: 0, halfOpen: 0, open: 0 });
      const state = toMetric(entry.policy.state);
      counts[state === BREAKER_STATE.open ? 'open' : state === BREAKER_STATE.halfOpen ? 'halfOpen' : 'closed']++;
    }
    return out;
  }

  get size(): number {
    return this.breakers.size;
  }

  private create(key: string, now: number): Entry {
    const breaker = new ErrorRateBreaker({
      threshold: this.settings.failureRateThreshold,
      windowMs: this.settings.windowMs,
      minimumCalls: this.settings.minimumCalls,
    });
    const policy = circuitBreaker(handleAll.orWhenResult(this.settings.isFailure), { halfOpenAfter: this.settings.halfOpenAfterMs, breaker });
    const entry: Entry = { policy, openedAt: 0 };
    policy.onBreak(() => (entry.openedAt = Date.now()));
    policy.onStateChange((state) => this.options.onStateChange?.(key, toMetric(state)));
    this.breakers.set(key, entry, now + this.settings.idleMs, now);
    return entry;
  }

  private reject(key: string, breaker: BreakerRejection['breaker'], retryAfterMs: number): BreakerRejection {
    return {
      ok: false,
      breaker,
      error: {
        code: 'upstream_unavailable',
        message: `${upstreamOf(key)} is failing for this connection; calls are paused`,
        retryable: ERROR_CODES.upstream_unavailable.retryable,
        retryAfterMs: Math.ceil(retryAfterMs),
      },
    };
  }
}

function toMetric(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return BREAKER_STATE.closed;
    case CircuitState.HalfOpen:
      return BREAKER_STATE.halfOpen;
    default:
      return BREAKER_STATE.open;
  }
}
