import { ipFamily } from './address';

/**
 * The form hosts are compared in: lower case, no trailing dot, IPv6 without brackets. The URL
 * parser has already turned numeric tricks (`2130706433`, `0x7f.1`, `127.1`) into dotted quads.
 */
export function normalizeHost(host: string): string {
  let out = host.trim().toLowerCase();
  if (out.startsWith('[') && out.endsWith(']')) out = out.slice(1, -1);
  while (out.endsWith('.')) out = out.slice(0, -1);
  return out;
}

/**
 * `api.github.com` matches itself; `*.my.salesforce.com` matches any subdomain but not the apex
 * (the connectors library's `isDeclaredHost` has the same rule). Wildcards never match IP literals.
 */
export function matchesHostPattern(pattern: string, host: string): boolean {
  const p = normalizeHost(pattern);
  const h = normalizeHost(host);
  if (p.startsWith('*.')) {
    if (ipFamily(h) !== undefined) return false;
    const suffix = p.slice(1);
    return h.endsWith(suffix) && h.length > suffix.length;
  }
  return p === h;
}

export function matchesAnyHost(patterns: ReadonlyArray<string> | undefined, host: string): boolean {
  return (patterns ?? []).some((pattern) => matchesHostPattern(pattern, host));
}

/**
 * Names of cloud metadata services. They resolve to link-local addresses anyway, but refusing
 * the name means a resolver that maps them somewhere unexpected cannot help an attacker.
 */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

export function isMetadataHostname(host: string): boolean {
  return METADATA_HOSTS.has(normalizeHost(host));
}
