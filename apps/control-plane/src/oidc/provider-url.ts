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

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

/** Issuers compare exactly (OIDC Discovery §4.3), but an admin may type a trailing slash or not. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
