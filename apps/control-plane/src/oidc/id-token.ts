import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { emailSchema } from '../users/users.service';
import { OidcError, OidcErrorCode } from './oidc.errors';

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  /** Epoch milliseconds. */
  now: number;
}

export interface VerifiedIdentity {
  subject: string;
  /** Lower-cased. */
  email: string;
}

/** Provider keys are asymmetric; an HMAC-signed token would be signed with our own client secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Clock skew tolerated between us and the provider. */
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Verifies an ID token as OIDC Core §3.1.3.7 asks: signature by one of the provider's
 * published keys, issuer, audience (and `azp` when there are several audiences), expiry, and
 * the nonce this sign-in sent. Then it requires an email that the provider does not call
 * unverified.
 */
export async function verifyIdToken(idToken: string, keys: JWTVerifyGetKey, expected: IdTokenExpectations): Promise<VerifiedIdentity> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(expected.now),
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error) {
    throw fromJose(error);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 1 && payload.azp !== expected.clientId) throw invalid('it names several audiences and azp is not this client');
  if (typeof payload.nonce !== 'string' || payload.nonce !== expected.nonce) throw invalid('its nonce does not match this sign-in');

  if (typeof payload.email !== 'string') throw invalid('it carries no email claim (is the email scope allowed for this client?)');
  // Some providers send the flag as a string.
  if (payload.email_verified === false || payload.email_verified === 'false') {
    throw new OidcError(OidcErrorCode.EmailNotAllowed, 'the identity provider says this email address is not verified');
  }
  const email = emailSchema.safeParse(payload.email);
  if (!email.success) throw invalid('its email claim is not an email address');
  return { subject: String(payload.sub), email: email.data };
}

const invalid = (why: string) => new OidcError(OidcErrorCode.IdTokenInvalid, `ID token rejected: ${why}`);

/** jose's messages name the failed check (`unexpected "aud" claim value`), never the token. */
function fromJose(error: unknown): OidcError {
  // Failures of our own key-set read (refused by egress policy, unreachable) are already ours.
  if (error instanceof OidcError) return error;
  if (error instanceof errors.JWKSTimeout) {
    return new OidcError(OidcErrorCode.ProviderUnreachable, "identity provider's signing keys (jwks_uri) did not answer in time");
  }
  if (error instanceof errors.JWTExpired) return invalid('it has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return invalid(error.message);
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('its signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey) return invalid('it is signed with a key the provider does not publish');
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('it is signed with an algorithm we do not accept');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return invalid('it is malformed');
  if (error instanceof errors.JWKSInvalid || error instanceof errors.JOSEError) {
    return new OidcError(OidcErrorCode.ProviderBadResponse, "identity provider's signing keys (jwks_uri) could not be used");
  }
  return new OidcError(OidcErrorCode.ProviderUnreachable, "identity provider's signing keys (jwks_uri) could not be fetched");
}
