import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import type { Clock } from '../common/clock';

/** A service account as the simulator knows it: its email, one key, and whether a Workspace admin delegated domain-wide authority. */
export interface SimulatedServiceAccount {
  email: string;
  keyId: string;
  /** The key's public half, SPKI PEM. */
  publicKeyPem: string;
  domainWideDelegation?: boolean;
}

export type AssertionOutcome = { ok: true; email: string; scopes: string[]; subject?: string } | { ok: false; error: string; description: string };

export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const MAX_LIFETIME_SECONDS = 3600;
/** Google tolerates some clock skew on `iat`; five minutes here. */
const SKEW_SECONDS = 300;
const SHORT_LIVED =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

/**
 * Checks a service account's assertion as developers.google.com/identity/protocols/oauth2/service-account
 * describes it ("Preparing to make an authorized API call", "Error codes"): RS256 signed by one of
 * the account's keys (`kid`), `iss` the account's email, `aud` the token endpoint, `scope`
 * space-separated, `exp` at most an hour after `iat`, and `sub` only with domain-wide delegation.
 * The wrong-audience description is this simulator's (Google's exact text is not documented).
 */
export async function checkServiceAccountAssertion(assertion: unknown, accounts: SimulatedServiceAccount[], clock: Clock): Promise<AssertionOutcome> {
  if (typeof assertion !== 'string') return { ok: false, error: 'invalid_request', description: 'Missing required parameter: assertion' };
  let claims: ReturnType<typeof decodeJwt>;
  let keyId: string | undefined;
  try {
    claims = decodeJwt(assertion);
    keyId = decodeProtectedHeader(assertion).kid;
  } catch {
    return { ok: false, error: 'invalid_grant', description: 'Invalid JWT Signature.' };
  }
  const account = accounts.find((candidate) => candidate.email === claims.iss);
  if (!account) return { ok: false, error: 'invalid_grant', description: 'Invalid grant: account not found' };
  if (keyId !== undefined && keyId !== account.keyId) return { ok: false, error: 'invalid_grant', description: 'Invalid JWT Signature.' };
  try {
    await jwtVerify(assertion, await importSPKI(account.publicKeyPem, 'RS256'), {
      algorithms: ['RS256'],
      clockTolerance: SKEW_SECONDS,
      currentDate: new Date(clock.now()),
    });
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    return { ok: false, error: 'invalid_grant', description: expired ? SHORT_LIVED : 'Invalid JWT Signature.' };
  }
  if (claims.aud !== GOOGLE_TOKEN_AUDIENCE) return { ok: false, error: 'invalid_grant', description: 'Invalid JWT: the audience must be the token endpoint.' };
  const nowSeconds = Math.floor(clock.now() / 1000);
  if (
    typeof claims.iat !== 'number' ||
    typeof claims.exp !== 'number' ||
    claims.exp - claims.iat > MAX_LIFETIME_SECONDS ||
    claims.iat > nowSeconds + SKEW_SECONDS
  )
    return { ok: false, error: 'invalid_grant', description: SHORT_LIVED };
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ').filter(Boolean) : [];
  if (scopes.length === 0) return { ok: false, error: 'invalid_scope', description: 'Invalid OAuth scope or ID token audience provided.' };
  if (claims.sub !== undefined && claims.sub !== account.email && !account.domainWideDelegation)
    return {
      ok: false,
      error: 'unauthorized_client',
      description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    };
  return { ok: true, email: account.email, scopes, subject: claims.sub };
}
