import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key format: `cw_<prefix>_<secret>`. The prefix (12 chars) is a public lookup handle;
 * the secret (256 bits, base64url) is shown once. Only HMAC-SHA-256(pepper, secret) is
 * stored, so a leaked database or config stream does not yield usable keys without the
 * pepper, which lives only in the services' environment.
 */
const KEY_PATTERN = /^cw_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { prefix: string; secret: string; key: string } {
  const prefix = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12)
    .padEnd(12, '0');
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secret, key: `cw_${prefix}_${secret}` };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export function hashApiKeySecret(pepper: Buffer, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

export function apiKeySecretMatches(pepper: Buffer, secret: string, storedHash: string | null | undefined): boolean {
  if (!storedHash) return false;
  const a = createHmac('sha256', pepper).update(secret).digest();
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
