import type { Redis } from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  CircuitBreakerRegistry,
  ConcurrencyLimiter,
  FallbackAdmission,
  FallbackHoldStore,
  InMemoryAdmission,
  InMemoryIdempotencyStore,
  PostgresIdempotencyStore,
  RedisAdmission,
  RedisHoldStore,
  RetryBudget,
  UpstreamGate,
  type Admission,
  type IdempotencyStore,
} from '@causeway/resilience';
import { METRIC_NAMES } from '@causeway/observability';
import { DATA_PLANE_SCHEMA } from '../database/schema';

export interface CallLimits {
  tenantCallsPerMinute: number;
  keyCallsPerMinute: number;
  keyConcurrentCalls: number;
  /** This replica's share of shared limits when Redis is unreachable. */
  fallbackShare: number;
  breakerHalfOpenAfterMs: number;
}

/**
 * Everything between an authenticated call and the upstream: admission (tenant and key
 * quotas, the upstream's holds and declared pace, decided together in one Redis round trip),
 * concurrency, the upstream gate (records Retry-After and reset headers as holds), breakers,
 * the retry budget and the idempotency store. Shared state goes to Redis (and Postgres for
 * idempotency) when configured, so limits hold across replicas; the embedded default uses the
 * in-memory twins.
 */
export class CallGuards {
  readonly admission: Admission;
  readonly concurrency = new ConcurrencyLimiter();
  readonly gate: UpstreamGate;
  readonly breakers: CircuitBreakerRegistry;
  readonly budget = new RetryBudget();
  readonly idempotency: IdempotencyStore;
  readonly decisions: Counter<'decision' | 'scope'>;

  constructor(
    readonly limits: CallLimits,
    options: { redis?: Redis; dataSource?: DataSource; registry: Registry },
  ) {
    const local = new InMemoryAdmission();
    if (options.redis) {
      // While Redis is unreachable: this replica's share of every bucket, and the holds it
      // recorded itself (FallbackHoldStore keeps a local copy of each). `causeway:quota` without
      // a trailing colon is what earlier releases used (keys like `causeway:quotatenant:…`); kept
      // so old and new replicas share their buckets during a rolling deploy.
      this.admission = new FallbackAdmission(new RedisAdmission(options.redis, { prefix: 'causeway:quota' }), local, { share: limits.fallbackShare });
      this.gate = new UpstreamGate({ holds: new FallbackHoldStore(new RedisHoldStore(options.redis), local.holds) });
    } else {
      this.admission = local;
      this.gate = new UpstreamGate({ holds: local.holds });
    }
    this.breakers = new CircuitBreakerRegistry({ halfOpenAfterMs: limits.breakerHalfOpenAfterMs });
    this.idempotency = options.dataSource ? new PostgresIdempotencyStore(options.dataSource, { schema: DATA_PLANE_SCHEMA }) : new InMemoryIdempotencyStore();
    this.decisions = new Counter({
      name: METRIC_NAMES.rateLimitDecisions,
      help: 'Rate-limit decisions by outcome and scope (tenant, key, concurrency, upstream)',
      labelNames: ['decision', 'scope'],
      registers: [options.registry],
    });
    const breakers = this.breakers;
    const state: Gauge<'connector'> = new Gauge({
      name: METRIC_NAMES.breakerState,
      help: 'Worst circuit-breaker state per connector: 0 closed, 1 half-open, 2 open',
      labelNames: ['connector'],
      registers: [options.registry],
      collect() {
        state.reset();
        for (const [connector, summary] of Object.entries(breakers.summary())) state.set({ connector }, worst(summary));
      },
    });
  }
}

function worst(summary: Record<'closed' | 'halfOpen' | 'open', number>): number {
  if (summary.open > 0) return 2;
  if (summary.halfOpen > 0) return 1;
  return 0;
}
