import { isIPv4, isIPv6 } from 'node:net';

/**
 * What an IP address is, as far as egress is concerned. Everything but `public` is refused
 * unless the operator allow-list names it.
 */
export type AddressCategory = 'public' | 'loopback' | 'private' | 'link_local' | 'metadata' | 'shared' | 'unspecified' | 'multicast' | 'broadcast' | 'reserved';

type Range<T> = readonly [base: T, prefix: number, category: AddressCategory];

/**
 * First match wins, so the specific entries (metadata endpoints) sit above the blocks that
 * contain them. Sources: RFC 6890 special-purpose registry plus the cloud metadata endpoints.
 */
const ipv4Ranges: ReadonlyArray<Range<number>> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  // AWS/GCP/Azure/Oracle/OpenStack instance metadata, AWS ECS task credentials.
  ['169.254.169.254', 32, 'metadata'],
  ['169.254.170.2', 32, 'metadata'],
  ['169.254.0.0', 16, 'link_local'],
  // Alibaba Cloud metadata lives inside the CGNAT block.
  ['100.100.100.200', 32, 'metadata'],
  ['100.64.0.0', 10, 'shared'],
  // Azure's platform endpoint (WireServer): a public-looking address that is the host itself.
  ['168.63.129.16', 32, 'metadata'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
].map(([base, prefix, category]) => [ipv4ToNumber(base as string)!, prefix as number, category as AddressCategory] as const);

const ipv6Ranges: ReadonlyArray<Range<bigint>> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'metadata'],
  ['64:ff9b:1::', 48, 'private'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link_local'],
  // Deprecated site-local: treated like unique-local.
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
].map(([base, prefix, category]) => [ipv6ToBigInt(base as string)!, prefix as number, category as AddressCategory] as const);

/** Prefixes whose last 32 bits (or, for 6to4, bits 16-47) are an IPv4 address the packet ends up at. */
const MAPPED = ipv6ToBigInt('::ffff:0:0')!; // ::ffff:a.b.c.d, the socket API's IPv4 in IPv6
const TRANSLATED = ipv6ToBigInt('::ffff:0:0:0')!; // SIIT
const COMPATIBLE = 0n; // ::a.b.c.d, deprecated but still routed by some stacks
const NAT64 = ipv6ToBigInt('64:ff9b::')!;
const SIX_TO_FOUR = ipv6ToBigInt('2002::')!;
const GLOBAL_UNICAST = ipv6ToBigInt('2000::')!;

/**
 * Classifies a literal IP address (v4, or v6 with or without a zone id). Anything that is not
 * a well-formed literal is `reserved`, so a resolver that returns garbage is refused, not trusted.
 */
export function classifyAddress(address: string): AddressCategory {
  const v4 = ipv4ToNumber(address);
  if (v4 !== undefined) return classifyIpv4(v4);
  const v6 = ipv6ToBigInt(address);
  if (v6 === undefined) return 'reserved';
  return classifyIpv6(v6);
}

/** The IPv4 address an IPv4-mapped IPv6 literal (`::ffff:7f00:1`) stands for, if it is one. */
export function unmapIpv4(address: string): string | undefined {
  const v6 = ipv6ToBigInt(address);
  if (v6 === undefined || !inPrefix(v6, MAPPED, 96, 128)) return undefined;
  return numberToIpv4(Number(v6 & 0xffffffffn));
}

/** 4 or 6 for a literal (a zone id is allowed on v6), undefined otherwise. */
export function ipFamily(address: string): 4 | 6 | undefined {
  if (isIPv4(address)) return 4;
  if (isIPv6(stripZone(address))) return 6;
  return undefined;
}

function classifyIpv4(value: number): AddressCategory {
  for (const [base, prefix, category] of ipv4Ranges) {
    if (inPrefix(BigInt(value), BigInt(base), prefix, 32)) return category;
  }
  return 'public';
}

function classifyIpv6(value: bigint): AddressCategory {
  // Addresses that carry an IPv4 destination are as dangerous as that destination. For 6to4
  // and NAT64 a public embedded address is a legitimate route; for the others it is not.
  if (inPrefix(value, MAPPED, 96, 128) || inPrefix(value, TRANSLATED, 96, 128)) {
    return classifyIpv4(Number(value & 0xffffffffn));
  }
  if (value > 1n && inPrefix(value, COMPATIBLE, 96, 128)) {
    const embedded = classifyIpv4(Number(value & 0xffffffffn));
    return embedded === 'public' ? 'reserved' : embedded;
  }
  if (inPrefix(value, NAT64, 96, 128)) return classifyIpv4(Number(value & 0xffffffffn));
  if (inPrefix(value, SIX_TO_FOUR, 16, 128)) return classifyIpv4(Number((value >> 80n) & 0xffffffffn));
  for (const [base, prefix, category] of ipv6Ranges) {
    if (inPrefix(value, base, prefix, 128)) return category;
  }
  return inPrefix(value, GLOBAL_UNICAST, 3, 128) ? 'public' : 'reserved';
}

export function inPrefix(value: bigint, base: bigint, prefix: number, width: 32 | 128): boolean {
  if (prefix === 0) return true;
  const shift = BigInt(width - prefix);
  return value >> shift === base >> shift;
}

/** Strict dotted-quad only: the URL parser has already turned `0x7f.1` and friends into this form. */
export function ipv4ToNumber(text: string): number | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function numberToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function ipv6ToBigInt(text: string): bigint | undefined {
  const address = stripZone(text);
  if (!isIPv6(address)) return undefined;
  let head = address;
  let tail = '';
  const doubleColon = address.indexOf('::');
  if (doubleColon >= 0) {
    head = address.slice(0, doubleColon);
    tail = address.slice(doubleColon + 2);
  }
  const groups = (part: string): number[] => {
    if (!part) return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = ipv4ToNumber(piece);
        if (v4 === undefined) return [NaN];
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const first = groups(head);
  const last = groups(tail);
  const missing = 8 - first.length - last.length;
  if (missing < 0 || (doubleColon < 0 && missing !== 0)) return undefined;
  const all = [...first, ...new Array<number>(missing).fill(0), ...last];
  if (all.some((group) => Number.isNaN(group))) return undefined;
  return all.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

export function stripZone(address: string): string {
  const percent = address.indexOf('%');
  return percent >= 0 ? address.slice(0, percent) : address;
}
