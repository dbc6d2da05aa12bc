import { randomUUID } from 'node:crypto';
import type { SimulatedClient } from '../common/oauth';

/** One Entra ID tenant: its GUID, its verified domains, the apps registered in it, its teams. */
export interface SimulatedTenant {
  id: string;
  domains: string[];
  clients: SimulatedClient[];
  teams: { id: string; displayName: string; description: string }[];
}

/** A tenant as an endpoint path names it: GUID, verified domain, or `organizations` / `common` (any work account). */
export type TenantLookup = { found: SimulatedTenant; multiTenant: boolean } | { found: null };

/**
 * The directories the simulator knows. Paths name a tenant by GUID or verified domain
 * (case-insensitive, as DNS names are); `organizations` and `common` resolve to the first
 * tenant, standing in for "the user's home tenant".
 */
export class MicrosoftDirectory {
  constructor(readonly tenants: SimulatedTenant[]) {}

  lookup(segment: string): TenantLookup {
    const wanted = segment.toLowerCase();
    if ((wanted === 'organizations' || wanted === 'common') && this.tenants[0]) return { found: this.tenants[0], multiTenant: true };
    const found = this.tenants.find((tenant) => tenant.id === wanted || tenant.domains.includes(wanted));
    return found ? { found, multiTenant: false } : { found: null };
  }

  static withTenant(domain: string, clients: SimulatedClient[]): SimulatedTenant {
    return {
      id: randomUUID(),
      domains: [domain.toLowerCase()],
      clients,
      teams: [
        { id: randomUUID(), displayName: 'Engineering', description: 'Builders' },
        { id: randomUUID(), displayName: 'Support', description: 'Helpers' },
      ],
    };
  }
}
