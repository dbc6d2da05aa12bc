import { AppError } from '@causeway/platform';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { ConfigView } from '../config-view/config-view';
import type { SelectedConnection } from '../config-view/tenant-config';

export type { SelectedConnection };

/**
 * Picks the connection a call runs on. The end user's own connection comes first
 * (`onBehalfOf`), so the source system's own permissions apply; a shared connection serves
 * only where the tenant's policy lets it (`sharedConnections`: calls without `onBehalfOf` by
 * default; also users without their own connection under `always`; never under `never`).
 * A key's connection allow-list narrows every choice.
 *
 * The tenant's connections are reached through the principal's pointer to its tenant
 * (one lookup by tenant id for principals built by hand), never by another tenant's ids.
 */
export function selectConnection(
  view: ConfigView,
  principal: AgentPrincipal,
  provider: string,
  request: { connectionId?: string; onBehalfOf?: string },
): SelectedConnection {
  const rule = principal.tenantPolicy?.sharedConnections ?? 'unattended_only';
  const allowList = principal.allowedConnections;
  if (request.connectionId) {
    const connection = view.connection(principal.tenantId, request.connectionId);
    // Same answer for "not yours" and "does not exist": ids of other tenants reveal nothing.
    if (!connection || connection.provider !== provider)
      throw new AppError('not_found', `no ${provider} connection ${request.connectionId} in this tenant`, { field: 'connectionId' });
    if (!allowedBy(allowList, request.connectionId)) throw new AppError('forbidden', 'this key may not use that connection', { field: 'connectionId' });
    if (
      request.onBehalfOf &&
      connection.kind === 'user' &&
      connection.ownerUserId !== request.onBehalfOf &&
      connection.externalUserRef !== request.onBehalfOf
    ) {
      throw new AppError('forbidden', 'that connection belongs to another user', { field: 'connectionId' });
    }
    if (connection.kind === 'shared' && !sharedServes(rule, request.onBehalfOf)) {
      throw new AppError(
        'forbidden',
        `this tenant's policy does not let a shared connection serve ${request.onBehalfOf ? 'a call on behalf of a user' : 'calls'}: ${RULE_HINT[rule]}`,
        { field: 'connectionId' },
      );
    }
    return usable({ id: request.connectionId, connection });
  }
  const tenant = principal.tenantConfig ?? view.tenantConfig(principal.tenantId);
  if (!request.onBehalfOf && rule === 'never') {
    throw new AppError('connection_required', `this tenant's policy runs every call on the user's own connection: pass onBehalfOf`, { field: 'onBehalfOf' });
  }
  if (!request.onBehalfOf && allowList === null) {
    // The common call: the tenant keeps its choice ready (same rule as the loop below).
    const preferred = tenant?.preferredSharedConnection(provider);
    if (preferred) return usable(preferred);
    throw noShared(provider);
  }
  const all = tenant?.connectionsFor(provider) ?? [];
  const candidates = allowList === null ? all : all.filter((c) => allowedBy(allowList, c.id));
  if (request.onBehalfOf) {
    const own = candidates.find(
      (c) => c.connection.kind === 'user' && (c.connection.ownerUserId === request.onBehalfOf || c.connection.externalUserRef === request.onBehalfOf),
    );
    if (!own && rule === 'always') return chooseShared(candidates, provider);
    if (!own) {
      throw new AppError('connection_required', `${request.onBehalfOf} has no ${provider} connection of their own: ask them to connect ${provider} first`, {
        field: 'onBehalfOf',
      });
    }
    return usable(own);
  }
  return chooseShared(candidates, provider);
}

// A module function, not a closure over the allow-list: the common call then allocates nothing.
function allowedBy(allowList: readonly string[] | null, id: string): boolean {
  return allowList === null || allowList.includes(id);
}

/** The first active shared connection, else the first shared one. */
function chooseShared(candidates: readonly SelectedConnection[], provider: string): SelectedConnection {
  let firstShared: SelectedConnection | undefined;
  for (const c of candidates) {
    if (c.connection.kind !== 'shared') continue;
    if (c.connection.status === 'active') return usable(c);
    firstShared ??= c;
  }
  if (firstShared) return usable(firstShared);
  throw noShared(provider);
}

type SharedConnectionRule = NonNullable<AgentPrincipal['tenantPolicy']>['sharedConnections'];

function sharedServes(rule: SharedConnectionRule, onBehalfOf: string | undefined): boolean {
  return rule === 'always' || (rule === 'unattended_only' && !onBehalfOf);
}

const RULE_HINT: Record<SharedConnectionRule, string> = {
  always: '',
  unattended_only: "a call on behalf of a user runs on that user's own connection",
  never: "every call runs on the user's own connection (pass onBehalfOf)",
};

function noShared(provider: string): AppError {
  return new AppError(
    'connection_required',
    `this tenant has no shared ${provider} connection this key may use: pass onBehalfOf or connectionId, or connect ${provider}`,
    { field: 'connectionId' },
  );
}

function usable(selected: SelectedConnection): SelectedConnection {
  if (selected.connection.status === 'needs_reauth') {
    throw new AppError('needs_reauth', `connection ${selected.id} needs its owner to reconnect ${selected.connection.provider}`);
  }
  return selected;
}
