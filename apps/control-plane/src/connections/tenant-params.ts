import { checkModeParams, redirectParams, resolveTenantEndpoint, type AuthMode, type ParamResult, type ProviderDefinition } from '@causeway/connectors';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';

/**
 * The parameters an admin gave for connecting with a mode (`{ tenant: "contoso.onmicrosoft.com" }`),
 * checked against the definition; a 400 names the parameter (`params.tenant`).
 */
export function checkedModeParams(provider: ProviderDefinition, mode: AuthMode, given: Readonly<Record<string, unknown>>): Record<string, string> {
  return orRefuse(checkModeParams(provider, mode, given));
}

/** The connection parameters the OAuth redirect carried beside the code (QuickBooks' `realmId`); a 400 names a malformed one. */
export function checkedRedirectParams(provider: ProviderDefinition, query: Readonly<Record<string, unknown>>): Record<string, string> {
  return orRefuse(redirectParams(provider, query));
}

/**
 * A per-tenant endpoint filled with those parameters and kept on the provider's declared hosts,
 * or on the host of the operator's replacement (simulators) when `replacement` is set.
 */
export function tenantEndpoint(provider: ProviderDefinition, template: string, params: Readonly<Record<string, string>>, replacement: boolean): string {
  return orRefuse(resolveTenantEndpoint(provider, template, params, { operatorTemplate: replacement }));
}

function orRefuse<T>(result: ParamResult<T>): T {
  if (result.ok) return result.value;
  const field = result.problem.param === 'params' ? 'params' : `params.${result.problem.param}`;
  throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${field}: ${result.problem.message}`, field);
}
