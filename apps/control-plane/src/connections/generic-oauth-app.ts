import { isIP } from 'node:net';
import { discoverAuthorizationServer, type HttpTransport } from '@causeway/connectors';
import { classifyAddress, type Resolver } from '@causeway/egress';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';

/** What an admin gives for a generic OAuth 2.0 app: an issuer to discover, explicit URLs, or both. */
export interface GenericEndpointsInput {
  issuer?: string;
  authorizeUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
  apiBaseUrl?: string;
}

/** The endpoints kept on the OAuth app row; `tokenUrl` and `revokeUrl` also go to the secret store. */
export interface GenericEndpoints {
  issuer?: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  /** From discovery: what testConnection calls, since a generic provider has no actions. */
  userinfoUrl?: string;
  apiBaseUrl: string;
}

/**
 * Resolves and checks the endpoints of a tenant's own authorization server. Discovery fills
 * what the admin left out; what the admin set explicitly wins. Every URL must be https on a
 * name or public address: the control plane calls the token and revocation endpoints itself and
 * the data plane calls the token endpoint and the API, so a tenant must not be able to aim them
 * at our own network. Plain http and private or loopback addresses are accepted only where the
 * operator allows upstream overrides (test servers, the embedded default).
 */
export async function resolveGenericEndpoints(
  input: GenericEndpointsInput,
  localAllowed: boolean,
  resolve: Resolver,
  /** The egress-guarded transport for a URL: discovery is a request an admin can aim. */
  transportFor: (url: string) => HttpTransport,
): Promise<GenericEndpoints> {
  const check = (url: string | undefined, field: keyof GenericEndpointsInput) => (url === undefined ? undefined : acceptableUrl(url, field, localAllowed));
  const issuer = check(input.issuer, 'issuer');
  let discovered: Partial<GenericEndpoints> = {};
  if (issuer) {
    await assertPublicHost(issuer, 'issuer', localAllowed, resolve);
    const found = await discoverAuthorizationServer(issuer, { transport: transportFor(issuer) });
    if (!found.ok) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `issuer: ${found.error.message}`, 'issuer');
    discovered = found.value;
  }
  const authorizeUrl = check(input.authorizeUrl ?? discovered.authorizeUrl, 'authorizeUrl');
  const tokenUrl = check(input.tokenUrl ?? discovered.tokenUrl, 'tokenUrl');
  const revokeUrl = check(input.revokeUrl ?? discovered.revokeUrl, 'revokeUrl');
  const apiBaseUrl = check(input.apiBaseUrl ?? issuer, 'apiBaseUrl');
  const userinfoUrl = check(discovered.userinfoUrl, 'issuer');
  if (!authorizeUrl || !tokenUrl) {
    throw new ConnectionsError(
      ConnectionsErrorCode.InvalidInput,
      'a generic OAuth 2.0 app needs an issuer, or authorizeUrl and tokenUrl',
      issuer ? 'authorizeUrl' : 'issuer',
    );
  }
  if (!apiBaseUrl) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'apiBaseUrl: required when no issuer is given', 'apiBaseUrl');
  // Token and revocation calls leave the control plane and the data plane's refresh without the
  // egress guard's per-connection check, so their names must not lead into our network now.
  // (The proxy's calls to apiBaseUrl go through the guard at every call.)
  await assertPublicHost(tokenUrl, 'tokenUrl', localAllowed, resolve);
  if (revokeUrl) await assertPublicHost(revokeUrl, 'revokeUrl', localAllowed, resolve);
  if (userinfoUrl) await assertPublicHost(userinfoUrl, 'issuer', localAllowed, resolve);
  return {
    ...(issuer ? { issuer } : {}),
    authorizeUrl,
    tokenUrl,
    ...(revokeUrl ? { revokeUrl } : {}),
    ...(userinfoUrl ? { userinfoUrl } : {}),
    apiBaseUrl: apiBaseUrl.replace(/\/$/, ''),
  };
}

async function assertPublicHost(url: string, field: string, localAllowed: boolean, resolve: Resolver): Promise<void> {
  if (localAllowed) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return;
  let addresses: ReadonlyArray<{ address: string }>;
  try {
    addresses = await resolve(host);
  } catch {
    throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${field}: ${host} does not resolve`, field);
  }
  if (addresses.length === 0 || addresses.some((a) => classifyAddress(a.address) !== 'public')) {
    throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${field}: ${host} resolves to a private, loopback or reserved address`, field);
  }
}

function acceptableUrl(value: string, field: string, localAllowed: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${field}: not a URL`, field);
  }
  const refuse = (why: string) => {
    throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${field}: ${why}`, field);
  };
  if (url.username || url.password) refuse('credentials in the URL are not allowed');
  if (url.hash) refuse('a fragment is not allowed');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && localAllowed)) refuse('must be https');
  if (!localAllowed) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && classifyAddress(host) !== 'public') refuse('a private, loopback or reserved address is not allowed');
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) refuse('a local name is not allowed');
  }
  return value;
}
