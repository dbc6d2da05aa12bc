import { chainHash } from './hash-chain';

/** What the verifier needs of a link; `prevHash` only where a copy of it travels (exports). */
export interface VerifiableLink {
  seq: number;
  hash: Buffer;
  canonicalEvent: string;
  prevHash?: Buffer;
}

export type Verdict = { ok: true; checkedCount: number; headSeq: number; checkpointsChecked: number } | { ok: false; brokenAt: number; reason: string };

export interface ChainStart {
  /** The sequence number the range must begin with. */
  firstSeq: number;
  /**
   * The hash the first link must point back to. Absent for a segment whose predecessor the
   * verifier cannot see (an export): the first link's `prevHash` is taken as the anchor.
   */
  prevHash?: Buffer;
}

/**
 * Walks a chain link by link, in sequence order, and stops at the first broken link: a
 * missing or repeated sequence number, a `prevHash` that is not the previous link's hash, a
 * hash that does not match `SHA-256(prevHash ‖ canonical event)`, or a hash that differs from
 * a signed checkpoint at that sequence. Online and offline verification share it.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private expectedPrev?: Buffer;
  private checked = 0;
  private checkpointsChecked = 0;
  private broken?: { brokenAt: number; reason: string };
  /** A break known before walking (a checkpoint with a bad signature); reported unless an earlier one shows. */
  private known?: { brokenAt: number; reason: string };

  constructor(
    start: ChainStart,
    /** Signature-checked checkpoints by sequence: the hash each one signed. */
    private readonly checkpoints: ReadonlyMap<number, Buffer> = new Map(),
  ) {
    this.expectedSeq = start.firstSeq;
    this.expectedPrev = start.prevHash;
  }

  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  /** Checks the next link; false once the chain is broken (feeding more is pointless). */
  push(link: VerifiableLink): boolean {
    if (this.broken) return false;
    if (this.known && link.seq >= this.known.brokenAt) return this.fail(this.known.brokenAt, this.known.reason);
    if (link.seq !== this.expectedSeq) {
      return this.fail(
        Math.min(link.seq, this.expectedSeq),
        link.seq > this.expectedSeq
          ? `sequence ${this.expectedSeq} is missing (next stored is ${link.seq})`
          : `sequence ${link.seq} appears again or out of order`,
      );
    }
    if (this.expectedPrev && link.prevHash && !link.prevHash.equals(this.expectedPrev)) {
      return this.fail(link.seq, `prevHash does not match the hash of sequence ${link.seq - 1}`);
    }
    const prev = this.expectedPrev ?? link.prevHash;
    if (!prev) return this.fail(link.seq, 'nothing to link the first event to: prevHash is missing');
    if (!chainHash(prev, link.canonicalEvent).equals(link.hash)) {
      return this.fail(link.seq, `hash does not match SHA-256(hash of ${link.seq - 1} ‖ event): the event, its hash or its place in the chain was altered`);
    }
    const signed = this.checkpoints.get(link.seq);
    if (signed) {
      if (!signed.equals(link.hash)) {
        return this.fail(link.seq, `hash differs from the signed checkpoint at ${link.seq}: the chain up to here was rewritten`);
      }
      this.checkpointsChecked += 1;
    }
    this.checked += 1;
    this.expectedSeq = link.seq + 1;
    this.expectedPrev = link.hash;
    return true;
  }

  /** Records a break found outside the link itself (a column that disagrees with its event). */
  fail(brokenAt: number, reason: string): false {
    if (!this.broken || brokenAt < this.broken.brokenAt) this.broken = { brokenAt, reason };
    return false;
  }

  /** Notes a break at a later sequence; links before it are still checked. */
  breakAhead(brokenAt: number, reason: string): void {
    if (!this.known || brokenAt < this.known.brokenAt) this.known = { brokenAt, reason };
  }

  /**
   * The verdict. `mustReach` is the last sequence the range must contain (the head, or the
   * latest signed checkpoint): a chain that stops short of it was cut off.
   */
  finish(mustReach?: { seq: number; why: string }): Verdict {
    if (!this.broken && mustReach && this.expectedSeq <= mustReach.seq) {
      this.fail(this.expectedSeq, `the chain ends at ${this.expectedSeq - 1} but ${mustReach.why}: the tail was truncated`);
    }
    if (this.known) this.fail(this.known.brokenAt, this.known.reason);
    if (this.broken) return { ok: false, ...this.broken };
    return { ok: true, checkedCount: this.checked, headSeq: this.expectedSeq - 1, checkpointsChecked: this.checkpointsChecked };
  }
}
