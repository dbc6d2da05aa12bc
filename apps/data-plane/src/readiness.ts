import type { ReadinessCheck } from '@causeway/observability';

export interface DataPlaneDependencies {
  auditSpool: { check(): Promise<void> };
  secretStore: { check(): Promise<void> };
  database: { query(sql: string): Promise<unknown> };
  /** The configuration view: not ready until its start-up snapshot is in. */
  config?: { readonly isComplete: boolean };
  /** The config stream's subscription: reported, not required (the snapshot and side channel stand in). */
  configStream?: { readonly connected: boolean };
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
 * degradation into an outage. `causeway_dependency_up{dependency="redis"}` shows it. The config
 * view is: a replica that could not take its start-up snapshot (control plane unreachable) may
 * not know every key yet, so it stays out of the Service until a retried snapshot is in.
 */
export function dataPlaneReadiness(deps: DataPlaneDependencies): ReadinessCheck[] {
  const { redis } = deps;
  return [
    { name: 'audit-spool', check: () => deps.auditSpool.check() },
    { name: 'secret-store', check: () => deps.secretStore.check() },
    ...(redis ? [{ name: 'redis', required: false, check: async () => void (await redis.ping()) }] : []),
    { name: 'database', check: async () => void (await deps.database.query('SELECT 1')) },
    ...(deps.config ? [{ name: 'config', check: async () => assertComplete(deps.config!) }] : []),
    ...(deps.configStream ? [{ name: 'config-stream', required: false, check: async () => assertJoined(deps.configStream!) }] : []),
  ];
}

function assertJoined(stream: { readonly connected: boolean }): void {
  if (!stream.connected) throw new Error('not subscribed to the config stream yet (is Kafka reachable?)');
}

function assertComplete(view: { readonly isComplete: boolean }): void {
  if (!view.isComplete) throw new Error('the start-up config snapshot is not in yet');
}
