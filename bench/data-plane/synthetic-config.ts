import { createHash, createHmac } from 'node:crypto';
import { BUILT_IN_ROLE_PERMISSIONS, BUILT_IN_ROLES } from '@causeway/authz';
import type { ConfigEntity, ConfigEvent } from '@causeway/contracts';

/**
 * Tenant configuration as the control plane publishes it (the shapes of tenants.service,
 * roles.service's `roleConfig`, memberships.service's `membershipConfig`, api-keys.service's
 * `apiKeyConfig` and connection-config.ts), generated deterministically per tenant index so a
 * benchmark can rebuild any tenant's API key later without keeping a list in memory.
 *
 * Per tenant: the tenant, its 5 built-in roles (the control plane creates them with every
 * tenant), 2 memberships (owner, developer), 2 API keys (one per member) and 3 connections
 * (shared Slack, shared Jira with its cloudId, a developer's own GitHub connection).
 */
export type SnapshotEntry = Pick<ConfigEvent, 'tenantId' | 'entity' | 'entityId' | 'version' | 'data'>;

export const ENTITY_ORDER: ConfigEntity[] = ['tenant', 'role', 'membership', 'api_key', 'connection'];
export const PER_TENANT: Record<string, number> = { tenant: 1, role: BUILT_IN_ROLES.length, membership: 2, api_key: 2, connection: 3 };

/** A stable UUID-shaped id for (kind, tenant index, n). */
export function idOf(kind: string, tenant: number, n = 0): string {
  const h = createHash('sha1').update(`${kind}/${tenant}/${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The API key `cw_<prefix>_<secret>` of tenant i's key n (n = 0: the owner's, 1: the developer's). */
export function apiKeyOf(tenant: number, n: number): { prefix: string; secret: string; key: string } {
  const digest = createHash('sha256').update(`bench-key/${tenant}/${n}`).digest();
  const prefix = [...digest.subarray(0, 12)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  const secret = createHash('sha256').update(digest).digest('base64url'); // 43 characters
  return { prefix, secret, key: `cw_${prefix}_${secret}` };
}

export interface TenantOptions {
  pepper: Buffer;
  /** serverOverrides of the shared Slack connection (the benchmark's fixed upstream). */
  slackServerOverrides?: Record<string, string> | null;
  version?: number;
}

/** One entity kind of tenant i, as snapshot entries. */
export function tenantEntries(i: number, entity: ConfigEntity, options: TenantOptions): SnapshotEntry[] {
  const tenantId = idOf('tenant', i);
  const version = options.version ?? 1_760_000_000_000 + i;
  const owner = idOf('user', i, 0);
  const developer = idOf('user', i, 1);
  const roleId = (name: string) => idOf(`role-${name}`, i);
  const entry = (entityId: string, data: Record<string, unknown>): SnapshotEntry => ({ tenantId, entity, entityId, version, data });
  switch (entity) {
    case 'tenant':
      return [entry(tenantId, { slug: `tenant-${i}`, name: `Tenant ${i} Holdings`, status: 'active' })];
    case 'role':
      return BUILT_IN_ROLES.map((name) => entry(roleId(name), { name, permissions: BUILT_IN_ROLE_PERMISSIONS[name] }));
    case 'membership':
      return [
        entry(idOf('membership', i, 0), { userId: owner, roleId: roleId('owner') }),
        entry(idOf('membership', i, 1), { userId: developer, roleId: roleId('developer') }),
      ];
    case 'api_key':
      return [0, 1].map((n) => {
        const key = apiKeyOf(i, n);
        return entry(idOf('api-key', i, n), {
          name: n === 0 ? 'support-agent' : 'dev-agent',
          prefix: key.prefix,
          secretHash: createHmac('sha256', options.pepper).update(key.secret).digest('hex'),
          previousSecretHash: null,
          previousValidUntil: null,
          // The benchmark's key (tenant 0's owner key) may also make raw calls: target p of run.ts.
          scopes: i === 0 && n === 0 ? ['call:Tool', 'read:Tool', 'proxy:Connection'] : ['call:Tool', 'read:Tool'],
          createdBy: n === 0 ? owner : developer,
          expiresAt: null,
          allowedConnections: null,
          allowedTools: null,
          revoked: false,
        });
      });
    case 'connection':
      return [
        entry(idOf('connection', i, 0), {
          provider: 'slack',
          name: 'Slack workspace',
          authMode: 'oauth2',
          kind: 'shared',
          ownerUserId: null,
          externalUserRef: null,
          status: 'active',
          params: {},
          serverOverrides: options.slackServerOverrides ?? null,
        }),
        entry(idOf('connection', i, 1), {
          provider: 'jira',
          name: 'Jira Cloud',
          authMode: 'oauth2',
          kind: 'shared',
          ownerUserId: null,
          externalUserRef: null,
          status: 'active',
          params: { cloudId: idOf('cloud', i) },
          serverOverrides: null,
        }),
        entry(idOf('connection', i, 2), {
          provider: 'github',
          name: 'GitHub (developer)',
          authMode: 'oauth2',
          kind: 'user',
          ownerUserId: developer,
          externalUserRef: `dev-${i}@tenant-${i}.example`,
          status: 'active',
          params: {},
          serverOverrides: null,
        }),
      ];
    default:
      return [];
  }
}

/** Every entity of tenant i, in the order the control plane's snapshot lists them. */
export function allTenantEntries(i: number, options: TenantOptions): SnapshotEntry[] {
  return ENTITY_ORDER.flatMap((entity) => tenantEntries(i, entity, options));
}
