import { maskHas, permissionBit, permissionMask } from '@causeway/authz';
import { toolMatches } from '@causeway/contracts';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';

const CALL_TOOL = permissionBit('call:Tool');
const READ_TOOL = permissionBit('read:Tool');

/** A key's tool allow-list entry matches a tool id exactly, or a whole connector as `slack.*`. */
export function toolAllowed(principal: Pick<AgentPrincipal, 'allowedTools'>, toolId: string): boolean {
  return principal.allowedTools === null || toolMatches(principal.allowedTools, toolId);
}

/** Whether the tenant's access policy refuses this tool to every agent of the tenant. */
export function tenantDeniesTool(principal: Pick<AgentPrincipal, 'tenantPolicy'>, toolId: string): boolean {
  const denied = principal.tenantPolicy?.deniedTools;
  return denied !== undefined && denied.length > 0 && toolMatches(denied, toolId);
}

/**
 * The tools a key is shown (`GET /v1/tools`, MCP `tools/list`): those it may call — the
 * tenant's policy, its scopes ∩ its creator's permissions, its allow-list. `null` when the key
 * may not list tools at all. One rule for both surfaces.
 */
export function listableTools<T extends { name: string }>(principal: AgentPrincipal, tools: readonly T[]): T[] | null {
  if (!mayListTools(principal)) return null;
  if (!mayCallTools(principal)) return [];
  return tools.filter((tool) => !tenantDeniesTool(principal, tool.name) && toolAllowed(principal, tool.name));
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
