import { isIP } from 'node:net';

/**
 * Identity-provider URLs must use https: tokens and client secrets travel over them. Loopback
 * hosts are the one exception, for providers run next to the control plane (and in tests).
 * Returns why a URL is unacceptable, or null when it is fine.
 */
export function providerUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return null;
  return 'must use https (plain http is allowed for loopback hosts only)';
}

/**
 * An issuer is an https URL with no query or fragment (OIDC Discovery §4.1: "https scheme
 * with no query or fragment components"); a trailing `?` would otherwise decide which path the
 * discovery request reads.
 */
export function issuerProblem(value: string): string | null {
  const problem = providerUrlProblem(value);
  if (problem) return problem;
  return new URL(value).search || value.includes('?') ? 'must not have a query string' : null;
}

/**
 * Whether a host names this machine in any spelling the URL parser leaves (decimal, hex and
 * octal IPv4 arrive here as dotted quads already): `localhost` with or without its trailing
 * dot, 127/8, `::1`, IPv4-mapped IPv6 of those, and the unspecified addresses, which connect
 * to loopback. Plain http to such a host is allowed past this check only so that the egress
 * guard decides, with its one answer, whether the operator allows it.
 */
export function isLoopback(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIP(host) !== 6) return false;
  if (host === '::1' || host === '::') return true;
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):[0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return false;
  return mapped[1] ? isLoopback(mapped[1]) : parseInt(mapped[2]!, 16) >> 8 === 127;
}

/** Issuers compare exactly (OIDC Discovery §4.3), but an admin may type a trailing slash or not. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
