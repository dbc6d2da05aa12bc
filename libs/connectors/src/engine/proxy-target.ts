import { isDeclaredHost } from '../definition/hosts';
import type { ProviderDefinition } from '../definition/provider';
import { actionError } from './action-error';
import { findHttpAuthMode, injectCredential } from './auth-injection';
import { resolveServerUrl } from './build-request';
import type { ActionError, ConnectionContext, Credential, UpstreamRequest } from './types';

export interface ProxyCall {
  provider: ProviderDefinition;
  connection: ConnectionContext;
  credential: Credential;
  method: string;
  /** Below the auth mode's server URL, without a leading slash: `api/v2/tickets.json`. */
  path: string;
  /** Raw query string without `?`. */
  query?: string;
}

export type ProxyTarget =
  | {
      ok: true;
      /** The outbound request with the credential injected (no body: the caller streams its own). */
      request: UpstreamRequest;
      /** What the egress guard may allow: the provider's hosts and this connection's own. */
      declaredHosts: ReadonlyArray<string>;
      instanceHosts: string[];
    }
  | { ok: false; error: ActionError };

/**
 * Where a raw proxy call goes and how it is authenticated, from the definition alone: the
 * server of the connection's auth mode filled from its parameters, the provider's default
 * headers, the credential injected as the mode says. It is what makes a provider usable
 * through the proxy before any typed action exists. The result is refused when it would land
 * on a host neither the provider nor the connection declares.
 */
export function buildProxyTarget(call: ProxyCall): ProxyTarget {
  const { provider, connection, credential } = call;
  const found = findHttpAuthMode(provider, credential);
  if (!found.ok) return found;
  const { mode } = found;
  if (call.path.split('/').some((segment) => ['.', '..'].includes(safeDecode(segment)))) {
    return { ok: false, error: actionError('invalid_input', 'path: dot segments are not allowed', { field: 'path' }) };
  }
  const base = resolveServerUrl(provider, mode.server ?? 'default', connection);
  if (!base.ok) return base;

  const url = new URL(`${base.url}/${call.path.replace(/^\/+/, '')}${call.query ? `?${call.query}` : ''}`);
  const instanceHosts = connectionHosts(provider, connection);
  if (!isDeclaredHost(provider.hosts, url.hostname) && !instanceHosts.includes(url.hostname)) {
    return { ok: false, error: actionError('connection_required', `the ${provider.name} connection points at a host the provider does not declare`) };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(provider.defaultHeaders ?? {})) headers[name.toLowerCase()] = value;
  const request: UpstreamRequest = { method: call.method.toUpperCase(), url: url.toString(), headers };
  injectCredential(mode, credential, request);
  return { ok: true, request, declaredHosts: provider.hosts, instanceHosts };
}

/**
 * Hosts this connection itself vouches for: the base URL of a tenant's own installation (a
 * parameter the provider marks `selfHosted`) and operator-allowed server overrides. Any other
 * URL parameter (Salesforce `instance_url`) must already be on one of the provider's hosts.
 */
function connectionHosts(provider: ProviderDefinition, connection: ConnectionContext): string[] {
  const urls = [
    ...Object.entries(connection.params ?? {})
      .filter(([name]) => provider.connectionParams[name]?.selfHosted === true)
      .map(([, value]) => value),
    ...Object.values(connection.serverOverrides ?? {}),
  ];
  const hosts: string[] = [];
  for (const value of urls) {
    if (!/^https?:\/\//.test(value)) continue;
    try {
      hosts.push(new URL(value.replace(/\{[^}]+\}/g, 'x')).hostname);
    } catch {
      // not a URL: it vouches for nothing
    }
  }
  return hosts;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
