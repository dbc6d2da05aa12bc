import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';

/** A key's tool allow-list entry matches a tool id exactly, or a whole connector as `slack.*`. */
export function toolAllowed(principal: Pick<AgentPrincipal, 'allowedTools'>, toolId: string): boolean {
  if (principal.allowedTools === null) return true;
  const connector = toolId.split('.')[0];
  return principal.allowedTools.some((entry) => entry === toolId || entry === `${connector}.*`);
}

export function mayCallTools(principal: Pick<AgentPrincipal, 'permissions'>): boolean {
  return principal.permissions.includes('call:Tool');
}

export function mayListTools(principal: Pick<AgentPrincipal, 'permissions'>): boolean {
  return principal.permissions.includes('call:Tool') || principal.permissions.includes('read:Tool');
}
