import { z } from 'zod';
import { actionDefinitionSchema } from './action';
import { authModeSchema } from './auth-modes';
import { errorMappingSchema } from './error-mapping';
import { proxyRulesSchema } from './proxy-rules';
import { databaseSettingsSchema } from './database';
import { providerPagingSchema } from './pagination';
import { provenanceSchema } from './provenance';
import { declaredLimitSchema, rateLimitSignalsSchema, unpublishedLimitSchema } from './rate-limits';

export const providerDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  description: z.string().min(10),
  docsUrl: provenanceSchema,
  /**
   * Base URLs by name. `{param}` placeholders are filled from connection parameters, e.g.
   * Jira `https://api.atlassian.com/ex/jira/{cloudId}`, Salesforce `{instanceUrl}/services/data/v63.0`,
   * Zendesk `https://{subdomain}.zendesk.com/api/v2`, Jenkins `{baseUrl}`.
   */
  servers: z.record(z.string(), z.strictObject({ url: z.string().min(1), description: z.string().min(5), source: provenanceSchema })),
  /** Connection parameters the templates need, and where they come from. */
  connectionParams: z.record(
    z.string(),
    z.strictObject({
      description: z.string().min(5),
      example: z.string().min(1),
      /**
       * Where the value is learned: an OAuth token answer field, a discovery call, the admin, or
       * a query parameter of the same name on the OAuth redirect, beside the code (QuickBooks'
       * `realmId`: the company the user picked on the consent screen).
       */
      source: z.enum(['token_response', 'discovery', 'admin', 'redirect']),
      /**
       * A regular expression the whole value must match. Required for a value placed inside a
       * host name (`{subdomain}.zendesk.com`), where it must refuse anything that could end the
       * host early (`/`, `#`, `?`, `@`, `:`): that keeps the call on the vendor's domain.
       */
      pattern: z.string().min(1).optional(),
      /**
       * The value is the https base URL of the tenant's own installation (Jenkins, GitLab
       * self-managed): its host, which no provider can declare, is allowed for this connection
       * only. The egress guard still refuses private addresses unless the operator allows them.
       */
      selfHosted: z.boolean().optional(),
    }),
  ),
  /**
   * Hosts calls may go to (for the data plane's egress guard). A `*.` prefix matches any
   * subdomain; templated hosts (Salesforce instance URL) are checked against these patterns.
   */
  hosts: z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+$/)),
  authModes: z.array(authModeSchema).min(1),
  /** Sent on every call (GitHub wants `User-Agent` and an API version). */
  defaultHeaders: z.record(z.string(), z.string()).optional(),
  rateLimitSignals: rateLimitSignalsSchema,
  declaredLimits: z.array(declaredLimitSchema),
  /** Said, with its source, when the vendor publishes no number (then `declaredLimits` may be empty). */
  noPublishedLimit: unpublishedLimitSchema.optional(),
  /** How the vendor's list endpoints page (for the raw proxy; actions declare their own). */
  pagination: providerPagingSchema,
  errors: errorMappingSchema,
  /** Only for providers reached through a database protocol instead of HTTP. */
  database: databaseSettingsSchema.optional(),
  /**
   * Typed tools. May be empty: a provider with a connection is usable through the raw proxy
   * before any of its actions is written.
   */
  actions: z.array(actionDefinitionSchema),
  /** Which raw proxied requests are reads, writes and destructive (unknown ones are writes). */
  proxy: proxyRulesSchema.optional(),
  sourceFile: z.string().min(1),
});

export type ProviderDefinition = z.infer<typeof providerDefinitionSchema>;
