import { hash } from 'node:crypto';

/** The `prevHash` of a tenant's first event: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

// One reusable input buffer and the one-shot hash: verification hashes a million events, and a
// Hash object plus a concatenation per event cost about a third more.
let scratch = Buffer.alloc(64 * 1024);

/** `SHA-256(prevHash ‖ UTF-8 bytes of the canonical JSON of the event)`. */
export function chainHash(prevHash: Buffer, canonicalEvent: string): Buffer {
  const needed = prevHash.length + Buffer.byteLength(canonicalEvent, 'utf8');
  if (needed > scratch.length) scratch = Buffer.alloc(needed * 2);
  prevHash.copy(scratch, 0);
  const written = scratch.write(canonicalEvent, prevHash.length, 'utf8');
  return hash('sha256', scratch.subarray(0, prevHash.length + written), 'buffer');
}

/** One link as stored: the tenant's sequence number, its predecessor's hash and its own. */
export interface ChainLink {
  seq: number;
  prevHash: Buffer;
  hash: Buffer;
  /** The canonical JSON text that was hashed. */
  canonicalEvent: string;
}

/**
 * Extends a tenant's chain from its head: each event takes the next sequence number and
 * links to the hash before it. Pure, so the store and the tests share one definition.
 */
export function extendChain(head: { seq: number; hash: Buffer }, canonicalEvents: string[]): ChainLink[] {
  const links: ChainLink[] = [];
  let { seq, hash } = head;
  for (const canonicalEvent of canonicalEvents) {
    const next = chainHash(hash, canonicalEvent);
    seq += 1;
    links.push({ seq, prevHash: hash, hash: next, canonicalEvent });
    hash = next;
  }
  return links;
}
