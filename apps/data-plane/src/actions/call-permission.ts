import { expandPermissions } from '@causeway/authz';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { toolAllowed } from '../tools/tool-access';

export type DeniedBy = 'key_scopes' | 'creator_permissions' | 'tool_allow_list';

/**
 * Which layer, if any, refuses this key calling this tool. The layers are checked in the
 * order an admin would fix them: the key's own scopes, then what its creator may do now,
 * then the key's tool allow-list.
 */
export function callDeniedBy(principal: AgentPrincipal, toolId: string): DeniedBy | null {
  if (!expandPermissions(principal.keyScopes).includes('call:Tool')) return 'key_scopes';
  if (!principal.permissions.includes('call:Tool')) return 'creator_permissions';
  if (!toolAllowed(principal, toolId)) return 'tool_allow_list';
  return null;
}

export const deniedMessages: Record<DeniedBy, string> = {
  key_scopes: 'this key has no call:Tool scope',
  creator_permissions: "this key's creator may no longer call tools in this tenant (role changed or membership removed)",
  tool_allow_list: "this tool is not in the key's tool allow-list",
};
