/**
 * The permission vocabulary. A permission is `<action>:<Subject>`, e.g. `create:ApiKey`.
 * Roles grant permissions; API keys carry a subset of their creator's permissions as scopes.
 * One list, so GraphQL validation, the data plane and the docs agree on every name.
 */
export const SUBJECTS = ['Tenant', 'User', 'Role', 'ApiKey', 'Connection', 'Policy', 'AuditEvent', 'Approval', 'Tool', 'Event'] as const;
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
  /**
   * `read:Event` (the `events` scope) receives the tenant's provider events (`GET /v1/events`) and
   * lists the key's own subscriptions; `update:Event` lets a key create, pause and delete its own
   * subscriptions (`/v1/subscriptions`). `manage:Event` grants both.
   */
  Event: ['read', 'update'],
};

export type Permission = `${Action}:${Subject}`;

export const ALL_PERMISSIONS: Permission[] = SUBJECTS.flatMap((subject) => PERMISSIONS[subject].map((action) => `${action}:${subject}` as Permission));

/**
 * The closed set as bits: a set of permissions is one integer, so a check is one AND and a
 * set costs no memory of its own. Bits follow the sorted order, so reading a mask back gives
 * the sorted list `expandPermissions` has always returned.
 */
const SORTED_PERMISSIONS: readonly Permission[] = Object.freeze([...ALL_PERMISSIONS].sort());
// JavaScript's bitwise operators work on 32 bits; past that the mask needs a second word.
if (SORTED_PERMISSIONS.length > 32) throw new Error(`${SORTED_PERMISSIONS.length} permissions no longer fit a 32-bit mask: widen PermissionMask`);

/** A set of permissions as bits over the closed set (see `permissionMask`). */
export type PermissionMask = number;

const BIT = new Map<string, PermissionMask>(SORTED_PERMISSIONS.map((p, i) => [p, 1 << i]));
/** Each known name, including `manage:X`, to its bits: one map lookup per name. */
const BITS_OF_NAME = new Map<string, PermissionMask>(BIT);
/** The canonical string of each known name, so stored config shares one copy of each. */
const CANONICAL = new Map<string, string>(SORTED_PERMISSIONS.map((p) => [p, p]));
for (const subject of SUBJECTS) {
  const manage = `manage:${subject}`;
  BITS_OF_NAME.set(
    manage,
    PERMISSIONS[subject].reduce((mask, action) => mask | BIT.get(`${action}:${subject}`)!, 0),
  );
  CANONICAL.set(manage, manage);
}

export function isPermission(value: string): value is Permission {
  return BIT.has(value);
}

/** The bit of one permission. */
export function permissionBit(permission: Permission): PermissionMask {
  return BIT.get(permission)!;
}

/** The permissions named (with `manage:X` expanded) as a mask; unknown names grant nothing. */
export function permissionMask(values: readonly string[]): PermissionMask {
  let mask = 0;
  for (const value of values) mask |= BITS_OF_NAME.get(value) ?? 0;
  return mask;
}

/** Whether a mask holds every bit of `required`. */
export function maskHas(mask: PermissionMask, required: PermissionMask): boolean {
  return (mask & required) === required;
}

/**
 * The shared, frozen, sorted list of a mask's permissions. Lists are interned per mask (the
 * built-in roles and the usual key scopes are a handful of masks across all tenants), up to a
 * bound so that config with arbitrary combinations cannot grow the table without limit.
 */
const LISTS_BY_MASK = new Map<PermissionMask, readonly Permission[]>();
const MAX_INTERNED_LISTS = 4096;
export function permissionsOfMask(mask: PermissionMask): readonly Permission[] {
  const known = LISTS_BY_MASK.get(mask);
  if (known) return known;
  const list: Permission[] = [];
  for (let i = 0; i < SORTED_PERMISSIONS.length; i++) if (mask & (1 << i)) list.push(SORTED_PERMISSIONS[i]);
  Object.freeze(list);
  if (LISTS_BY_MASK.size < MAX_INTERNED_LISTS) LISTS_BY_MASK.set(mask, list);
  return list;
}

/**
 * The canonical copy of a permission name (`manage:X` included), or the value itself when it
 * is not one: config that stores names through this holds one string per name, not one per
 * occurrence.
 */
export function canonicalPermissionName(value: string): string {
  return CANONICAL.get(value) ?? value;
}

export function parsePermission(value: Permission): { action: Action; subject: Subject } {
  const [action, subject] = value.split(':') as [Action, Subject];
  return { action, subject };
}

/** `manage:X` expands to every action on X; other permissions stand for themselves. Sorted. */
export function expandPermissions(values: readonly string[]): Permission[] {
  return [...permissionsOfMask(permissionMask(values))];
}
