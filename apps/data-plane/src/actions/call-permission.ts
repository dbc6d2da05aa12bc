import { maskHas, permissionBit, permissionMask } from '@causeway/authz';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { tenantDeniesTool, toolAllowed } from '../tools/tool-access';

export type DeniedBy = 'tenant_policy' | 'key_scopes' | 'creator_permissions' | 'tool_allow_list';

const CALL_TOOL = permissionBit('call:Tool');

/**
 * Which layer, if any, refuses this key calling this tool. The layers are checked from the
 * outside in, the order an admin would fix them: the tenant's access policy, the key's own
 * scopes, then what its creator may do now, then the key's tool allow-list. Bit tests on masks the authenticator computed once per
 * config change (principals built by hand get theirs computed here).
 */
export function callDeniedBy(principal: AgentPrincipal, toolId: string): DeniedBy | null {
  if (tenantDeniesTool(principal, toolId)) return 'tenant_policy';
  if (!maskHas(principal.keyScopeMask ?? permissionMask(principal.keyScopes), CALL_TOOL)) return 'key_scopes';
  if (!maskHas(principal.permissionMask ?? permissionMask(principal.permissions), CALL_TOOL)) return 'creator_permissions';
  if (!toolAllowed(principal, toolId)) return 'tool_allow_list';
  return null;
}

export const deniedMessages: Record<DeniedBy, string> = {
  tenant_policy: "this tenant's access policy denies this tool to every agent",
  key_scopes: 'this key has no call:Tool scope',
  creator_permissions: "this key's creator may no longer call tools in this tenant (role changed or membership removed)",
  tool_allow_list: "this tool is not in the key's tool allow-list",
};
