import { z } from 'zod';
import { approvalPolicySchema, configEventSchema, DEFAULT_APPROVAL_POLICY, type ApprovalPolicy, type ConfigEvent } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';

type Change = Pick<ConfigEvent, 'tenantId' | 'entity' | 'entityId' | 'op' | 'data'>;

const keyRecord = z.object({ createdBy: z.string() });
const roleRecord = z.object({ name: z.string() });
const membershipRecord = z.object({ userId: z.string(), roleId: z.string() });

/**
 * What the approval gate needs from the config stream, kept apart from `ConfigView`: each
 * tenant's approval policy (config entity `policy`, id = tenant id), and, for separation of
 * duties and role rules, who created each key and which role each member holds. Fed by the
 * same snapshot and stream as `ConfigView`; stream changes win over the snapshot.
 */
export class ApprovalPolicyView {
  private readonly policies = new Map<string, { policy: ApprovalPolicy; source: 'snapshot' | 'stream' }>();
  private readonly keyCreators = new Map<string, { tenantId: string; createdBy: string; source: 'snapshot' | 'stream' }>();
  private readonly roleNames = new Map<string, string>();
  private readonly memberships = new Map<string, { tenantId: string; userId: string; roleId: string }>();
  private readonly roleOfMember = new Map<string, string>();

  constructor(private readonly logger?: Logger) {}

  async handleBatch(messages: ReceivedMessage[]): Promise<void> {
    for (const message of messages) {
      let value: unknown;
      try {
        value = message.value === null ? null : JSON.parse(message.value);
      } catch {
        continue;
      }
      const parsed = configEventSchema.safeParse(value);
      if (parsed.success) this.apply(parsed.data, 'stream');
    }
  }

  applySnapshot(entries: (Omit<Change, 'op'> & { version?: number })[]): void {
    for (const entry of entries) this.apply({ ...entry, op: 'upsert' }, 'snapshot');
  }

  apply(change: Change, source: 'snapshot' | 'stream'): void {
    const remove = change.op === 'delete' || change.data === null;
    switch (change.entity) {
      case 'policy': {
        if (source === 'snapshot' && this.policies.get(change.tenantId)?.source === 'stream') return;
        if (remove) {
          this.policies.delete(change.tenantId);
          return;
        }
        const parsed = approvalPolicySchema.safeParse(change.data);
        if (!parsed.success) {
          // Keep the last good policy rather than fall back to a laxer default.
          this.logger?.warn({ tenantId: change.tenantId, issue: parsed.error.issues[0]?.message }, 'ignored malformed approval policy');
          return;
        }
        this.policies.set(change.tenantId, { policy: parsed.data, source });
        return;
      }
      case 'api_key': {
        if (source === 'snapshot' && this.keyCreators.get(change.entityId)?.source === 'stream') return;
        const parsed = remove ? undefined : keyRecord.safeParse(change.data);
        if (parsed?.success) this.keyCreators.set(change.entityId, { tenantId: change.tenantId, createdBy: parsed.data.createdBy, source });
        else if (remove) this.keyCreators.delete(change.entityId);
        return;
      }
      case 'role': {
        const parsed = remove ? undefined : roleRecord.safeParse(change.data);
        if (parsed?.success) this.roleNames.set(change.entityId, parsed.data.name);
        else if (remove) this.roleNames.delete(change.entityId);
        return;
      }
      case 'membership': {
        const previous = this.memberships.get(change.entityId);
        if (previous) this.roleOfMember.delete(`${previous.tenantId}:${previous.userId}`);
        const parsed = remove ? undefined : membershipRecord.safeParse(change.data);
        if (parsed?.success) {
          this.memberships.set(change.entityId, { tenantId: change.tenantId, ...parsed.data });
          this.roleOfMember.set(`${change.tenantId}:${parsed.data.userId}`, parsed.data.roleId);
        } else this.memberships.delete(change.entityId);
        return;
      }
      default:
        return;
    }
  }

  /** The tenant's policy, or the default (every destructive tool needs approval). */
  policyOf(tenantId: string): ApprovalPolicy {
    return this.policies.get(tenantId)?.policy ?? DEFAULT_APPROVAL_POLICY;
  }

  /** The user who created the key, within that tenant only. */
  keyCreator(tenantId: string, keyId: string): string | undefined {
    const found = this.keyCreators.get(keyId);
    return found && found.tenantId === tenantId ? found.createdBy : undefined;
  }

  /** The role name of a member of the tenant. */
  roleOf(tenantId: string, userId: string): string | undefined {
    const roleId = this.roleOfMember.get(`${tenantId}:${userId}`);
    return roleId ? this.roleNames.get(roleId) : undefined;
  }
}
