import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { OAuth2JwtBearerMode } from '../definition/auth-modes';

/** The connection's own part of an RFC 7523 assertion; the mode supplies the rest. */
export interface AssertionSubject {
  /** `iss`: the connected app's consumer key (Salesforce) or the service account's email (Google). */
  issuer: string;
  /** `sub`: the username (Salesforce) or the Workspace user to act as (Google delegation). */
  subject?: string;
  scopes?: string[];
  /** PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`), as Google key files and `openssl genpkey` write it. */
  privateKey: string;
  /** `kid` header: Google's `private_key_id`, so the right public key is tried first. */
  keyId?: string;
}

export type AssertionResult = { ok: true; assertion: string } | { ok: false; field: 'privateKey' | 'subject'; message: string };

/**
 * Signs the short-lived JWT a JWT-bearer token request carries (RFC 7523 §3): `iss`, `sub`,
 * `aud` and `exp` as the vendor documents them, `exp` at the vendor's longest accepted lifetime
 * (Salesforce three minutes, Google an hour), scopes in a claim where the vendor wants them.
 */
export async function buildJwtAssertion(mode: OAuth2JwtBearerMode, who: AssertionSubject, nowMs: number): Promise<AssertionResult> {
  const { assertion } = mode;
  if (assertion.subject === 'username' && !who.subject)
    return { ok: false, field: 'subject', message: `${mode.label} needs the username to act as (the assertion's sub)` };
  let key: Awaited<ReturnType<typeof importPKCS8>>;
  try {
    key = await importPKCS8(who.privateKey, assertion.algorithm);
  } catch {
    // jose's message may quote the key material: say only what is wrong with it.
    return { ok: false, field: 'privateKey', message: 'privateKey must be an RSA private key in PKCS #8 PEM (-----BEGIN PRIVATE KEY-----)' };
  }
  const issuedAt = Math.floor(nowMs / 1000);
  const claims: Record<string, string> = {};
  if (assertion.scopeClaim && who.scopes && who.scopes.length > 0) claims[assertion.scopeClaim] = who.scopes.join(mode.scopeSeparator);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: assertion.algorithm, typ: 'JWT', ...(who.keyId ? { kid: who.keyId } : {}) })
    .setIssuer(who.issuer)
    .setAudience(assertion.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + assertion.maxLifetimeSeconds)
    .setJti(randomUUID());
  if (assertion.subject !== 'none' && who.subject) jwt.setSubject(who.subject);
  return { ok: true, assertion: await jwt.sign(key) };
}
