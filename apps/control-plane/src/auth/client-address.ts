import { BlockList, isIP } from 'node:net';

/** Parses `10.0.0.0/8`, `::1/128` or a bare address; null when it is neither. */
function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address, bits] = entry.trim().split('/');
  const version = isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function isCidr(entry: string): boolean {
  return parseCidr(entry) !== null;
}

/** The reverse proxies whose X-Forwarded-For we believe (operator's TRUSTED_PROXIES). */
export function trustedProxies(cidrs: ReadonlyArray<string>): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (!parsed) throw new Error(`TRUSTED_PROXIES: "${cidr}" is not an address or CIDR`);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

const unmapped = (address: string) => (address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

function isTrusted(address: string, proxies: BlockList): boolean {
  const version = isIP(address);
  return version !== 0 && proxies.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Who is signing in, for per-address throttling. X-Forwarded-For is read only when the peer
 * is a trusted proxy, and then from the right: each trusted hop appended what it saw, so the
 * right-most untrusted entry is the client; anything left of it the client may have forged.
 */
export function clientAddress(peerIn: string | undefined, forwardedFor: string | string[] | undefined, proxies: BlockList): string {
  const peer = unmapped(peerIn ?? 'unknown');
  if (!isTrusted(peer, proxies)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => unmapped(hop.trim()))
    .filter(Boolean);
  let nearest = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return nearest;
    if (!isTrusted(hops[i], proxies)) return hops[i];
    nearest = hops[i];
  }
  return nearest;
}
