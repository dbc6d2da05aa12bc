import type { SignedCheckpoint } from '../checkpoints/checkpoint';

/**
 * The NDJSON export: one JSON object per line, in this order.
 *
 *   {"kind":"segment", "version":1, "tenantId", "from", "to", "fromSeq", "toSeq", "exportedAt"}
 *   {"kind":"checkpoint", ...SignedCheckpoint}            every checkpoint with fromSeq <= seq <= toSeq
 *   {"kind":"event", "seq", "prevHash", "hash", "storedAt", "event"}   in sequence order
 *
 * `event` is the stored canonical JSON, written verbatim, so an offline verifier recomputes
 * `hash = SHA-256(prevHash ‖ canonical JSON of event)` from the file alone. `prevHash` of the
 * first event is the hash of the event before the segment (the anchor); of the others, the
 * hash on the line before.
 */
export interface SegmentLine {
  kind: 'segment';
  version: 1;
  tenantId: string;
  from: string | null;
  to: string | null;
  /** Null when no event occurred in the range. */
  fromSeq: number | null;
  toSeq: number | null;
  exportedAt: string;
}

export type CheckpointLine = { kind: 'checkpoint' } & SignedCheckpoint;

export interface EventLine {
  kind: 'event';
  seq: number;
  prevHash: string;
  hash: string;
  storedAt: string;
  event: Record<string, unknown>;
}

export function eventLine(link: { seq: number; prevHash: Buffer; hash: Buffer; storedAt?: string; canonicalEvent: string }): string {
  // Built by hand so the canonical text is embedded byte for byte, not re-serialised.
  return (
    `{"kind":"event","seq":${link.seq},"prevHash":"${link.prevHash.toString('hex')}",` +
    `"hash":"${link.hash.toString('hex')}","storedAt":${JSON.stringify(link.storedAt ?? null)},"event":${link.canonicalEvent}}\n`
  );
}
