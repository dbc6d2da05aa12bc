import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * A fresh RS256 key per process for ID tokens. Without one oidc-provider falls back to a
 * well-known development key. RS256 because it is what relying parties assume by default.
 * Generated asynchronously (on the libuv pool) so it overlaps with loading oidc-provider:
 * RSA key generation alone takes a few hundred milliseconds.
 */
export async function generateSigningKey() {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}
