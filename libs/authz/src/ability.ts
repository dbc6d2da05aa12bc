import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { expandPermissions, parsePermission, type Action, type Permission, type Subject } from './permissions';

export type AppAbility = MongoAbility<[Action, Subject]>;
export type AppRule = RawRuleOf<AppAbility>;

/**
 * Builds the CASL ability for a set of permissions. Tenant scoping is not a CASL condition
 * here: every service method takes the tenant id explicitly and every query filters by it,
 * so a rule can never be satisfied by another tenant's row.
 */
export function abilityFor(permissions: readonly string[]): AppAbility {
  const rules: AppRule[] = expandPermissions(permissions).map((p) => {
    const { action, subject } = parsePermission(p);
    return { action, subject };
  });
  return createMongoAbility<AppAbility>(rules);
}

export function permissionsOf(ability: AppAbility): Permission[] {
  return expandPermissions(ability.rules.map((r) => `${String(r.action)}:${String(r.subject)}`));
}
