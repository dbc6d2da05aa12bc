import { expandPermissions, type Permission } from './permissions';

/**
 * A key's effective permissions: its scopes intersected with what its creator may do *now*
 * in that tenant, and with the tenant's policy. Demoting or removing the creator narrows or
 * disables the key at once, because this is computed on every use, never stored.
 */
export function effectiveKeyPermissions(
  keyScopes: readonly string[],
  creatorPermissions: readonly string[] | undefined,
  tenantPolicy?: readonly string[],
): Permission[] {
  if (!creatorPermissions) return [];
  const creator = new Set(expandPermissions(creatorPermissions));
  const policy = tenantPolicy ? new Set(expandPermissions(tenantPolicy)) : undefined;
  return expandPermissions(keyScopes).filter((p) => creator.has(p) && (!policy || policy.has(p)));
}

/** Scopes the creator asks for but does not hold; empty means the request is allowed. */
export function scopesBeyondCreator(requested: readonly string[], creatorPermissions: readonly string[]): Permission[] {
  const creator = new Set(expandPermissions(creatorPermissions));
  return expandPermissions(requested).filter((p) => !creator.has(p));
}
