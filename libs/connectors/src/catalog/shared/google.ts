import type { AuthMode } from '../../definition/auth-modes';
import type { ErrorMapping } from '../../definition/error-mapping';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from './auth-pieces';

/**
 * Google's identity platform and error format, shared by Google Analytics, Google Drive and
 * BigQuery: one OAuth 2.0 web-server flow and one service-account (JWT bearer) flow, and the
 * `{ error: { code, message, status, errors: [{ reason }] } }` body every Google API answers.
 */
export function googleAuthModes(scopesNote: string): AuthMode[] {
  return [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Google OAuth 2.0 (web server flow)',
      docsUrl: 'https://developers.google.com/identity/protocols/oauth2/web-server',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      pkce: 'supported',
      scopeSeparator: ' ',
      // access_type=offline is what makes Google return a refresh token; prompt=consent makes it do so again on re-consent.
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      accessTokenLifetimeSeconds: 3600,
      notes: `${scopesNote} Refresh tokens are returned only with access_type=offline; revocation is POST https://oauth2.googleapis.com/revoke?token=….`,
    },
    {
      id: 'service_account',
      type: 'oauth2_jwt_bearer',
      label: 'Google service account (JWT bearer)',
      docsUrl: 'https://developers.google.com/identity/protocols/oauth2/service-account#httprest',
      inject: BEARER_HEADER,
      tokenUrl: 'https://oauth2.googleapis.com/token',
      assertion: {
        algorithm: 'RS256',
        issuer: 'service_account_email',
        // `sub` only with domain-wide delegation, to act as a Workspace user.
        subject: 'impersonated_user',
        audience: 'https://oauth2.googleapis.com/token',
        maxLifetimeSeconds: 3600,
        scopeClaim: 'scope',
      },
      scopeSeparator: ' ',
      tokenResponse: { accessTokenPath: 'access_token', expiresInPath: 'expires_in', errorPath: 'error' },
      responseFormat: 'json',
      accessTokenLifetimeSeconds: 3600,
      notes: `${scopesNote} The assertion is signed with the service account's private key (the JSON key file's private_key); no refresh token: a new assertion is signed when the token expires.`,
    },
  ];
}

export const GOOGLE_HOSTS = ['accounts.google.com', 'oauth2.googleapis.com'];

export const GOOGLE_RATE_LIMIT_SIGNALS_SOURCE = 'https://cloud.google.com/apis/design/errors#handling_errors';

export const googleErrors: ErrorMapping = {
  source: 'https://cloud.google.com/apis/design/errors',
  envelope: { codePaths: ['error.errors.0.reason', 'error.status'], messagePaths: ['error.message'], fieldPaths: ['error.errors.0.location'] },
  rules: [
    {
      when: { vendorCodes: ['rateLimitExceeded', 'userRateLimitExceeded', 'RESOURCE_EXHAUSTED', 'quotaExceeded'] },
      code: 'upstream_rate_limited',
      defaultRetryAfterMs: 1000,
      because:
        'Google reports per-user and per-project quota refusals as 403 (older APIs) or 429 RESOURCE_EXHAUSTED, often without Retry-After: back off exponentially',
    },
    { when: { status: [401] }, code: 'needs_reauth', authExpired: true, because: 'UNAUTHENTICATED: the access token expired (1 h) or was revoked' },
    {
      when: { vendorCodes: ['insufficientPermissions', 'PERMISSION_DENIED', 'forbidden'] },
      code: 'upstream_forbidden',
      because: 'the token lacks a scope, or the principal lacks access to the resource',
    },
    { when: { vendorCodes: ['notFound', 'NOT_FOUND'] }, code: 'upstream_not_found', because: 'no such resource, or not visible to the principal' },
    {
      when: { vendorCodes: ['ALREADY_EXISTS', 'ABORTED', 'duplicate'] },
      code: 'upstream_conflict',
      because: 'the resource exists already or a concurrent change won',
    },
  ],
};
