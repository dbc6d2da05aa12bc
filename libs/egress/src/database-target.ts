import { ipFamily } from './address';
import type { Dialer } from './connector';
import { EgressNetworkError, EgressRefusedError, EgressTimeoutError } from './errors';
import { isMetadataHostname, normalizeHost } from './hosts';
import { judgeAddresses } from './policy';
import { systemResolver, type ResolvedAddress, type Resolver } from './resolver';
import type { EgressSettings } from './settings';

export interface DatabaseTargetOptions {
  settings: EgressSettings;
  resolver?: Resolver;
  /** Test seam, as for the HTTP guard: where an approved connection physically goes. */
  dial?: Dialer;
}

/** Where to open the socket: the checked address, never the name again. */
export interface ApprovedDatabaseTarget {
  address: string;
  port: number;
}

/**
 * The egress check for a connection that is not HTTP (a tenant's PostgreSQL server). The
 * tenant names the host, so it is not a declared host of the connector; what protects the
 * network is the address rule: the name is resolved once, every address must be public or
 * admitted by the operator's EGRESS_ALLOW_PRIVATE (one bad answer refuses the lot), and the
 * caller connects to the address returned here. The name is not resolved a second time, so a
 * DNS answer that changes between the check and the connect (rebinding) reaches nothing.
 */
export function createDatabaseTargetApprover(options: DatabaseTargetOptions): (hostname: string, port: number) => Promise<ApprovedDatabaseTarget> {
  const { settings, dial } = options;
  const resolver = options.resolver ?? systemResolver;
  return async (rawHostname, port) => {
    // A trailing dot names the same host; without it the allow-list and logs see one spelling.
    const hostname = normalizeHost(rawHostname).replace(/\.+$/, '');
    if (!hostname || !Number.isInteger(port) || port < 1 || port > 65_535)
      throw new EgressRefusedError('invalid_url', hostname, 'a database target needs a host and a port between 1 and 65535');
    if (isMetadataHostname(hostname) && !settings.allowPrivate.namesHost(hostname, port)) {
      throw new EgressRefusedError('private_address', hostname, `${hostname} is a cloud metadata service`, 'metadata');
    }
    const family = ipFamily(hostname);
    const addresses: ReadonlyArray<ResolvedAddress> = family
      ? [{ address: hostname, family }]
      : await resolveWithin(resolver, hostname, settings.connectTimeoutMs);
    if (addresses.length === 0) throw new EgressNetworkError('ENOTFOUND', hostname);
    // The protocol is not http, so only the address rule applies (TLS is the driver's sslmode).
    judgeAddresses(hostname, addresses, port, 'postgresql:', settings);
    const first = addresses[0] as ResolvedAddress;
    return dial ? dial({ hostname, address: first.address, family: first.family, port }) : { address: first.address, port };
  };
}

async function resolveWithin(resolver: Resolver, hostname: string, timeoutMs: number): Promise<ReadonlyArray<ResolvedAddress>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EgressTimeoutError('connect', hostname, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([resolver(hostname), timeout]);
  } catch (error) {
    if (error instanceof EgressTimeoutError) throw error;
    throw new EgressNetworkError((error as NodeJS.ErrnoException).code ?? 'ENOTFOUND', hostname);
  } finally {
    clearTimeout(timer);
  }
}
