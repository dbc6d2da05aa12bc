import type { ConnectionOptions } from 'node:tls';
import { buildConnector } from 'undici';
import { ipFamily } from './address';
import { EgressNetworkError, EgressTimeoutError, isEgressError } from './errors';
import { normalizeHost } from './hosts';
import { judgeAddresses } from './policy';
import type { ResolvedAddress, Resolver } from './resolver';
import type { EgressSettings } from './settings';

/** An approved destination, and (for tests) where the socket should really go. */
export interface DialTarget {
  hostname: string;
  address: string;
  family: 4 | 6;
  port: number;
}

/**
 * Rewrites where an approved connection physically goes. Tests use it to send a "public"
 * address to a loopback server so no packet ever leaves the machine; production leaves it unset.
 */
export type Dialer = (target: DialTarget) => { address: string; port: number };

export interface GuardedConnectorOptions {
  settings: EgressSettings;
  resolver: Resolver;
  dial?: Dialer;
  /** Extra TLS options, e.g. `ca` for an internal Jira signed by a corporate CA. */
  tls?: Pick<ConnectionOptions, 'ca' | 'minVersion'>;
}

/**
 * The undici connector that makes DNS rebinding impossible: for every new socket it resolves
 * the host once, judges every address, and connects to the first one by IP. The name keeps
 * travelling as the Host header and as TLS SNI, and the certificate is verified against the
 * name, so nothing changes for the upstream; but there is no second resolution for an
 * attacker's DNS server to answer differently. Pooled sockets were judged when they opened.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { settings, resolver, dial } = options;
  const connect = buildConnector({ timeout: settings.connectTimeoutMs, ...options.tls });

  return (connectOptions, callback) => {
    const hostname = normalizeHost(connectOptions.hostname);
    const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
    approve(hostname, port, connectOptions.protocol).then(
      (approved) => {
        let target: { address: string; port: number };
        try {
          target = dial ? dial({ hostname, ...approved, port }) : { address: approved.address, port };
        } catch (error) {
          callback(sanitize(error, hostname, settings), null);
          return;
        }
        // `host` (name:port) stays as it was: undici derives the SNI servername from it.
        connect({ ...connectOptions, hostname: target.address, port: String(target.port) }, (error, socket) => {
          if (error) callback(sanitize(error, hostname, settings), null);
          else callback(null, socket!);
        });
      },
      (error: unknown) => callback(sanitize(error, hostname, settings), null),
    );
  };

  async function approve(hostname: string, port: number, protocol: string): Promise<ResolvedAddress> {
    const family = ipFamily(hostname);
    const addresses = family ? [{ address: hostname, family }] : await resolveWithin(hostname, settings.connectTimeoutMs);
    if (addresses.length === 0) throw new EgressNetworkError('ENOTFOUND', hostname);
    judgeAddresses(hostname, addresses, port, protocol, settings);
    return addresses[0];
  }

  async function resolveWithin(hostname: string, timeoutMs: number): Promise<ReadonlyArray<ResolvedAddress>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EgressTimeoutError('connect', hostname, timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([resolver(hostname), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Node's connect errors name the IP they tried; the caller only ever sees the host. */
function sanitize(error: unknown, hostname: string, settings: EgressSettings): Error {
  if (isEgressError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new EgressTimeoutError('connect', hostname, settings.connectTimeoutMs);
  // TLS verification failures keep their own code so operators can tell them from outages.
  return new EgressNetworkError(code ?? 'ECONNECT', hostname);
}
