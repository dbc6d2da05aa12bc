/**
 * How long a tenant's events are kept. `inbound_events` rows also hold the deduplication
 * (their unique delivery index), so none is pruned before the longest window in which a vendor
 * may send the same delivery again: a shorter retention is raised to that floor.
 */
export interface RetentionPolicy {
  /** Every tenant's retention unless overridden. */
  defaultMs: number;
  /** Per-tenant retention, by tenant id (a tenant's own setting, when the config view carries one). */
  overrides: ReadonlyMap<string, number>;
  /** The vendors' longest redelivery window (Stripe retries for up to 3 days). */
  dedupWindowMs: number;
}

/** Rows received before `before` may go; `tenantId` undefined means every tenant without an override. */
export interface RetentionCutoff {
  tenantId?: string;
  before: Date;
}

/**
 * The cutoffs one pruning pass applies at `now`: one per overridden tenant, then one for all
 * the others (which the pass runs excluding the overridden tenants).
 */
export function retentionCutoffs(policy: RetentionPolicy, now: number): RetentionCutoff[] {
  const keep = (ms: number) => new Date(now - Math.max(ms, policy.dedupWindowMs));
  return [...[...policy.overrides].map(([tenantId, ms]) => ({ tenantId, before: keep(ms) })), { before: keep(policy.defaultMs) }];
}
