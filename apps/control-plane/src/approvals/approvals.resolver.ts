import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { APPROVAL_STATUSES, type ApprovalPolicy, type ApprovalStatus, type ApprovalWire } from '@causeway/contracts';
import { catalog } from '@causeway/connectors';
import { AppError } from '@causeway/platform';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { pageSize } from '../common/pagination';
import { ApprovalPoliciesService } from './approval-policies.service';
import { ApprovalConnection, ApprovalModel, ApprovalPolicyInput, ApprovalPolicyModel, KeyUsageModel } from './approvals.models';
import { DATA_PLANE_SERVICE, type DataPlaneClient } from './data-plane-client';

const STATUSES: readonly string[] = APPROVAL_STATUSES;

export function toApprovalModel(a: ApprovalWire): ApprovalModel {
  const date = (v: string | null) => (v ? new Date(v) : null);
  // The catalog's schema lets an approver read the input by its fields' names and descriptions.
  const action = catalog.findAction(a.tool)?.action;
  return {
    id: a.id,
    status: a.status,
    tool: a.tool,
    connectionId: a.connectionId,
    onBehalfOf: a.onBehalfOf,
    keyId: a.keyId,
    keyName: a.keyName,
    reason: a.reason,
    input: JSON.stringify(a.input ?? {}),
    inputHash: a.inputHash,
    inputSchema: action ? JSON.stringify(action.inputSchema) : null,
    toolTitle: action?.title ?? null,
    requestedAt: new Date(a.requestedAt),
    expiresAt: new Date(a.expiresAt),
    decidedAt: date(a.decidedAt),
    decidedBy: a.decidedBy,
    note: a.note,
    executedAt: date(a.executedAt),
    executionOutcome: a.executionOutcome,
  };
}

function toPolicyModel({ policy, customised }: { policy: ApprovalPolicy; customised: boolean }): ApprovalPolicyModel {
  return {
    requireApproval: policy.requireApproval,
    approvalTtlSeconds: policy.approvalTtlSeconds,
    graduation: policy.graduation,
    budgets: policy.budgets.map((b) => ({
      keyId: b.keyId ?? null,
      tool: b.tool ?? null,
      callsPerDay: b.callsPerDay ?? null,
      costUnitsPerDay: b.costUnitsPerDay ?? null,
    })),
    overBudget: policy.overBudget,
    webhookUrl: policy.webhookUrl,
    webhookSecretSet: policy.webhookSecretSet,
    slack: policy.slack,
    customised,
  };
}

function text(value: string | null, field: string, max: number): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) throw new AppError('invalid_input', `${field}: at most ${max} characters`, { field });
  return trimmed || null;
}

/**
 * The tenant's approval policy (owners and admins: `read:Policy` / `update:Policy`) and its
 * approvals (`read:Approval`; deciding needs `approve:Approval`). Approvals live in the data
 * plane; these resolvers reach them through its internal API, always with the caller's tenant.
 */
@Resolver(() => ApprovalModel)
export class ApprovalsResolver {
  constructor(
    private readonly policies: ApprovalPoliciesService,
    @Inject(DATA_PLANE_SERVICE) private readonly dataPlane: DataPlaneClient,
  ) {}

  @RequirePermission('read:Policy')
  @Query(() => ApprovalPolicyModel, { description: "The tenant's approval policy (the default until one is set)." })
  async approvalPolicy(@CurrentPrincipal() principal: Principal): Promise<ApprovalPolicyModel> {
    return toPolicyModel(await this.policies.get(tenantOf(principal)));
  }

  @RequirePermission('update:Policy')
  @Mutation(() => ApprovalPolicyModel, { description: 'Replaces the approval policy; data planes apply it within a second.' })
  async setApprovalPolicy(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The whole new policy.' }) input: ApprovalPolicyInput,
  ): Promise<ApprovalPolicyModel> {
    return toPolicyModel(await this.policies.set(tenantOf(principal), actorOf(principal), input));
  }

  @RequirePermission('read:Approval')
  @Query(() => ApprovalConnection, { description: 'Approvals of the current tenant, newest first.' })
  async approvals(
    @CurrentPrincipal() principal: Principal,
    @Args('status', {
      type: () => String,
      nullable: true,
      description: 'Only approvals in this status: pending, approved, rejected, expired, executing or executed.',
    })
    status: string | null,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '`pageInfo.endCursor` of the previous page; omit for the first page.' })
    after: string | null,
  ) {
    if (status != null && !STATUSES.includes(status)) throw new AppError('invalid_input', `status: one of ${STATUSES.join(', ')}`, { field: 'status' });
    if (after != null && after.length > 200) throw new AppError('invalid_input', 'after: not a cursor this API issued', { field: 'after' });
    const page = await this.dataPlane.listApprovals(tenantOf(principal), {
      status: (status ?? undefined) as ApprovalStatus | undefined,
      first: pageSize(first),
      after: after ?? undefined,
    });
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toApprovalModel(e.node) })), pageInfo: page.pageInfo };
  }

  @RequirePermission('read:Approval')
  @Query(() => ApprovalModel, {
    nullable: true,
    description: 'One approval of the current tenant; null when there is none with this id here. Needs read:Approval.',
  })
  async approval(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the approval.' }) id: string,
  ): Promise<ApprovalModel | null> {
    try {
      const found = await this.dataPlane.approval(tenantOf(principal), parseId(id));
      return toApprovalModel(found.approval);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    }
  }

  @RequirePermission('approve:Approval')
  @Mutation(() => ApprovalModel, { description: 'Approves a pending call; you may not approve a call made through a key you created.' })
  approveAction(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the pending approval.' }) id: string,
    @Args('note', { type: () => String, nullable: true, description: 'Why, for the audit trail and the requester; at most 2000 characters.' })
    note: string | null,
  ) {
    return this.decide(principal, id, 'approve', text(note, 'note', 2000));
  }

  @RequirePermission('approve:Approval')
  @Mutation(() => ApprovalModel, { description: 'Rejects a pending call; the agent is told, and the key loses any earned trust for the tool.' })
  rejectAction(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the pending approval.' }) id: string,
    @Args('reason', { type: () => String, nullable: true, description: 'Why, for the audit trail and the requester; at most 2000 characters.' })
    reason: string | null,
  ) {
    return this.decide(principal, id, 'reject', text(reason, 'reason', 2000));
  }

  @RequirePermission('read:ApiKey')
  @Query(() => [KeyUsageModel], {
    description: "A key's calls and cost units per tool per UTC day (counted when the tenant sets budgets, or for approval-gated calls).",
  })
  async keyUsage(
    @CurrentPrincipal() principal: Principal,
    @Args('keyId', { type: () => ID, description: 'Id of the API key.' }) keyId: string,
    @Args('days', { type: () => Int, nullable: true, description: 'How many UTC days back, today included: 1 to 90 (default 7).' }) days: number | null,
  ): Promise<KeyUsageModel[]> {
    if (days != null && (!Number.isInteger(days) || days < 1 || days > 90)) throw new AppError('invalid_input', 'days: between 1 and 90', { field: 'days' });
    const answer = await this.dataPlane.keyUsage(tenantOf(principal), parseId(keyId, 'keyId'), days ?? 7);
    return answer.usage;
  }

  private async decide(principal: Principal, id: string, decision: 'approve' | 'reject', note: string | null): Promise<ApprovalModel> {
    const decided = await this.dataPlane.decide(tenantOf(principal), parseId(id), { decision, userId: principal.userId, userLabel: principal.email, note });
    return toApprovalModel(decided.approval);
  }
}
