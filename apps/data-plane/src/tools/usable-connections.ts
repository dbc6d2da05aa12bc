import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { TenantConfig } from '../config-view/tenant-config';

/** Whether a key has a connection to a provider it could call through right now. */
export type ProviderUsable = (provider: string) => boolean;

/**
 * A provider is usable by a key when the tenant has a connection to it that is active (not
 * waiting for its owner to reconnect, not in error), that the key's connection allow-list
 * admits, and that the tenant's policy lets serve some call: a user's own connection serves
 * calls on that user's behalf; a shared one serves unless the policy is `never`. The same
 * conditions `selectConnection` applies to a call, asked per provider instead of per call.
 */
export function usableProviders(principal: Pick<AgentPrincipal, 'allowedConnections' | 'tenantPolicy'>, tenant: TenantConfig | undefined): ProviderUsable {
  const sharedServes = (principal.tenantPolicy?.sharedConnections ?? 'unattended_only') !== 'never';
  const allowList = principal.allowedConnections;
  const known = new Map<string, boolean>();
  return (provider) => {
    let usable = known.get(provider);
    if (usable === undefined) {
      usable = (tenant?.connectionsFor(provider) ?? []).some(
        ({ id, connection }) =>
          connection.status === 'active' && (allowList === null || allowList.includes(id)) && (connection.kind === 'user' || sharedServes),
      );
      known.set(provider, usable);
    }
    return usable;
  };
}
