// Time
export { ManualClock, realSleep, systemClock, type Clock, type Sleep } from './common/clock';
export { createRedisClient, type RedisClientLogger, type RedisClientOptions } from './common/redis-client';

// Limits: quotas (GCRA) and concurrency
export { checkTake, emissionIntervalMs, type RateLimitDecision, type RateLimiter, type RateLimitRule } from './limits/rate-limiter';
export { gcraStep } from './limits/gcra';
export { InMemoryRateLimiter, type InMemoryRateLimiterOptions } from './limits/in-memory-rate-limiter';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './limits/redis-rate-limiter';
export { ConcurrencyLimiter, type ConcurrencyLease } from './limits/concurrency';

// Admission: quotas, upstream holds and pacing decided together, all or nothing
export {
  checkAdmission,
  decideAdmission,
  type Admission,
  type AdmissionDecision,
  type AdmissionRefusal,
  type AdmissionRequest,
  type HoldCheck,
  type TokenTake,
} from './admission/admission';
export { InMemoryAdmission, type InMemoryAdmissionOptions } from './admission/in-memory-admission';
export { RedisAdmission, type RedisAdmissionOptions } from './admission/redis-admission';
export { FallbackAdmission, type FallbackAdmissionOptions } from './admission/fallback-admission';

// Upstream rate state: learned holds and proactive pacing
export { upstreamKey, upstreamOf } from './upstream/upstream-key';
export { InMemoryHoldStore, type UpstreamHoldStore } from './upstream/hold-store';
export { RedisHoldStore } from './upstream/redis-hold-store';
export { FallbackHoldStore } from './upstream/fallback-hold-store';
export { paceFromDeclaredLimit, type DeclaredRate } from './upstream/pace';
export { holdFromRateLimit, UpstreamGate, type GateDecision, type UpstreamGateOptions } from './upstream/upstream-gate';

// Retries
export {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isConnectionError,
  isSafeToRepeat,
  type AttemptFailure,
  type CallSafety,
  type RetryDecision,
  type RetryPolicy,
  type RetryQuestion,
  type RetryStop,
  type SideEffect,
} from './retry/retry-decision';
export { RetryBudget, type RetryBudgetOptions } from './retry/retry-budget';
export { callWithRetry, type AttemptResult, type CallWithRetryOptions, type CallWithRetryOutcome } from './retry/call-with-retry';

// Circuit breaker
export {
  BREAKER_STATE,
  CircuitBreakerRegistry,
  isUpstreamFault,
  type BreakerRejection,
  type BreakerState,
  type CircuitBreakerOptions,
} from './breaker/circuit-breaker-registry';
export { ErrorRateBreaker, type ErrorRateBreakerOptions } from './breaker/error-rate-breaker';

// Idempotency
export {
  checkIdempotencyKey,
  IDEMPOTENCY_DEFAULTS,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  type BeginOptions,
  type BeginResult,
  type IdempotencyScope,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type StoredResponse,
} from './idempotency/idempotency-store';
export { requestHash, type IdempotentRequest } from './idempotency/request-hash';
export { InMemoryIdempotencyStore } from './idempotency/in-memory-idempotency-store';
export { PostgresIdempotencyStore, type PostgresIdempotencyStoreOptions } from './idempotency/postgres-idempotency-store';
export { IdempotencyKeyRow } from './idempotency/idempotency-key.entity';
export { IdempotencyKeys1795400000000 } from './idempotency/idempotency-keys.migration';
