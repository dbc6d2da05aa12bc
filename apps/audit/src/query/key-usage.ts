import { z } from 'zod';
import type { DataSource } from 'typeorm';

/** One UTC day of an API key's tool calls, as the audit trail recorded them. */
export interface DailyCalls {
  /** YYYY-MM-DD, UTC. */
  day: string;
  /** Every tool call the key made that day, whatever its outcome (held calls not yet decided excluded). */
  calls: number;
  /** Calls that reached the provider and failed. */
  errors: number;
  /** Calls refused before reaching the provider: denied by policy or throttled. */
  refused: number;
}

export const MAX_USAGE_DAYS = 90;

export const keyUsageQuery = z
  .object({
    keyId: z.string().min(1).max(200),
    days: z.coerce.number().int().min(1).max(MAX_USAGE_DAYS).default(7),
  })
  .strict();

/**
 * Daily call counts of one API key over the last `days` UTC days (today included), grouped in
 * the database. The conditions lead with `tenant_id` and a lower bound on `occurred_at`, so the
 * (tenant_id, occurred_at) index bounds the scan to the window; days without calls are absent.
 */
export async function dailyKeyCalls(db: DataSource, tenantId: string, keyId: string, days: number, now = new Date()): Promise<DailyCalls[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * 86_400_000).toISOString();
  const rows: { day: string; calls: string; errors: string; refused: string }[] = await db.query(
    `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            count(*) AS calls,
            count(*) FILTER (WHERE outcome = 'failed') AS errors,
            count(*) FILTER (WHERE outcome IN ('denied', 'throttled')) AS refused
       FROM audit.audit_events
      WHERE tenant_id = $1 AND occurred_at >= $2::timestamptz
        AND action = 'tool.call' AND actor_type = 'api_key' AND actor_id = $3 AND outcome <> 'pending'
      GROUP BY 1 ORDER BY 1`,
    [tenantId, since, keyId],
  );
  return rows.map((r) => ({ day: r.day, calls: Number(r.calls), errors: Number(r.errors), refused: Number(r.refused) }));
}
