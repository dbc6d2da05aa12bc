import { maskHas, permissionBit, permissionMask } from '@causeway/authz';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';

const CALL_TOOL = permissionBit('call:Tool');
const READ_TOOL = permissionBit('read:Tool');

/** A key's tool allow-list entry matches a tool id exactly, or a whole connector as `slack.*`. */
export function toolAllowed(principal: Pick<AgentPrincipal, 'allowedTools'>, toolId: string): boolean {
  if (principal.allowedTools === null) return true;
  const dot = toolId.indexOf('.');
  const connector = dot === -1 ? toolId.length : dot;
  for (const entry of principal.allowedTools) {
    if (entry === toolId) return true;
    if (entry.length === connector + 2 && entry.endsWith('.*') && toolId.startsWith(entry.slice(0, connector))) return true;
  }
  return false;
}

export function mayCallTools(principal: Pick<AgentPrincipal, 'permissions' | 'permissionMask'>): boolean {
  return maskHas(maskOf(principal), CALL_TOOL);
}

export function mayListTools(principal: Pick<AgentPrincipal, 'permissions' | 'permissionMask'>): boolean {
  return (maskOf(principal) & (CALL_TOOL | READ_TOOL)) !== 0;
}

function maskOf(principal: Pick<AgentPrincipal, 'permissions' | 'permissionMask'>): number {
  return principal.permissionMask ?? permissionMask(principal.permissions);
}
