import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '@causeway/contracts';
import { ChainVerifier, type Verdict } from '../chain/chain-verifier';
import { checkpointSignatureValid, type SignedCheckpoint } from '../checkpoints/checkpoint';
import { keyIdOf } from '../checkpoints/signing-key';
import type { CheckpointLine, EventLine, SegmentLine } from './export-format';

export type ExportVerdict = Verdict & { tenantId?: string };

/**
 * Verifies an NDJSON export offline, with nothing but the file and the service's public key:
 * recomputes every hash from the event (canonicalised again, so the file's own formatting is
 * not trusted), checks sequence continuity from the segment's first to its last sequence, and
 * each checkpoint's signature and hash. What came before the segment cannot be seen from the
 * file, so its first `prevHash` is the anchor.
 */
export async function verifyExport(lines: AsyncIterable<string>, publicKey: KeyObject): Promise<ExportVerdict> {
  const keyId = keyIdOf(publicKey);
  let segment: SegmentLine | undefined;
  let verifier: ChainVerifier | undefined;
  const signed = new Map<number, Buffer>();
  const pendingBreaks: { seq: number; reason: string }[] = [];
  let lineNo = 0;
  let lastSeq = 0;

  for await (const raw of lines) {
    lineNo += 1;
    if (raw.trim() === '') continue;
    let line: SegmentLine | CheckpointLine | EventLine;
    try {
      line = JSON.parse(raw);
    } catch {
      return { ok: false, brokenAt: lastSeq + 1, reason: `line ${lineNo} is not JSON` };
    }
    if (!segment) {
      if (line.kind !== 'segment') return { ok: false, brokenAt: 0, reason: 'the file does not start with a segment line' };
      segment = line;
      continue;
    }
    if (line.kind === 'checkpoint') {
      if (verifier) return { ok: false, brokenAt: lastSeq + 1, reason: `line ${lineNo}: checkpoint after the first event` };
      const problem = checkpointProblem(line, segment, publicKey, keyId);
      if (problem) pendingBreaks.push({ seq: line.seq, reason: problem });
      else signed.set(line.seq, Buffer.from(line.headHash, 'hex'));
      continue;
    }
    if (line.kind !== 'event') return { ok: false, brokenAt: lastSeq + 1, reason: `line ${lineNo}: unknown kind` };
    if (!verifier) {
      verifier = new ChainVerifier({ firstSeq: segment.fromSeq ?? 1 }, signed);
      for (const b of pendingBreaks) verifier.breakAhead(b.seq, b.reason);
    }
    let canonicalEvent: string;
    try {
      canonicalEvent = canonicalJson(line.event);
    } catch (error) {
      return { ok: false, brokenAt: line.seq, reason: `the event at ${line.seq} is not canonicalisable: ${(error as Error).message}` };
    }
    if (line.event?.tenantId !== segment.tenantId) {
      return { ok: false, brokenAt: line.seq, reason: `the event at ${line.seq} belongs to another tenant` };
    }
    const ok = verifier.push({
      seq: line.seq,
      prevHash: Buffer.from(String(line.prevHash), 'hex'),
      hash: Buffer.from(String(line.hash), 'hex'),
      canonicalEvent,
    });
    if (!ok) break;
    lastSeq = line.seq;
  }

  if (!segment) return { ok: false, brokenAt: 0, reason: 'the file is empty' };
  if (segment.fromSeq === null || segment.toSeq === null) {
    return verifier
      ? { ok: false, brokenAt: lastSeq, reason: 'events present in an export that declares none' }
      : { ok: true, checkedCount: 0, headSeq: 0, checkpointsChecked: 0, tenantId: segment.tenantId };
  }
  if (!verifier) {
    verifier = new ChainVerifier({ firstSeq: segment.fromSeq }, signed);
    for (const b of pendingBreaks) verifier.breakAhead(b.seq, b.reason);
  }
  const lastSigned = Math.max(0, ...signed.keys());
  const verdict = verifier.finish(
    lastSigned > segment.toSeq
      ? { seq: lastSigned, why: `a checkpoint is signed at ${lastSigned}` }
      : { seq: segment.toSeq, why: `the segment declares events up to ${segment.toSeq}` },
  );
  return { ...verdict, tenantId: segment.tenantId };
}

function checkpointProblem(checkpoint: SignedCheckpoint, segment: SegmentLine, publicKey: KeyObject, keyId: string): string | undefined {
  if (checkpoint.tenantId !== segment.tenantId) return `the checkpoint at ${checkpoint.seq} belongs to another tenant`;
  if (checkpoint.keyId !== keyId) return `the checkpoint at ${checkpoint.seq} is signed by key ${checkpoint.keyId}, not ${keyId}`;
  if (!checkpointSignatureValid(checkpoint, publicKey)) return `the checkpoint at ${checkpoint.seq} has an invalid signature`;
  return undefined;
}
