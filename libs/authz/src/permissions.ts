/**
 * The permission vocabulary. A permission is `<action>:<Subject>`, e.g. `create:ApiKey`.
 * Roles grant permissions; API keys carry a subset of their creator's permissions as scopes.
 * One list, so GraphQL validation, the data plane and the docs agree on every name.
 */
export const SUBJECTS = [
  'Tenant',
  'User',
  'Role',
  'ApiKey',
  'Connection',
  'Policy',
  'AuditEvent',
  'Approval',
  'Tool',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete', 'call', 'proxy', 'approve', 'manage'] as const;
export type Action = (typeof ACTIONS)[number];

/** Which actions make sense on which subject; `manage` means all of them. */
export const PERMISSIONS: Record<Subject, readonly Action[]> = {
  Tenant: ['read', 'update', 'delete'],
  User: ['read', 'create', 'update', 'delete'],
  Role: ['read', 'create', 'update', 'delete'],
  ApiKey: ['read', 'create', 'update', 'delete'],
  Connection: ['read', 'create', 'update', 'delete', 'proxy'],
  Policy: ['read', 'create', 'update', 'delete'],
  AuditEvent: ['read'],
  Approval: ['read', 'approve'],
  /** `read:Tool` lists tools; `call:Tool` calls them. */
  Tool: ['read', 'call'],
};

export type Permission = `${Action}:${Subject}`;

export const ALL_PERMISSIONS: Permission[] = SUBJECTS.flatMap((subject) =>
  PERMISSIONS[subject].map((action) => `${action}:${subject}` as Permission),
);

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as string[]).includes(value);
}

export function parsePermission(value: Permission): { action: Action; subject: Subject } {
  const [action, subject] = value.split(':') as [Action, Subject];
  return { action, subject };
}

/** `manage:X` expands to every action on X; other permissions stand for themselves. */
export function expandPermissions(values: readonly string[]): Permission[] {
  const out = new Set<Permission>();
  for (const value of values) {
    const [action, subject] = value.split(':') as [string, Subject];
    if (action === 'manage' && (SUBJECTS as readonly string[]).includes(subject)) {
      for (const a of PERMISSIONS[subject]) out.add(`${a}:${subject}` as Permission);
    } else if (isPermission(value)) {
      out.add(value);
    }
  }
  return [...out].sort();
}
