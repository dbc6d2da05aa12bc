import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@causeway/contracts';
import type { SigningKey } from './signing-key';

/** What a checkpoint states: tenant `tenantId`'s chain had `headHash` at `seq` at `createdAt`. */
export interface CheckpointClaim {
  tenantId: string;
  seq: number;
  /** Lower-case hex of the hash of event `seq`. */
  headHash: string;
  /** ISO 8601, milliseconds, UTC. */
  createdAt: string;
}

export interface SignedCheckpoint extends CheckpointClaim {
  keyId: string;
  /** Base64 Ed25519 signature over `checkpointMessage(claim)`. */
  signature: string;
}

/**
 * The bytes signed: the canonical JSON of the claim with a type tag, so a signature over a
 * checkpoint can never be taken for a signature over anything else.
 */
export function checkpointMessage(claim: CheckpointClaim): Buffer {
  return Buffer.from(
    canonicalJson({
      type: 'causeway.audit.checkpoint.v1',
      tenantId: claim.tenantId,
      seq: claim.seq,
      headHash: claim.headHash,
      createdAt: claim.createdAt,
    }),
    'utf8',
  );
}

export function signCheckpoint(claim: CheckpointClaim, key: SigningKey): SignedCheckpoint {
  return { ...claim, keyId: key.keyId, signature: sign(null, checkpointMessage(claim), key.privateKey).toString('base64') };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
