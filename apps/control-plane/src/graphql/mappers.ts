import type { ApiKey } from '../api-keys/api-key.entity';
import type { Member } from '../memberships/memberships.service';
import type { Role } from '../roles/role.entity';
import type { Tenant } from '../tenants/tenant.entity';
import type { ApiKeyModel, RoleModel, TenantModel, UserModel } from './models';

/** Entities never leave through GraphQL as they are: these choose what a client may see. */
export const toTenant = (t: Tenant): TenantModel => ({ id: t.id, slug: t.slug, name: t.name, status: t.status, createdAt: t.createdAt });

export const toRole = (r: Role): RoleModel => ({ id: r.id, name: r.name, builtIn: r.builtIn, permissions: r.permissions });

export const toUser = (m: Member): UserModel => ({ id: m.user.id, email: m.user.email, role: toRole(m.role), memberSince: m.membership.createdAt });

export const toApiKey = (k: ApiKey): ApiKeyModel => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdById: k.createdBy,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  expiresAt: k.expiresAt,
  revokedAt: k.revokedAt,
  previousSecretValidUntil: k.previousValidUntil,
  allowedConnections: k.allowedConnections,
  allowedTools: k.allowedTools,
});
