import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ChainVerifier, type Verdict } from '../chain/chain-verifier';
import { checkpointSignatureValid, type SignedCheckpoint } from '../checkpoints/checkpoint';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import { hashBefore, lastPrune } from '../store/chain-anchor';
import { EventReader, UnreadableEventError } from '../store/event-reader';

export interface VerifyRange {
  fromSeq?: number;
  toSeq?: number;
  /** Also check that the search columns still match each event (slower; see event-reader.ts). */
  checkColumns?: boolean;
}

type Broken = Extract<Verdict, { ok: false }>;

/**
 * Recomputes a tenant's chain from the store and checks it against the signed checkpoints.
 * Hashes are recomputed here from the stored bytes; a checkpoint counts only with a valid
 * signature by a key the caller trusts. Safe to run while events are being written: the walk
 * stops at the head read before it, and the reads are ordered so that a legitimate write in
 * between can never look like tampering (checkpoints, then head, then rows).
 */
export class ChainVerification {
  private readonly reader: EventReader;

  constructor(
    private readonly db: DataSource,
    private readonly checkpoints: CheckpointStore,
    /** Public keys whose checkpoint signatures count, by key id. */
    private readonly trustedKeys: ReadonlyMap<string, KeyObject>,
  ) {
    this.reader = new EventReader(db);
  }

  async verify(tenantId: string, range: VerifyRange = {}): Promise<Verdict> {
    const prune = await lastPrune(this.db, tenantId);
    const firstKept = prune ? prune.seq + 1 : 1;
    const checkpoints = await this.checkpoints.inRange(tenantId, firstKept);
    const head = await this.headSeq(tenantId);
    const from = Math.max(range.fromSeq ?? firstKept, firstKept);
    const to = Math.min(range.toSeq ?? Number.MAX_SAFE_INTEGER, Math.max(head, checkpoints.at(-1)?.seq ?? 0));

    if (from > to) return { ok: true, checkedCount: 0, headSeq: to, checkpointsChecked: 0 };
    const anchor = await hashBefore(this.reader, tenantId, from, prune);
    if (!anchor) return { ok: false, brokenAt: from - 1, reason: `sequence ${from - 1} is missing` };
    const { signed, latestSigned } = this.checkSignatures(checkpoints, from, to);
    const verifier = new ChainVerifier({ firstSeq: from, prevHash: anchor }, signed.hashes);
    for (const bad of signed.bad) verifier.breakAhead(bad.brokenAt, bad.reason);

    try {
      walk: for await (const chunk of this.reader.links(tenantId, from, to, { checkColumns: range.checkColumns })) {
        for (const link of chunk) {
          if (!verifier.push(link)) break walk;
          if (link.columnsMatch === false) {
            verifier.fail(link.seq, `the search columns of ${link.seq} no longer match its event`);
            break walk;
          }
        }
      }
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      verifier.fail(error.seq, error.message);
    }

    const mustReach =
      latestSigned !== undefined && latestSigned >= head
        ? { seq: latestSigned, why: `a checkpoint is signed at ${latestSigned}` }
        : { seq: head, why: `the chain head is at ${head}` };
    const verdict = verifier.finish({ seq: Math.min(mustReach.seq, to), why: mustReach.why });
    if (!verdict.ok || range.toSeq !== undefined) return verdict;
    return (await this.rowsBeyondHead(tenantId)) ?? verdict;
  }

  private checkSignatures(checkpoints: SignedCheckpoint[], from: number, to: number) {
    const hashes = new Map<number, Buffer>();
    const bad: Broken[] = [];
    let latestSigned: number | undefined;
    for (const checkpoint of checkpoints) {
      const key = this.trustedKeys.get(checkpoint.keyId);
      const inRange = checkpoint.seq >= from && checkpoint.seq <= to;
      if (!key || !checkpointSignatureValid(checkpoint, key)) {
        const why = key ? 'has an invalid signature' : `is signed by unknown key ${checkpoint.keyId}`;
        if (inRange) bad.push({ ok: false, brokenAt: checkpoint.seq, reason: `the checkpoint at ${checkpoint.seq} ${why}` });
        continue;
      }
      latestSigned = checkpoint.seq;
      if (inRange) hashes.set(checkpoint.seq, Buffer.from(checkpoint.headHash, 'hex'));
    }
    return { signed: { hashes, bad }, latestSigned };
  }

  /** Rows past the head were not written by the writer (which moves the head in the same transaction). */
  private async rowsBeyondHead(tenantId: string): Promise<Broken | undefined> {
    const last = await this.reader.lastSeq(tenantId);
    const head = await this.headSeq(tenantId);
    if (last <= head) return undefined;
    return { ok: false, brokenAt: head + 1, reason: `rows up to ${last} exist beyond the chain head at ${head}` };
  }

  private async headSeq(tenantId: string): Promise<number> {
    const [row]: { seq: string }[] = await this.db.query('SELECT seq FROM audit.chain_heads WHERE tenant_id = $1', [tenantId]);
    return row ? Number(row.seq) : 0;
  }
}
