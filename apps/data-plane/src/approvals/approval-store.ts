import type { DataSource } from 'typeorm';
import { DATA_PLANE_SCHEMA } from '../database/schema';
import type { ApprovalRow, ApprovalStatus } from './approval.entities';

const T = `"${DATA_PLANE_SCHEMA}"`;

/** The columns as the rest of the code sees them (camelCase), from a raw row. */
function toRow(raw: Record<string, unknown>): ApprovalRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: raw.id as string,
    tenantId: raw.tenant_id as string,
    keyId: raw.key_id as string,
    keyName: raw.key_name as string,
    keyCreatedBy: (raw.key_created_by as string | null) ?? null,
    tool: raw.tool as string,
    connectionId: raw.connection_id as string,
    onBehalfOf: (raw.on_behalf_of as string | null) ?? null,
    inputHash: raw.input_hash as string,
    input: raw.input as Record<string, unknown>,
    status: raw.status as ApprovalStatus,
    reason: raw.reason as string,
    requestedAt: date(raw.requested_at)!,
    expiresAt: date(raw.expires_at)!,
    decidedAt: date(raw.decided_at),
    decidedBy: (raw.decided_by as string | null) ?? null,
    note: (raw.note as string | null) ?? null,
    executedAt: date(raw.executed_at),
    executionOutcome: (raw.execution_outcome as string | null) ?? null,
    result: (raw.result as ApprovalRow['result']) ?? null,
    callbackUrl: (raw.callback_url as string | null) ?? null,
    correlationId: (raw.correlation_id as string | null) ?? null,
  };
}

/** `UPDATE … RETURNING` answers `[rows, count]` through TypeORM's postgres driver. */
function returned(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as Record<string, unknown>[];
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
}

export type NewApproval = Pick<
  ApprovalRow,
  | 'tenantId'
  | 'keyId'
  | 'keyName'
  | 'keyCreatedBy'
  | 'tool'
  | 'connectionId'
  | 'onBehalfOf'
  | 'inputHash'
  | 'input'
  | 'reason'
  | 'callbackUrl'
  | 'correlationId'
>;

/**
 * The approvals table, written only through conditional statements: each transition
 * (decide, claim, settle, expire) is one `UPDATE … WHERE status = …`, so it happens once
 * however many replicas try. Every statement is scoped by tenant. Times come from the
 * database's clock, so replicas' clocks do not decide expiry.
 */
