import { ALL_PERMISSIONS, type Permission } from './permissions';

export const BUILT_IN_ROLES = ['owner', 'admin', 'developer', 'auditor', 'viewer'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

const readAll: Permission[] = ALL_PERMISSIONS.filter((p) => p.startsWith('read:') && p !== 'read:AuditEvent');

/**
 * What each built-in role may do in its tenant. Owners can do everything; admins everything
 * but delete the tenant; developers build with connections, keys and tools; auditors read
 * the trail; viewers look.
 */
export const BUILT_IN_ROLE_PERMISSIONS: Record<BuiltInRole, Permission[]> = {
  owner: ALL_PERMISSIONS,
  admin: ALL_PERMISSIONS.filter((p) => p !== 'delete:Tenant'),
  developer: [
    ...readAll,
    'create:ApiKey',
    'update:ApiKey',
    'delete:ApiKey',
    'create:Connection',
    'update:Connection',
    'proxy:Connection',
    'call:Tool',
    'update:Event',
  ],
  auditor: ['read:Tenant', 'read:User', 'read:Role', 'read:AuditEvent', 'read:Approval'],
  viewer: readAll,
};
