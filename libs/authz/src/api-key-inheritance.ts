import { permissionMask, permissionsOfMask, type Permission } from './permissions';

/**
 * A key's effective permissions: its scopes intersected with what its creator may do *now*
 * in that tenant, and with the tenant's policy. Demoting or removing the creator narrows or
 * disables the key at once: the data plane recomputes this whenever the key, the creator's
 * membership or role, or the tenant changes (never stored beyond that).
 */
export function effectiveKeyPermissions(
  keyScopes: readonly string[],
  creatorPermissions: readonly string[] | undefined,
  tenantPolicy?: readonly string[],
): Permission[] {
  if (!creatorPermissions) return [];
  const policy = tenantPolicy ? permissionMask(tenantPolicy) : ~0;
  return [...permissionsOfMask(permissionMask(keyScopes) & permissionMask(creatorPermissions) & policy)];
}

/** Scopes the creator asks for but does not hold; empty means the request is allowed. */
export function scopesBeyondCreator(requested: readonly string[], creatorPermissions: readonly string[]): Permission[] {
  return [...permissionsOfMask(permissionMask(requested) & ~permissionMask(creatorPermissions))];
}
