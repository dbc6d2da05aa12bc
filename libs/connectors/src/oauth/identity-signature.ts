import { createHmac, timingSafeEqual } from 'node:crypto';
import { readBodyPath } from '../engine/body-path';

/**
 * Salesforce signs its token answers: `signature` is the Base64 HMAC-SHA256, keyed with the
 * client secret, of the identity URL `id` followed by `issued_at`, so a client can tell the
 * identity (and the instance it names) was not altered on the way. Returns `undefined` when the
 * answer carries no signature (every other vendor), `true` or `false` otherwise.
 * Source: Salesforce "OAuth 2.0 Web Server Flow", token response parameters.
 */
export function identitySignatureValid(answer: unknown, clientSecret: string): boolean | undefined {
  const signature = readBodyPath(answer, 'signature');
  const id = readBodyPath(answer, 'id');
  const issuedAt = readBodyPath(answer, 'issued_at');
  if (typeof signature !== 'string' || typeof id !== 'string' || typeof issuedAt !== 'string') return undefined;
  const expected = createHmac('sha256', clientSecret)
    .update(id + issuedAt)
    .digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
