import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 S256 pair: keep the verifier server-side, send the challenge to the authorize URL. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
