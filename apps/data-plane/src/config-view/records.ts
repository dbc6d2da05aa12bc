import { z } from 'zod';
import { DEFAULT_TENANT_ACCESS_POLICY, tenantAccessPolicySchema, type TenantAccessPolicy } from '@causeway/contracts';

/**
 * The shapes the control plane publishes per config entity. The data plane validates each
 * change against them: a change it cannot understand is logged and ignored, never half-applied.
 */
export const tenantRecord = z.object({
  slug: z.string(),
  name: z.string(),
  status: z.string(),
  // Absent from records published before policies existed: the defaults apply. Nearly every
  // tenant keeps the defaults, so they share one frozen object instead of one each.
  policy: tenantAccessPolicySchema.optional().transform(sharedWhenDefault),
});

function sharedWhenDefault(policy: TenantAccessPolicy | undefined): TenantAccessPolicy {
  if (!policy) return DEFAULT_TENANT_ACCESS_POLICY;
  const d = DEFAULT_TENANT_ACCESS_POLICY;
  const isDefault =
    policy.sharedConnections === d.sharedConnections &&
    policy.auditPayloads === d.auditPayloads &&
    policy.deniedTools.length === 0 &&
    policy.redactFields.length === 0 &&
    policy.eventRetentionDays === undefined;
  return isDefault ? d : Object.freeze(policy);
}
export const roleRecord = z.object({ name: z.string(), permissions: z.array(z.string()) });
export const membershipRecord = z.object({ userId: z.string(), roleId: z.string() });
export const apiKeyRecord = z.object({
  name: z.string(),
  prefix: z.string(),
  secretHash: z.string(),
  previousSecretHash: z.string().nullable(),
  previousValidUntil: z.string().nullable(),
  scopes: z.array(z.string()),
  createdBy: z.string(),
  expiresAt: z.string().nullable(),
  allowedConnections: z.array(z.string()).nullable(),
  allowedTools: z.array(z.string()).nullable(),
  revoked: z.boolean(),
});

export type TenantRecord = z.infer<typeof tenantRecord>;
export type RoleRecord = z.infer<typeof roleRecord>;
export type MembershipRecord = z.infer<typeof membershipRecord>;
export type ApiKeyRecord = z.infer<typeof apiKeyRecord>;

export const connectionRecord = z.object({
  provider: z.string(),
  name: z.string(),
  authMode: z.string(),
  kind: z.enum(['shared', 'user']),
  ownerUserId: z.string().nullable(),
  externalUserRef: z.string().nullable(),
  status: z.enum(['active', 'needs_reauth', 'error']),
  params: z.record(z.string(), z.string()),
  serverOverrides: z.record(z.string(), z.string()).nullable(),
});

export type ConnectionRecord = z.infer<typeof connectionRecord>;
