import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  sub: string;
  /** Tenant the session acts in. */
  tid: string | null;
  /** Refresh-token family, so sign-out can be checked against revocation. */
  sid: string;
}

const issuer = 'causeway-control-plane';
const audience = 'causeway-console';

/** Short-lived, HS256-signed access tokens; the guard still re-reads the membership per request. */
export class AccessTokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  async sign(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ tid: claims.tid, sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      // Without `exp` a leaked token would work forever; jose checks `exp` only when present.
      const { payload } = await jwtVerify(token, this.key, { issuer, audience, algorithms: ['HS256'], requiredClaims: ['exp', 'sub', 'sid'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      return { sub: payload.sub, tid: typeof payload.tid === 'string' ? payload.tid : null, sid: payload.sid };
    } catch {
      return null;
    }
  }
}

/** Refresh tokens are 256 random bits; a plain SHA-256 is enough to store them safely. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `cwr_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
