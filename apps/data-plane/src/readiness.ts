import type { ReadinessCheck } from '@causeway/observability';

export interface DataPlaneDependencies {
  auditSpool: { check(): Promise<void> };
  secretStore: { check(): Promise<void> };
  database: { query(sql: string): Promise<unknown> };
  /** Absent when REDIS_URL is not set. */
  redis?: { ping(): Promise<unknown> };
}

/**
 * What `/readyz` checks on the data plane.
 *
 * Kafka is not here on purpose: while it is down the audit spool keeps every call audited and
 * the configuration view keeps serving, so a replica without Kafka can still answer. Redis is
 * reported but not required: while it is unreachable each replica admits its 1/N share of the
 * limits (FallbackAdmission), and taking every replica out of the Service would turn that
 * degradation into an outage. `causeway_dependency_up{dependency="redis"}` shows it.
 */
export function dataPlaneReadiness(deps: DataPlaneDependencies): ReadinessCheck[] {
  const { redis } = deps;
  return [
    { name: 'audit-spool', check: () => deps.auditSpool.check() },
    { name: 'secret-store', check: () => deps.secretStore.check() },
    ...(redis ? [{ name: 'redis', required: false, check: async () => void (await redis.ping()) }] : []),
    { name: 'database', check: async () => void (await deps.database.query('SELECT 1')) },
  ];
}