export class ApprovalStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(row: NewApproval, ttlSeconds: number): Promise<ApprovalRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO ${T}.approvals (tenant_id, key_id, key_name, key_created_by, tool, connection_id, on_behalf_of, input_hash, input, status, reason, requested_at, expires_at, callback_url, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, now(), now() + make_interval(secs => $11), $12, $13) RETURNING *`,
      [
        row.tenantId,
        row.keyId,
        row.keyName,
        row.keyCreatedBy,
        row.tool,
        row.connectionId,
        row.onBehalfOf,
        row.inputHash,
        JSON.stringify(row.input),
        row.reason,
        ttlSeconds,
        row.callbackUrl,
        row.correlationId,
      ],
    );
    return toRow(rows[0]);
  }

  /** A still-pending approval for exactly this call, so an agent repeating it does not ask the humans twice. */
  async findPending(row: Pick<ApprovalRow, 'tenantId' | 'keyId' | 'tool' | 'connectionId' | 'onBehalfOf' | 'inputHash'>): Promise<ApprovalRow | undefined> {
    const rows = await this.dataSource.query(
      `SELECT * FROM ${T}.approvals WHERE tenant_id = $1 AND status = 'pending' AND expires_at > now() AND key_id = $2 AND tool = $3 AND connection_id = $4
         AND on_behalf_of IS NOT DISTINCT FROM $5 AND input_hash = $6 ORDER BY requested_at DESC LIMIT 1`,
      [row.tenantId, row.keyId, row.tool, row.connectionId, row.onBehalfOf, row.inputHash],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async get(tenantId: string, id: string): Promise<ApprovalRow | undefined> {
    const rows = await this.dataSource.query(`SELECT * FROM ${T}.approvals WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async list(
    tenantId: string,
    opts: { status?: ApprovalStatus; first: number; after?: { at: Date; id: string } },
  ): Promise<{ items: ApprovalRow[]; hasNextPage: boolean }> {
    const params: unknown[] = [tenantId];
    let where = 'tenant_id = $1';
    if (opts.status) {
      params.push(opts.status);
      where += ` AND status = $${params.length}`;
    }
    if (opts.after) {
      params.push(opts.after.at.toISOString(), opts.after.id);
      where += ` AND (requested_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(opts.first + 1);
    const rows = await this.dataSource.query(`SELECT * FROM ${T}.approvals WHERE ${where} ORDER BY requested_at DESC, id DESC LIMIT $${params.length}`, params);
    return { items: rows.slice(0, opts.first).map(toRow), hasNextPage: rows.length > opts.first };
  }

  /** pending → approved | rejected, only before expiry and only by someone allowed (checked by the caller). */
  async decide(
    tenantId: string,
    id: string,
    decision: 'approved' | 'rejected',
    decidedBy: string,
    note: string | null,
    executionWindowSeconds: number,
  ): Promise<ApprovalRow | undefined> {
    const rows = returned(
      await this.dataSource.query(
        `UPDATE ${T}.approvals SET status = $3, decided_at = now(), decided_by = $4, note = $5,
           expires_at = CASE WHEN $3 = 'approved' THEN now() + make_interval(secs => $6) ELSE expires_at END
         WHERE tenant_id = $1 AND id = $2 AND status = 'pending' AND expires_at > now() RETURNING *`,
        [tenantId, id, decision, decidedBy, note, executionWindowSeconds],
      ),
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** approved → executing: exactly one re-send wins the right to call the upstream. */
  async claim(tenantId: string, id: string): Promise<ApprovalRow | undefined> {
    const rows = returned(
      await this.dataSource.query(
        `UPDATE ${T}.approvals SET status = 'executing', executed_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'approved' AND expires_at > now() RETURNING *`,
        [tenantId, id],
      ),
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** executing → executed, with the response every later re-send gets. */
  async settle(tenantId: string, id: string, outcome: string, result: { status: number; body: unknown }): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${T}.approvals SET status = 'executed', execution_outcome = $3, result = $4, executed_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'executing'`,
      [tenantId, id, outcome, JSON.stringify(result)],
    );
  }

  /** executing → approved, when the call stopped before anything reached the upstream (a quota, a hold). */
  async release(tenantId: string, id: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${T}.approvals SET status = 'approved', executed_at = NULL WHERE tenant_id = $1 AND id = $2 AND status = 'executing'`, [
      tenantId,
      id,
    ]);
  }

  /** pending | approved past their time → expired; returns the rows that changed here (so each is audited once). */
  async expireDue(tenantId?: string, id?: string): Promise<ApprovalRow[]> {
    const params: unknown[] = [];
    let where = `status IN ('pending', 'approved') AND expires_at <= now()`;
    if (tenantId) {
      params.push(tenantId);
      where += ` AND tenant_id = $${params.length}`;
    }
    if (id) {
      params.push(id);
      where += ` AND id = $${params.length}`;
    }
    const rows = returned(
      // The status condition is repeated on the outer UPDATE: a concurrent sweep that expired the
      // row first makes Postgres re-check it there and skip it, so each expiry is returned once.
      await this.dataSource.query(
        `UPDATE ${T}.approvals SET status = 'expired' WHERE status IN ('pending', 'approved') AND expires_at <= now() AND id IN (SELECT id FROM ${T}.approvals WHERE ${where} LIMIT 500) RETURNING *`,
        params,
      ),
    );
    return rows.map(toRow);
  }

  /**
   * executing → executed with outcome `unknown`, for executions whose replica stopped mid-call
   * (older than `staleSeconds`, far past any call's deadline). The upstream may or may not have
   * been written, so the call is never run again; re-sends get an answer that says so.
   */
  async abandonStale(staleSeconds: number): Promise<ApprovalRow[]> {
    const result = {
      status: 504,
      body: {
        error: {
          code: 'upstream_timeout',
          message: 'the execution of this approval was interrupted; it may or may not have taken effect: check before acting again',
          retryable: false,
        },
      },
    };
    const rows = returned(
      await this.dataSource.query(
        `UPDATE ${T}.approvals SET status = 'executed', execution_outcome = 'unknown', result = $2
         WHERE status = 'executing' AND executed_at < now() - make_interval(secs => $1) RETURNING *`,
        [staleSeconds, JSON.stringify(result)],
      ),
    );
    return rows.map(toRow);
  }

  /** Human-approved executions that succeeded since `since`: what graduation counts. */
  async approvedSuccessesSince(tenantId: string, keyId: string, tool: string, since: Date): Promise<number> {
    const rows = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${T}.approvals WHERE tenant_id = $1 AND key_id = $2 AND tool = $3 AND status = 'executed' AND execution_outcome = 'success' AND executed_at > $4`,
      [tenantId, keyId, tool, since.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }

  async trust(
    tenantId: string,
    keyId: string,
    tool: string,
  ): Promise<{ graduatedAt: Date | null; lastIncidentAt: Date | null; lastIncident: string | null } | undefined> {
    const rows = await this.dataSource.query(
      `SELECT graduated_at, last_incident_at, last_incident FROM ${T}.approval_trust WHERE tenant_id = $1 AND key_id = $2 AND tool = $3`,
      [tenantId, keyId, tool],
    );
    if (!rows[0]) return undefined;
    return {
      graduatedAt: rows[0].graduated_at ? new Date(rows[0].graduated_at) : null,
      lastIncidentAt: rows[0].last_incident_at ? new Date(rows[0].last_incident_at) : null,
      lastIncident: rows[0].last_incident ?? null,
    };
  }

  /** Every tool the key has asked approval for or holds trust state on, with that state (at most 500 tools). */
  async trustOfKey(
    tenantId: string,
    keyId: string,
  ): Promise<{ tool: string; graduatedAt: Date | null; lastIncidentAt: Date | null; lastIncident: string | null }[]> {
    const rows: { tool: string; graduated_at: string | null; last_incident_at: string | null; last_incident: string | null }[] = await this.dataSource.query(
      `SELECT t.tool, tr.graduated_at, tr.last_incident_at, tr.last_incident
         FROM (SELECT DISTINCT tool FROM ${T}.approvals WHERE tenant_id = $1 AND key_id = $2
               UNION SELECT tool FROM ${T}.approval_trust WHERE tenant_id = $1 AND key_id = $2) t
         LEFT JOIN ${T}.approval_trust tr ON tr.tenant_id = $1 AND tr.key_id = $2 AND tr.tool = t.tool
        ORDER BY t.tool LIMIT 500`,
      [tenantId, keyId],
    );
    return rows.map((r) => ({
      tool: r.tool,
      graduatedAt: r.graduated_at ? new Date(r.graduated_at) : null,
      lastIncidentAt: r.last_incident_at ? new Date(r.last_incident_at) : null,
      lastIncident: r.last_incident ?? null,
    }));
  }

  async graduate(tenantId: string, keyId: string, tool: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${T}.approval_trust (tenant_id, key_id, tool, graduated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, key_id, tool) DO UPDATE SET graduated_at = now()`,
      [tenantId, keyId, tool],
    );
  }

  /** Records an incident (rejection, failed execution); returns whether the key had graduated (a demotion). */
  async incident(tenantId: string, keyId: string, tool: string, what: string): Promise<boolean> {
    const before = await this.trust(tenantId, keyId, tool);
    await this.dataSource.query(
      `INSERT INTO ${T}.approval_trust (tenant_id, key_id, tool, last_incident_at, last_incident) VALUES ($1, $2, $3, now(), $4)
       ON CONFLICT (tenant_id, key_id, tool) DO UPDATE SET graduated_at = NULL, last_incident_at = now(), last_incident = $4`,
      [tenantId, keyId, tool, what],
    );
    return Boolean(before?.graduatedAt);
  }

  /**
   * Counts one call against the key's budget for the day, atomically: the row grows only if
   * the caps still hold after it (`force` counts regardless: an approved call past its budget).
   * Returns the day it was counted on, or undefined when a cap refused it.
   */
  async takeBudget(
    tenantId: string,
    keyId: string,
    tool: string,
    cost: number,
    caps: { calls?: number; costUnits?: number },
    force = false,
  ): Promise<string | undefined> {
    const day = new Date().toISOString().slice(0, 10);
    const callsCap = force ? null : (caps.calls ?? null);
    const costCap = force ? null : (caps.costUnits ?? null);
    if ((callsCap !== null && callsCap < 1) || (costCap !== null && cost > costCap)) return undefined;
    const rows = returned(
      await this.dataSource.query(
        `INSERT INTO ${T}.budget_usage AS u (tenant_id, key_id, day, tool, calls, cost_units) VALUES ($1, $2, $3, $4, 1, $5)
         ON CONFLICT (tenant_id, key_id, day, tool) DO UPDATE SET calls = u.calls + 1, cost_units = u.cost_units + $5
         WHERE ($6::int IS NULL OR u.calls + 1 <= $6::int) AND ($7::int IS NULL OR u.cost_units + $5 <= $7::int)
         RETURNING u.calls`,
        [tenantId, keyId, day, tool, cost, callsCap, costCap],
      ),
    );
    return rows.length > 0 ? day : undefined;
  }

  /** Gives back what `takeBudget` counted on `day`, for a call that was not made after all. */
  async refundBudget(tenantId: string, keyId: string, tool: string, day: string, cost: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${T}.budget_usage SET calls = greatest(calls - 1, 0), cost_units = greatest(cost_units - $5, 0) WHERE tenant_id = $1 AND key_id = $2 AND day = $3 AND tool = $4`,
      [tenantId, keyId, day, tool, cost],
    );
  }

  async usage(tenantId: string, keyId: string, days: number): Promise<{ day: string; tool: string; calls: number; costUnits: number }[]> {
    const rows = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, tool, calls, cost_units FROM ${T}.budget_usage WHERE tenant_id = $1 AND key_id = $2 AND day > (now() AT TIME ZONE 'UTC')::date - $3::int ORDER BY day DESC, tool`,
      [tenantId, keyId, days],
    );
    return rows.map((r: Record<string, unknown>) => ({
      day: r.day as string,
      tool: r.tool as string,
      calls: Number(r.calls),
      costUnits: Number(r.cost_units),
    }));
  }
}
