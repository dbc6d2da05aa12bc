import { z } from 'zod';

/** A dot path into a parsed response body (`access_token`, `authed_user.access_token`, `0.id`). */
export const bodyPathSchema = z.string().regex(/^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/, 'must be a dot path');

/** How a credential travels on an API call. */
export const credentialInjectionSchema = z.discriminatedUnion('in', [
  z.strictObject({
    in: z.literal('header'),
    name: z.string().min(1),
    /** Prefix before the secret, e.g. `Bearer`; omitted for raw-key headers. */
    scheme: z.string().min(1).optional(),
  }),
  z.strictObject({ in: z.literal('query'), name: z.string().min(1) }),
]);

/**
 * Where the pieces of a token endpoint's answer live. Vendors disagree on almost all of it:
 * Slack nests the user token under `authed_user`, Salesforce sends no `expires_in` but an
 * `instance_url`, GitHub answers form-encoded unless asked for JSON and reports errors with
 * HTTP 200. Writing the differences down as data keeps one token client for all of them.
 */
export const tokenResponseShapeSchema = z.strictObject({
  accessTokenPath: bodyPathSchema,
  refreshTokenPath: bodyPathSchema.optional(),
  /** Absent when the vendor never says (Salesforce: the org's session timeout applies). */
  expiresInPath: bodyPathSchema.optional(),
  scopePath: bodyPathSchema.optional(),
  /** A boolean field that is `false` on failure even at HTTP 200 (Slack `ok`). */
  okPath: bodyPathSchema.optional(),
  /** A field whose presence means failure even at HTTP 200 (GitHub, OAuth `error`). */
  errorPath: bodyPathSchema.optional(),
  /** Connection parameters the token answer carries, e.g. `{ instanceUrl: 'instance_url' }`. */
  connectionParamPaths: z.record(z.string(), bodyPathSchema).optional(),
});

export const tokenRequestSchema = z.strictObject({
  encoding: z.enum(['form', 'json']),
  /** `basic` sends client id and secret as HTTP Basic credentials, `body` as parameters. */
  clientAuthentication: z.enum(['basic', 'body']),
  /** Headers the endpoint needs, e.g. GitHub's `Accept: application/json`. */
  headers: z.record(z.string(), z.string()).optional(),
});

/** A call made right after the code exchange to learn connection parameters (Atlassian cloudId). */
export const discoverySchema = z.strictObject({
  url: z.url(),
  description: z.string().min(10),
  /** Connection parameter name -> path into the answer (first entry of a list is `0.…`). */
  connectionParamPaths: z.record(z.string(), bodyPathSchema),
});

/** How a vendor's revocation endpoint takes the token (RFC 7009, Slack auth.revoke, GitHub). */
export const revokeRequestSchema = z.strictObject({
  method: z.enum(['POST', 'DELETE']),
  encoding: z.enum(['form', 'json']),
  tokenParam: z.string().min(1),
  clientAuthentication: z.enum(['basic', 'body', 'bearer']),
});

const authModeBase = {
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  inject: credentialInjectionSchema,
  /** Which of the provider's servers calls made with this credential go to (default `default`). */
  server: z.string().optional(),
  docsUrl: z.url(),
};

export const oauth2AuthorizationCodeSchema = z.strictObject({
  ...authModeBase,
  type: z.literal('oauth2_authorization_code'),
  authorizeUrl: z.url(),
  tokenUrl: z.url(),
  /** Same as tokenUrl for every vendor here, but kept separate because some differ. */
  refreshUrl: z.url().optional(),
  revokeUrl: z.url().optional(),
  revokeRequest: revokeRequestSchema.optional(),
  pkce: z.enum(['required', 'supported', 'unsupported']),
  scopeSeparator: z.enum([' ', ',']),
  /** Fixed parameters the authorize URL needs, e.g. Atlassian `audience` and `prompt`. */
  authorizeParams: z.record(z.string(), z.string()).optional(),
  /** Name of the authorize parameter carrying scopes when it is not `scope`. */
  scopeParam: z.string().optional(),
  tokenRequest: tokenRequestSchema,
  tokenResponse: tokenResponseShapeSchema,
  /** Refresh answers are sometimes shaped differently from code exchanges (Slack user tokens). */
  refreshResponse: tokenResponseShapeSchema.optional(),
  /** Whether the answer is JSON or form-encoded (GitHub without `Accept: application/json`). */
  responseFormat: z.enum(['json', 'form']),
  /** `always`: every refresh returns a new refresh token and disables the old one. */
  refreshTokenRotation: z.enum(['always', 'optional', 'never']),
  /** Documented lifetime, for callers that must schedule refreshes without `expires_in`. */
  accessTokenLifetimeSeconds: z.number().int().positive().optional(),
  discovery: discoverySchema.optional(),
  notes: z.string().optional(),
});

export const oauth2ImplicitSchema = z.strictObject({
  ...authModeBase,
  type: z.literal('oauth2_implicit'),
  authorizeUrl: z.url(),
  /** Implicit grants have no refresh token, but the token itself may still be revocable (Contentful). */
  revokeUrl: z.url().optional(),
  revokeRequest: revokeRequestSchema.optional(),
  scopeSeparator: z.enum([' ', ',']),
  authorizeParams: z.record(z.string(), z.string()).optional(),
  notes: z.string().optional(),
});

export const oauth2ClientCredentialsSchema = z.strictObject({
  ...authModeBase,
  type: z.literal('oauth2_client_credentials'),
  tokenUrl: z.url(),
  tokenRequest: tokenRequestSchema,
  tokenResponse: tokenResponseShapeSchema,
  responseFormat: z.enum(['json', 'form']),
  notes: z.string().optional(),
});

/** A long-lived token the user pastes in (personal access token, delivery key, API key). */
export const staticTokenSchema = z.strictObject({
  ...authModeBase,
  type: z.enum(['bearer_token', 'api_key']),
  notes: z.string().optional(),
});

export const basicAuthSchema = z.strictObject({
  ...authModeBase,
  type: z.literal('basic'),
  notes: z.string().optional(),
});

export const authModeSchema = z.discriminatedUnion('type', [
  oauth2AuthorizationCodeSchema,
  oauth2ImplicitSchema,
  oauth2ClientCredentialsSchema,
  staticTokenSchema,
  basicAuthSchema,
]);

export type AuthMode = z.infer<typeof authModeSchema>;
export type OAuth2AuthorizationCodeMode = z.infer<typeof oauth2AuthorizationCodeSchema>;
export type OAuth2ImplicitMode = z.infer<typeof oauth2ImplicitSchema>;
export type TokenResponseShape = z.infer<typeof tokenResponseShapeSchema>;
export type CredentialInjection = z.infer<typeof credentialInjectionSchema>;
