import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { OidcError, OidcErrorCode } from './oidc.errors';

export interface ProviderKeysOptions {
  /** Reads the provider's `jwks_uri` (through the egress guard) and returns its JSON. */
  fetchKeySet: () => Promise<unknown>;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
  /** A key set older than this is read again before use. Default 10 minutes, as jose. */
  maxAgeMs?: number;
  /** An unknown `kid` triggers a re-read at most this often. Default 30 s, as jose. */
  cooldownMs?: number;
}

/**
 * A provider's signing keys, read through our own HTTP path rather than jose's
 * `createRemoteJWKSet` (which opens its own node:http connection, past the egress guard).
 * Behaves as jose's does: cached, re-read when stale, and re-read once on a key id it does not
 * know (key rotation), with a cool-down so a token with a made-up `kid` cannot make us fetch
 * on every request. Concurrent verifications share one read.
 */
export function providerKeys(options: ProviderKeysOptions): JWTVerifyGetKey {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 600_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  let local: { keys: JWTVerifyGetKey; readAt: number } | undefined;
  let reading: Promise<{ keys: JWTVerifyGetKey; readAt: number }> | undefined;

  const read = () => {
    reading ??= (async () => {
      try {
        const body = await options.fetchKeySet();
        if (!isKeySet(body)) throw new OidcError(OidcErrorCode.ProviderBadResponse, "identity provider's signing keys (jwks_uri) are not a JSON Web Key Set");
        local = { keys: createLocalJWKSet(body), readAt: now() };
        return local;
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };

  return async (header, token) => {
    const current = local && now() - local.readAt < maxAgeMs ? local : await read();
    try {
      return await current.keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || now() - current.readAt < cooldownMs) throw error;
      return (await read()).keys(header, token);
    }
  };
}

function isKeySet(body: unknown): body is JSONWebKeySet {
  return typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys);
}
