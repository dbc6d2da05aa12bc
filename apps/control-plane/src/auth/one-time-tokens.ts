import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens for links (invitations, password resets): 256 random bits with a prefix
 * naming their use, stored only as SHA-256, which is enough for tokens this long.
 */
export function newOneTimeToken(prefix: 'cwi' | 'cwp'): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): string {
  return createHash('sha256').update(token.slice(0, 200)).digest('hex');
}

/** Where a link lands: a small page that reads the token from the fragment, which browsers never send to servers or proxies. */
export function acceptLink(publicUrl: string, kind: 'invitation' | 'reset', token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/accounts/accept#${kind}=${token}`;
}
