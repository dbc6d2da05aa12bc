import type { AuditActor } from '@causeway/contracts';
import type { Principal } from './principal';

export function actorOf(principal: Principal): AuditActor & { type: 'user' } {
  return { type: 'user', id: principal.userId, label: principal.email };
}

/** Resolvers behind a permission check always have a tenant; this narrows the type. */
export function tenantOf(principal: Principal): string {
  if (!principal.tenantId) throw new Error('invariant: permission-guarded handler without a tenant');
  return principal.tenantId;
}
