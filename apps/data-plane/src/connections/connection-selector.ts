import { AppError } from '@causeway/platform';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { ConfigView } from '../config-view/config-view';
import type { ConnectionRecord } from '../config-view/records';

export interface SelectedConnection {
  id: string;
  connection: ConnectionRecord;
}

/**
 * Picks the connection a call runs on. The end user's own connection comes first
 * (`onBehalfOf`), so the source system's own permissions apply; without one, a shared
 * connection is used. A key's connection allow-list narrows every choice.
 */
export function selectConnection(
  view: ConfigView,
  principal: AgentPrincipal,
  provider: string,
  request: { connectionId?: string; onBehalfOf?: string },
): SelectedConnection {
  const allowed = (id: string) => principal.allowedConnections === null || principal.allowedConnections.includes(id);
  if (request.connectionId) {
    const connection = view.connection(principal.tenantId, request.connectionId);
    // Same answer for "not yours" and "does not exist": ids of other tenants reveal nothing.
    if (!connection || connection.provider !== provider) throw new AppError('not_found', `no ${provider} connection ${request.connectionId} in this tenant`, { field: 'connectionId' });
    if (!allowed(request.connectionId)) throw new AppError('forbidden', 'this key may not use that connection', { field: 'connectionId' });
    if (request.onBehalfOf && connection.kind === 'user' && connection.ownerUserId !== request.onBehalfOf && connection.externalUserRef !== request.onBehalfOf) {
      throw new AppError('forbidden', 'that connection belongs to another user', { field: 'connectionId' });
    }
    return usable({ id: request.connectionId, connection });
  }
  const candidates = view.connectionsFor(principal.tenantId, provider).filter((c) => allowed(c.id));
  if (request.onBehalfOf) {
    const own = candidates.find((c) => c.connection.kind === 'user' && (c.connection.ownerUserId === request.onBehalfOf || c.connection.externalUserRef === request.onBehalfOf));
    if (!own) {
      throw new AppError('connection_required', `${request.onBehalfOf} has no ${provider} connection of their own: ask them to connect ${provider} first`, { field: 'onBehalfOf' });
    }
    return usable(own);
  }
  const shared = candidates.filter((c) => c.connection.kind === 'shared');
  const active = shared.find((c) => c.connection.status === 'active');
  if (active) return usable(active);
  if (shared[0]) return usable(shared[0]);
  throw new AppError('connection_required', `this tenant has no shared ${provider} connection this key may use: pass onBehalfOf or connectionId, or connect ${provider}`, { field: 'connectionId' });
}

function usable(selected: SelectedConnection): SelectedConnection {
  if (selected.connection.status === 'needs_reauth') {
    throw new AppError('needs_reauth', `connection ${selected.id} needs its owner to reconnect ${selected.connection.provider}`);
  }
  return selected;
}
