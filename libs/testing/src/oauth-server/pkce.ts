import { createHash, randomBytes } from 'node:crypto';

/** A high-entropy code_verifier: 32 random octets, base64url → 43 characters (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 code_challenge for a verifier: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 §4.2). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
