import { isIPv4, isIPv6 } from 'node:net';
import { inPrefix, ipv4ToNumber, ipv6ToBigInt, stripZone, unmapIpv4, type AddressCategory } from './address';
import { matchesHostPattern, normalizeHost } from './hosts';

/**
 * One operator allow-list entry. It says "this non-public destination may be reached"; it never
 * makes an undeclared host reachable, that is the connector's declaration's job.
 */
export type AllowEntry =
  { kind: 'cidr'; family: 4 | 6; base: bigint; prefix: number; port?: number; text: string } | { kind: 'host'; pattern: string; port?: number; text: string };

/** Raised for an entry that does not parse; the message names the entry, never anything else. */
export class AllowListError extends Error {
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(`entry "${entry}": ${reason}`);
    this.name = 'AllowListError';
  }
}

export interface AllowTarget {
  /** The URL's host, normalized. */
  hostname: string;
  /** The resolved address about to be connected to. */
  address: string;
  port: number;
  category: AddressCategory;
}

/**
 * The operator's list of non-public destinations that may be reached, e.g.
 * `127.0.0.1/32,::1/128` for the embedded simulators, `10.20.0.0/16:443` for an on-premises
 * Jira subnet, or `jira.corp.example:8443` for one internal host whatever it resolves to.
 *
 * Entries (comma separated):
 * - an address or CIDR: `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`
 * - the same with a port: `127.0.0.1:5100`, `10.0.0.0/8:443`, `[::1]:5100`, `[fd00::/8]:443`
 * - a hostname or `*.` wildcard, optionally with a port: `jira.corp.example`, `*.corp.example:443`
 *
 * Cloud metadata addresses (169.254.169.254, fd00:ec2::254, 100.100.100.200, ...) are admitted
 * only by an entry naming that exact address: `169.254.0.0/16` or a hostname entry does not
 * expose them by accident.
 */
export class AllowList {
  static readonly none = new AllowList([]);

  private constructor(readonly entries: ReadonlyArray<AllowEntry>) {}

  static parse(input: string | ReadonlyArray<string>): AllowList {
    const items = typeof input === 'string' ? input.split(',') : input;
    const entries = items
      .map((item) => item.trim())
      .filter((item) => item.length > 0)
      .map(parseEntry);
    return new AllowList(entries);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Whether a connection to a non-public address is allowed. */
  admits(target: AllowTarget): boolean {
    return this.entries.some((entry) => entryAdmits(entry, target));
  }

  /** Whether a metadata hostname (`metadata.google.internal`) is named by an exact host entry. */
  namesHost(hostname: string, port: number): boolean {
    const host = normalizeHost(hostname);
    return this.entries.some((entry) => entry.kind === 'host' && !entry.pattern.startsWith('*.') && entry.pattern === host && portMatches(entry, port));
  }

  toString(): string {
    return this.entries.map((entry) => entry.text).join(',');
  }
}

function entryAdmits(entry: AllowEntry, target: AllowTarget): boolean {
  if (!portMatches(entry, target.port)) return false;
  if (entry.kind === 'host') {
    return target.category !== 'metadata' && matchesHostPattern(entry.pattern, target.hostname);
  }
  if (target.category === 'metadata' && entry.prefix !== (entry.family === 4 ? 32 : 128)) return false;
  // An IPv4-mapped IPv6 address reaches the same IPv4 host, so IPv4 entries cover it.
  const candidates = [target.address, unmapIpv4(target.address)].filter((a): a is string => a !== undefined);
  return candidates.some((address) => {
    const value = entry.family === 4 ? toBig(ipv4ToNumber(address)) : ipv6ToBigInt(address);
    return value !== undefined && inPrefix(value, entry.base, entry.prefix, entry.family === 4 ? 32 : 128);
  });
}

function portMatches(entry: AllowEntry, port: number): boolean {
  return entry.port === undefined || entry.port === port;
}

function toBig(value: number | undefined): bigint | undefined {
  return value === undefined ? undefined : BigInt(value);
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function parseEntry(text: string): AllowEntry {
  let body = text;
  let port: number | undefined;
  if (text.includes('://')) {
    throw new AllowListError(text, 'write an address, CIDR or hostname (optionally :port), not a URL');
  }

  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    body = bracketed[1];
    if (bracketed[2] !== undefined) port = parsePort(text, bracketed[2]);
    const cidr = parseCidr(text, body);
    if (!cidr || cidr.family !== 6) throw new AllowListError(text, 'brackets are for IPv6 addresses, e.g. [::1]:5100');
    return { ...cidr, port, text };
  }

  // Unbracketed IPv6 cannot carry a port; anything with two or more colons is IPv6.
  if ((text.match(/:/g) ?? []).length >= 2) {
    const cidr = parseCidr(text, text);
    if (!cidr) throw new AllowListError(text, 'not an IPv6 address or CIDR (write [addr]:port to add a port)');
    return { ...cidr, text };
  }

  const colon = text.lastIndexOf(':');
  if (colon >= 0) {
    body = text.slice(0, colon);
    port = parsePort(text, text.slice(colon + 1));
  }

  const cidr = parseCidr(text, body);
  if (cidr) return { ...cidr, port, text };

  const host = body.toLowerCase();
  if (/^[0-9./]+$/.test(host) || /^0x/i.test(host)) {
    throw new AllowListError(text, 'not a valid IPv4 address or CIDR (write addresses as dotted quads, e.g. 127.0.0.1/32)');
  }
  const labels = (host.startsWith('*.') ? host.slice(2) : host).split('.');
  if (host.endsWith('.') || !labels.every((label) => HOST_LABEL.test(label))) {
    throw new AllowListError(text, 'not an address, CIDR or hostname');
  }
  return { kind: 'host', pattern: host, port, text };
}

function parseCidr(entry: string, body: string): Omit<Extract<AllowEntry, { kind: 'cidr' }>, 'text' | 'port'> | undefined {
  const slash = body.indexOf('/');
  const address = slash >= 0 ? body.slice(0, slash) : body;
  const prefixText = slash >= 0 ? body.slice(slash + 1) : undefined;
  let family: 4 | 6;
  let base: bigint;
  if (isIPv4(address)) {
    family = 4;
    base = BigInt(ipv4ToNumber(address)!);
  } else if (isIPv6(address) && stripZone(address) === address) {
    family = 6;
    base = ipv6ToBigInt(address)!;
  } else {
    if (slash >= 0) throw new AllowListError(entry, `"${address}" is not an IP address`);
    return undefined;
  }
  const width = family === 4 ? 32 : 128;
  let prefix = width;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
      throw new AllowListError(entry, `prefix length must be between 0 and ${width}`);
    }
    prefix = Number(prefixText);
  }
  return { kind: 'cidr', family, base, prefix };
}

function parsePort(entry: string, text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new AllowListError(entry, 'port must be between 1 and 65535');
  }
  return Number(text);
}
