import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock';
import { ExpiringMap } from '../common/expiring-map';
import {
  checkIdempotencyKey,
  IDEMPOTENCY_DEFAULTS,
  type BeginOptions,
  type BeginResult,
  type IdempotencyScope,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type StoredResponse,
} from './idempotency-store';

interface Entry {
  requestHash: string;
  state: 'in_flight' | 'completed';
  lease?: string;
  leaseExpiresAt: number;
  response?: StoredResponse;
}

/**
 * The twin of the Postgres store, same semantics, for the embedded default (one process) and
 * unit tests. Bounded by `maxKeys`: past it the least recently used key is forgotten, which
 * could let a duplicate of a forgotten key through; production uses Postgres.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries: ExpiringMap<Entry>;
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly defaultLeaseMs: number;

  constructor(options: IdempotencyStoreOptions & { clock?: Clock; maxKeys?: number } = {}) {
    this.clock = options.clock ?? systemClock;
    this.retentionMs = options.retentionMs ?? IDEMPOTENCY_DEFAULTS.retentionMs;
    this.defaultLeaseMs = options.defaultLeaseMs ?? IDEMPOTENCY_DEFAULTS.defaultLeaseMs;
    this.entries = new ExpiringMap({ maxEntries: options.maxKeys ?? 100_000 });
  }

  async begin(scope: IdempotencyScope, key: string, requestHash: string, options: BeginOptions = {}): Promise<BeginResult> {
    checkIdempotencyKey(key);
    const now = this.clock.now();
    const id = entryId(scope, key);
    const entry = this.entries.get(id, now);
    if (!entry) {
      const lease = randomUUID();
      this.entries.set(
        id,
        { requestHash, state: 'in_flight', lease, leaseExpiresAt: now + (options.leaseMs ?? this.defaultLeaseMs) },
        now + this.retentionMs,
        now,
      );
      return { kind: 'new', lease };
    }
    if (entry.requestHash !== requestHash) return { kind: 'mismatch' };
    if (entry.state === 'completed') return { kind: 'replay', response: structuredClone(entry.response!) };
    if (entry.leaseExpiresAt <= now) return { kind: 'abandoned' };
    return { kind: 'in_flight', retryAfterMs: Math.max(0, entry.leaseExpiresAt - now) };
  }

  async complete(scope: IdempotencyScope, key: string, lease: string, response: StoredResponse): Promise<boolean> {
    const now = this.clock.now();
    const id = entryId(scope, key);
    const entry = this.entries.get(id, now);
    if (entry?.state !== 'in_flight' || entry.lease !== lease) return false;
    this.entries.set(
      id,
      { requestHash: entry.requestHash, state: 'completed', leaseExpiresAt: 0, response: structuredClone(response) },
      now + this.retentionMs,
      now,
    );
    return true;
  }

  async fail(scope: IdempotencyScope, key: string, lease: string): Promise<boolean> {
    const id = entryId(scope, key);
    const entry = this.entries.get(id, this.clock.now());
    if (entry?.state !== 'in_flight' || entry.lease !== lease) return false;
    this.entries.delete(id);
    return true;
  }

  async purgeExpired(): Promise<number> {
    return this.entries.sweep(this.clock.now());
  }
}

function entryId(scope: IdempotencyScope, key: string): string {
  return `${scope.tenantId}\u0000${scope.apiKeyId}\u0000${key}`;
}
