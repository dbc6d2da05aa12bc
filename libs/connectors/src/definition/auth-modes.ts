import { z } from 'zod';
import { provenanceSchema, urlTemplateSchema } from './provenance';

/**
 * A dot path into a parsed response body (`access_token`, `authed_user.access_token`, `0.id`).
 * `:` is allowed in a segment for namespaced keys (NetSuite `o:errorDetails`).
 */
export const bodyPathSchema = z.string().regex(/^[A-Za-z0-9_$@:-]+(\.[A-Za-z0-9_$@:-]+)*$/, 'must be a dot path');

/** How a credential travels on an API call. */
export const credentialInjectionSchema = z.discriminatedUnion('in', [
  z.strictObject({
    in: z.literal('header'),
    name: z.string().min(1),
    /** Prefix before the secret, e.g. `Bearer`; omitted for raw-key headers. */
    scheme: z.string().min(1).optional(),
    /**
     * The whole header value when a vendor wraps the secret in more than a scheme, e.g.
     * PagerDuty `Token token={secret}`. Exclusive with `scheme`.
     */
    template: z
      .string()
      .regex(/\{secret\}/, 'must contain {secret}')
      .optional(),
    /**
     * For a `basic` credential whose two halves travel in two headers instead of HTTP Basic:
     * the username goes in `name`, the password in this header (Datadog `DD-API-KEY` and
     * `DD-APPLICATION-KEY`).
     */
    passwordHeader: z.string().min(1).optional(),
    /** Fixed headers that say what kind of credential this is (Snowflake token types). */
    extraHeaders: z.record(z.string(), z.string()).optional(),
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
  docsUrl: provenanceSchema,
};

export const oauth2AuthorizationCodeSchema = z.strictObject({
  ...authModeBase,
  type: z.literal('oauth2_authorization_code'),
  /**
   * May name admin-supplied connection parameters where the vendor runs one authorization
   * server per tenant: `https://{subdomain}.zendesk.com/oauth/authorizations/new`.
   */
  authorizeUrl: urlTemplateSchema,
  tokenUrl: urlTemplateSchema,
  /** Same as tokenUrl for every vendor here, but kept separate because some differ. */
  refreshUrl: urlTemplateSchema.optional(),
  revokeUrl: urlTemplateSchema.optional(),
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
  authorizeUrl: urlTemplateSchema,
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
  tokenUrl: urlTemplateSchema,
  tokenRequest: tokenRequestSchema,
  tokenResponse: tokenResponseShapeSchema,
  responseFormat: z.enum(['json', 'form']),
  /** Scopes a client-credentials request asks for, e.g. Microsoft Graph `https://graph.microsoft.com/.default`. */
  defaultScopes: z.array(z.string().min(1)).optional(),
  accessTokenLifetimeSeconds: z.number().int().positive().optional(),
  notes: z.string().optional(),
});

/**
 * RFC 7523 JWT bearer grant: the connection holds a private key, signs a short-lived
 * assertion and trades it at the token endpoint for an access token, which is then injected
 * like any bearer token. Google service accounts (`iss` = the service account's email, scopes
 * in a `scope` claim, optional `sub` to act as a Workspace user through domain-wide delegation)
 * and the Salesforce JWT bearer flow (`iss` = the connected app's consumer key, `sub` = the
 * username, scopes pre-authorized on the app) differ only in these fields.
 */
export const oauth2JwtBearerSchema = z.strictObject({
  ...authModeBase,
  type: z.literal('oauth2_jwt_bearer'),
  tokenUrl: urlTemplateSchema,
  assertion: z.strictObject({
    algorithm: z.enum(['RS256']),
    /** What `iss` holds. */
    issuer: z.enum(['client_id', 'service_account_email']),
    /** What `sub` holds: nothing, the user to act as (Google delegation), or the username (Salesforce). */
    subject: z.enum(['none', 'impersonated_user', 'username']),
    /** The `aud` claim (usually the token URL, Salesforce the login host). */
    audience: z.string().min(1),
    /** Longest assertion lifetime the vendor accepts. */
    maxLifetimeSeconds: z.number().int().positive(),
    /** Google puts the requested scopes in the assertion; Salesforce takes none. */
    scopeClaim: z.string().min(1).optional(),
  }),
  scopeSeparator: z.enum([' ', ',']),
  tokenResponse: tokenResponseShapeSchema,
  responseFormat: z.enum(['json', 'form']),
  accessTokenLifetimeSeconds: z.number().int().positive().optional(),
  notes: z.string().optional(),
});

/**
 * A database login (PostgreSQL): username and password are sent in the wire protocol's own
 * authentication exchange (SCRAM-SHA-256), never in an HTTP header, so there is no `inject`.
 */
export const databasePasswordSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  type: z.literal('database_password'),
  server: z.string().optional(),
  docsUrl: provenanceSchema,
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
  oauth2JwtBearerSchema,
  databasePasswordSchema,
]);

export type AuthMode = z.infer<typeof authModeSchema>;
export type OAuth2AuthorizationCodeMode = z.infer<typeof oauth2AuthorizationCodeSchema>;
export type OAuth2ImplicitMode = z.infer<typeof oauth2ImplicitSchema>;
export type OAuth2JwtBearerMode = z.infer<typeof oauth2JwtBearerSchema>;
export type OAuth2ClientCredentialsMode = z.infer<typeof oauth2ClientCredentialsSchema>;
/** The modes whose secret travels in an HTTP request (every mode but a database login). */
export type HttpAuthMode = Exclude<AuthMode, { type: 'database_password' }>;
export type TokenResponseShape = z.infer<typeof tokenResponseShapeSchema>;
export type CredentialInjection = z.infer<typeof credentialInjectionSchema>;
