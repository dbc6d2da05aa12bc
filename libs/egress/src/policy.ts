import { classifyAddress, ipFamily } from './address';
import { EgressRefusedError } from './errors';
import { isMetadataHostname, matchesAnyHost, normalizeHost } from './hosts';
import type { ResolvedAddress } from './resolver';
import type { EgressSettings } from './settings';

/**
 * Where one call may go. The data plane builds it per call from the connector definition and
 * the connection; the operator-wide rules live in `EgressSettings`.
 */
export interface EgressPolicy {
  /** The provider's `hosts`: exact names and `*.example.com` wildcards. */
  declaredHosts: ReadonlyArray<string>;
  /**
   * Hosts verified for this connection: the host of a Salesforce `instance_url`, a Jira site,
   * a server override pointing at a simulator. Hostnames (or IP literals), no scheme, no port.
   */
  instanceHosts?: ReadonlyArray<string>;
  /**
   * Extra header names to drop when a redirect leaves the original origin, e.g. a custom
   * credential header. `authorization`, `proxy-authorization`, `cookie` and names that look like
   * credentials (`x-api-key`, `x-auth-token`) are always dropped.
   */
  sensitiveHeaders?: ReadonlyArray<string>;
}

/** Parses and canonicalizes a target; refuses anything but an absolute http(s) URL without userinfo. */
export function parseTarget(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new EgressRefusedError('invalid_url', '', 'not an absolute URL');
  }
  const host = normalizeHost(url.hostname);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EgressRefusedError('scheme', host, `scheme ${url.protocol.replace(/:$/, '')} is not allowed (only http and https)`);
  }
  if (url.username || url.password) {
    throw new EgressRefusedError('invalid_url', host, `URL for ${host} carries credentials in its authority`);
  }
  if (!host) throw new EgressRefusedError('invalid_url', '', 'URL has no host');
  if (url.port === '0') throw new EgressRefusedError('invalid_url', host, `port 0 for ${host}`);
  // A trailing dot names the same host but would change SNI and certificate matching.
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.replace(/\.+$/, '');
  url.hash = '';
  return url;
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * The checks that need no DNS: scheme rule `never`, declaration, metadata names, and IP
 * literals (checked here too so the refusal comes before any connection attempt).
 */
export function checkTarget(url: URL, policy: EgressPolicy, settings: EgressSettings): void {
  const host = normalizeHost(url.hostname);
  const port = portOf(url);
  if (url.protocol === 'http:' && settings.plainHttp === 'never') {
    throw new EgressRefusedError('scheme', host, `plain http to ${host} is not allowed`);
  }
  if (!matchesAnyHost(policy.declaredHosts, host) && !matchesAnyHost(policy.instanceHosts, host)) {
    throw new EgressRefusedError('host_not_declared', host, `${host} is not a declared host of this connector or connection`);
  }
  if (isMetadataHostname(host) && !settings.allowPrivate.namesHost(host, port)) {
    throw new EgressRefusedError('private_address', host, `${host} is a cloud metadata service`, 'metadata');
  }
  const family = ipFamily(host);
  if (family !== undefined) judgeAddresses(host, [{ address: host, family }], port, url.protocol, settings);
}

/**
 * The check applied to every connection after resolution: every address must be public or
 * admitted by the operator allow-list (one bad answer refuses the lot: a mixed answer is what
 * a rebinding attacker sends), and plain http only goes to admitted non-public destinations.
 */
export function judgeAddresses(hostname: string, addresses: ReadonlyArray<ResolvedAddress>, port: number, protocol: string, settings: EgressSettings): void {
  const host = normalizeHost(hostname);
  let everyAddressAllowedPrivate = addresses.length > 0;
  for (const { address } of addresses) {
    const category = classifyAddress(address);
    if (category === 'public') {
      everyAddressAllowedPrivate = false;
      continue;
    }
    if (!settings.allowPrivate.admits({ hostname: host, address, port, category })) {
      const what = ipFamily(host) === undefined ? 'resolves to' : 'is';
      throw new EgressRefusedError('private_address', host, `${host} ${what} a non-public address (${category})`, category);
    }
  }
  if (protocol === 'http:') {
    const allowed = settings.plainHttp === 'always' || (settings.plainHttp === 'allowed_private' && everyAddressAllowedPrivate);
    if (!allowed) {
      throw new EgressRefusedError('scheme', host, `plain http to ${host} is not allowed (https is required except for operator-allowed private targets)`);
    }
  }
}
