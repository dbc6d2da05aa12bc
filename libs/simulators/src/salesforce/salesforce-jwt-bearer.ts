import { decodeJwt, importSPKI, jwtVerify } from 'jose';
import type { Clock } from '../common/clock';

/** A connected app's certificate, uploaded for the JWT bearer flow, and the users pre-authorized for it. */
export interface JwtBearerTrust {
  consumerKey: string;
  /** The certificate's public key, SPKI PEM. */
  publicKeyPem: string;
  /** Usernames admin-approved for the app (or who consented before). */
  approvedUsernames: string[];
}

export type JwtBearerOutcome = { ok: true; username: string } | { ok: false; error: string; description: string };

/** Audiences Salesforce accepts: production, sandbox, or an Experience Cloud site's URL (not simulated). */
const AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];
/** "exp … must be within 3 minutes" (help.salesforce.com, OAuth 2.0 JWT Bearer Flow). */
const MAX_LIFETIME_SECONDS = 180;

/**
 * Checks a JWT bearer assertion as help.salesforce.com "OAuth 2.0 JWT Bearer Flow for
 * Server-to-Server Integration" describes: RS256 signature by the connected app's certificate,
 * `iss` the consumer key, `aud` the login host, `sub` the username of a pre-authorized user,
 * `exp` in the future and at most three minutes away. Failures answer as Salesforce does:
 * `invalid_client_id` / "client identifier invalid", `invalid_grant` with "audience is invalid",
 * "invalid assertion" or "user hasn't approved this consumer".
 */
export async function checkJwtBearer(assertion: unknown, trust: JwtBearerTrust | undefined, clock: Clock): Promise<JwtBearerOutcome> {
  if (typeof assertion !== 'string') return { ok: false, error: 'invalid_grant', description: 'invalid assertion' };
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return { ok: false, error: 'invalid_grant', description: 'invalid assertion' };
  }
  if (!trust || claims.iss !== trust.consumerKey) return { ok: false, error: 'invalid_client_id', description: 'client identifier invalid' };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((audience) => typeof audience === 'string' && AUDIENCES.includes(audience)))
    return { ok: false, error: 'invalid_grant', description: 'audience is invalid' };
  const nowSeconds = Math.floor(clock.now() / 1000);
  try {
    await jwtVerify(assertion, await importSPKI(trust.publicKeyPem, 'RS256'), { algorithms: ['RS256'], currentDate: new Date(clock.now()) });
  } catch {
    return { ok: false, error: 'invalid_grant', description: 'invalid assertion' };
  }
  if (typeof claims.exp !== 'number' || claims.exp - nowSeconds > MAX_LIFETIME_SECONDS)
    return { ok: false, error: 'invalid_grant', description: 'invalid assertion' };
  if (typeof claims.sub !== 'string' || !trust.approvedUsernames.includes(claims.sub))
    return { ok: false, error: 'invalid_grant', description: "user hasn't approved this consumer" };
  return { ok: true, username: claims.sub };
}
