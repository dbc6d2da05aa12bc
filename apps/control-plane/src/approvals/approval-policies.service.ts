import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { approvalPolicySchema, DEFAULT_APPROVAL_POLICY, type ApprovalPolicy, type AuditActor } from '@causeway/contracts';
import { AppError, parseInput } from '@causeway/platform';
import type { SecretStore } from '@causeway/secrets';
import { secretPath } from '@causeway/secrets';
import { Connection } from '../connections/connection.entity';
import { DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { ApprovalPolicyRecord } from './approval-policy.entity';
import type { ApprovalPolicyInput } from './approvals.models';

/** Where a tenant's approval webhook signing secret lives; the data plane reads it from the same path. */
export const webhookSecretPath = (tenantId: string) => `${secretPath.tenant(tenantId)}/approval-webhook`;

/** The config-stream entry of a policy: entity `policy`, one per tenant (entity id = tenant id). */
export function policyConfig(tenantId: string, policy: ApprovalPolicy) {
  return { entity: 'policy' as const, entityId: tenantId, op: 'upsert' as const, version: Date.now(), data: policy as unknown as Record<string, unknown> };
}

const drop = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

@Injectable()
export class ApprovalPoliciesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
  ) {}

  async get(tenantId: string): Promise<{ policy: ApprovalPolicy; customised: boolean }> {
    const row = await this.dataSource.getRepository(ApprovalPolicyRecord).findOne({ where: { tenantId } });
    return row ? { policy: approvalPolicySchema.parse(row.policy), customised: true } : { policy: DEFAULT_APPROVAL_POLICY, customised: false };
  }

  /** Replaces the tenant's policy: validated, stored with its config event in one transaction; the secret goes to the secret store first. */
  async set(tenantId: string, actor: AuditActor, input: ApprovalPolicyInput): Promise<{ policy: ApprovalPolicy; customised: boolean }> {
    const secret = drop(input.webhookSecret);
    if (secret !== undefined && (secret.length < 32 || secret.length > 256))
      throw new AppError('invalid_input', 'webhookSecret: between 32 and 256 characters', { field: 'webhookSecret' });
    const current = await this.get(tenantId);
    const webhookUrl = drop(input.webhookUrl) ?? null;
    const secretSet = webhookUrl !== null && (secret !== undefined || current.policy.webhookSecretSet);
    if (webhookUrl !== null && !secretSet)
      throw new AppError('invalid_input', 'webhookSecret: required with a webhookUrl (receivers verify the signature with it)', { field: 'webhookSecret' });
    const r = input.requireApproval;
    const policy = parseInput(
      approvalPolicySchema,
      {
        ...(r
          ? {
              requireApproval: {
                sideEffects: r.sideEffects ?? [],
                connectors: r.connectors ?? [],
                tools: r.tools ?? [],
                keys: r.keys ?? [],
                roles: r.roles ?? [],
              },
            }
          : {}),
        ...(input.approvalTtlSeconds != null ? { approvalTtlSeconds: input.approvalTtlSeconds } : {}),
        graduation: input.graduation ? { successes: input.graduation.successes, windowDays: input.graduation.windowDays } : null,
        budgets: (input.budgets ?? []).map((b) => ({
          ...(b.keyId ? { keyId: b.keyId } : {}),
          ...(b.tool ? { tool: b.tool } : {}),
          ...(b.callsPerDay != null ? { callsPerDay: b.callsPerDay } : {}),
          ...(b.costUnitsPerDay != null ? { costUnitsPerDay: b.costUnitsPerDay } : {}),
        })),
        ...(input.overBudget != null ? { overBudget: input.overBudget } : {}),
        webhookUrl,
        webhookSecretSet: secretSet,
        slack: input.slack ? { connectionId: input.slack.connectionId, channel: input.slack.channel } : null,
      },
      { whole: 'input' },
    );
    if (policy.slack) {
      const connection = await this.dataSource.getRepository(Connection).findOne({ where: { tenantId, id: policy.slack.connectionId } });
      if (!connection || connection.provider !== 'slack')
        throw new AppError('invalid_input', 'slack.connectionId: no Slack connection with that id in this tenant', { field: 'slack.connectionId' });
    }
    // The secret first: a policy naming a secret that is not there would sign nothing.
    if (secret !== undefined && webhookUrl !== null) await this.secrets.write(webhookSecretPath(tenantId), { secret });
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApprovalPolicyRecord);
      const existing = await repo.findOne({ where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      const saved = await repo.save(existing ? Object.assign(existing, { policy }) : repo.create({ tenantId, policy }));
      await recordChange(manager, {
        tenantId,
        actor,
        action: existing ? 'approval_policy.updated' : 'approval_policy.created',
        target: { type: 'approval_policy', id: saved.id },
        ...(existing ? { before: summary(existing.policy) } : {}),
        after: summary(policy),
        config: policyConfig(tenantId, policy),
      });
    });
    if (webhookUrl === null && current.policy.webhookSecretSet) await this.secrets.delete(webhookSecretPath(tenantId)).catch(() => undefined);
    this.nudgeOutbox();
    return { policy, customised: true };
  }

  /** For the config snapshot: every stored policy. */
  all(): Promise<ApprovalPolicyRecord[]> {
    return this.dataSource.getRepository(ApprovalPolicyRecord).find();
  }
}

/** What the audit trail keeps of a policy: everything but the webhook URL's query (it may carry a token). */
function summary(policy: ApprovalPolicy) {
  return { ...policy, webhookUrl: policy.webhookUrl ? policy.webhookUrl.split('?')[0] : null };
}
