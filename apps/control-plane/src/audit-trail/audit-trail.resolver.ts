import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { AuditEvent } from '@causeway/contracts';
import { RequirePermission } from '../auth/access-levels';
import { tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { pageSize } from '../common/pagination';
import { AUDIT_SERVICE, type AuditClient } from './audit-client';
import { AuditEventConnection, AuditEventFilter, AuditEventModel, AuditVerification } from './audit-trail.models';

interface StoredEvent {
  seq: number;
  hash: string;
  event: AuditEvent;
}

interface StoredCheckpoint {
  seq: number;
  headHash: string;
  createdAt: string;
  keyId: string;
  signature: string;
}

const toModel = (stored: StoredEvent): AuditEventModel => {
  const e = stored.event;
  return {
    id: e.id,
    seq: stored.seq,
    occurredAt: new Date(e.occurredAt),
    action: e.action,
    outcome: e.outcome,
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorLabel: e.actor.label ?? null,
    tool: e.tool ?? null,
    connectionId: e.connectionId ?? null,
    correlationId: e.correlationId ?? null,
    workflowRunId: e.workflowRunId ?? null,
    upstreamStatus: e.upstreamStatus ?? null,
    attempts: e.attempts ?? null,
    latencyMs: e.latencyMs ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    hash: stored.hash,
  };
};

/** The audit service's opaque cursor (`{ v: 1, seq }`, base64url), so any edge's cursor works as `after`. */
function auditCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, seq }), 'utf8').toString('base64url');
}

/** The tenant's audit trail, for its owners, admins and auditors (`read:AuditEvent`). */
@Resolver(() => AuditEventModel)
export class AuditTrailResolver {
  constructor(@Inject(AUDIT_SERVICE) private readonly audit: AuditClient) {}

  @RequirePermission('read:AuditEvent')
  @Query(() => AuditEventConnection, { description: 'Newest first; always scoped to the current tenant.' })
  async auditEvents(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => AuditEventFilter, nullable: true, description: 'Which events; omit for all.' }) filter: AuditEventFilter | null,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '`pageInfo.endCursor` of the previous page; omit for the first page.' })
    after: string | null,
  ): Promise<AuditEventConnection> {
    const tenantId = tenantOf(principal);
    const page = await this.audit.get<{ data: StoredEvent[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>(`/v1/tenants/${tenantId}/events`, {
      from: filter?.from?.toISOString(),
      to: filter?.to?.toISOString(),
      actor: filter?.actor,
      tool: filter?.tool,
      connectionId: filter?.connectionId,
      outcome: filter?.outcome,
      correlationId: filter?.correlationId,
      action: filter?.action,
      workflowRunId: filter?.workflowRunId,
      first: pageSize(first),
      after: after ?? undefined,
    });
    return {
      edges: page.data.map((stored) => ({ cursor: auditCursor(stored.seq), node: toModel(stored) })),
      pageInfo: page.pageInfo,
    };
  }

  @RequirePermission('read:AuditEvent')
  @Query(() => AuditVerification, { description: 'Recomputes the hash chain (and checks signed checkpoints) between two sequence numbers.' })
  async verifyAuditTrail(
    @CurrentPrincipal() principal: Principal,
    @Args('from', { type: () => Int, nullable: true, description: 'First sequence number to check; default the first event.' }) from: number | null,
    @Args('to', { type: () => Int, nullable: true, description: 'Last sequence number to check; default the newest event.' }) to: number | null,
  ): Promise<AuditVerification> {
    const tenantId = tenantOf(principal);
    const [verdict, checkpoints] = await Promise.all([
      this.audit.get<{ ok: boolean; checkedCount?: number; headSeq?: number; brokenAt?: number; reason?: string; checkpointsChecked?: number }>(
        `/v1/tenants/${tenantId}/verify`,
        { fromSeq: from ?? undefined, toSeq: to ?? undefined },
      ),
      this.audit.get<{ data: StoredCheckpoint[] }>(`/v1/tenants/${tenantId}/checkpoints`, { first: 1 }),
    ]);
    const latest = checkpoints.data[0];
    return {
      checkpointsChecked: verdict.checkpointsChecked ?? null,
      latestCheckpoint: latest
        ? { seq: latest.seq, headHash: latest.headHash, createdAt: new Date(latest.createdAt), keyId: latest.keyId, signature: latest.signature }
        : null,
      ok: verdict.ok,
      checkedCount: verdict.checkedCount ?? null,
      headSeq: verdict.headSeq ?? null,
      brokenAt: verdict.brokenAt ?? null,
      reason: verdict.reason ?? null,
    };
  }
}
