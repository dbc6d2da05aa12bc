import pino from 'pino';
import { Registry } from 'prom-client';
import { BUILT_IN_ROLE_PERMISSIONS, generateApiKey, hashApiKeySecret } from '@causeway/authz';
import type { ConfigEntity } from '@causeway/contracts';
import { ConfigView, type ConfigChange } from './config-view';

/**
 * Config changes in the shapes the control plane publishes, for specs of the view, the
 * authenticator and connection selection. One tenant = the tenant, an owner and a developer
 * role, their memberships, one API key per member and a shared Slack connection.
 */
export const pepper = Buffer.from('spec-pepper-spec-pepper-spec-pepper-0123', 'utf8');

export function newView(): { view: ConfigView; registry: Registry } {
  const registry = new Registry();
  return { view: new ConfigView(pino({ level: 'silent' }), registry), registry };
}

export function change(
  tenantId: string,
  entity: ConfigEntity,
  entityId: string,
  data: Record<string, unknown> | null,
  op: 'upsert' | 'delete' = 'upsert',
): ConfigChange {
  return { tenantId, entity, entityId, op, version: Date.now(), data };
}

export interface KeyOptions {
  scopes?: string[];
  createdBy?: string;
  revoked?: boolean;
  expiresAt?: string | null;
  previousSecretHash?: string | null;
  previousValidUntil?: string | null;
  allowedTools?: string[] | null;
  allowedConnections?: string[] | null;
}

export function keyData(secret: string, prefix: string, options: KeyOptions = {}): Record<string, unknown> {
  return {
    name: 'agent',
    prefix,
    secretHash: hashApiKeySecret(pepper, secret),
    previousSecretHash: options.previousSecretHash ?? null,
    previousValidUntil: options.previousValidUntil ?? null,
    scopes: options.scopes ?? ['call:Tool', 'read:Tool', 'proxy:Connection'],
    createdBy: options.createdBy ?? 'owner-user',
    expiresAt: options.expiresAt ?? null,
    allowedConnections: options.allowedConnections ?? null,
    allowedTools: options.allowedTools ?? null,
    revoked: options.revoked ?? false,
  };
}

export function connectionData(provider: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider,
    name: `${provider} workspace`,
    authMode: 'oauth2',
    kind: 'shared',
    ownerUserId: null,
    externalUserRef: null,
    status: 'active',
    params: {},
    serverOverrides: null,
    ...overrides,
  };
}

/** A tenant with ids derived from its name; `bearer` presents its owner's key. */
export function seedTenant(view: ConfigView, name: string, source: 'snapshot' | 'stream' = 'stream') {
  const tenantId = `${name}-tenant`;
  const ids = {
    tenantId,
    ownerRole: `${name}-role-owner`,
    developerRole: `${name}-role-developer`,
    ownerMembership: `${name}-membership-owner`,
    developerMembership: `${name}-membership-developer`,
    ownerKey: `${name}-key-owner`,
    slack: `${name}-connection-slack`,
  };
  const key = generateApiKey();
  const apply = (c: ConfigChange) => view.apply(c, source);
  apply(change(tenantId, 'tenant', tenantId, { slug: name, name, status: 'active' }));
  apply(change(tenantId, 'role', ids.ownerRole, { name: 'owner', permissions: BUILT_IN_ROLE_PERMISSIONS.owner }));
  apply(change(tenantId, 'role', ids.developerRole, { name: 'developer', permissions: BUILT_IN_ROLE_PERMISSIONS.developer }));
  apply(change(tenantId, 'membership', ids.ownerMembership, { userId: 'owner-user', roleId: ids.ownerRole }));
  apply(change(tenantId, 'membership', ids.developerMembership, { userId: 'dev-user', roleId: ids.developerRole }));
  apply(change(tenantId, 'api_key', ids.ownerKey, keyData(key.secret, key.prefix)));
  apply(change(tenantId, 'connection', ids.slack, connectionData('slack')));
  return { ...ids, key, bearer: `Bearer ${key.key}` };
}
