import { z } from 'zod';
import { actionDefinitionSchema } from './action';
import { authModeSchema } from './auth-modes';
import { errorMappingSchema } from './error-mapping';
import { proxyRulesSchema } from './proxy-rules';
import { declaredLimitSchema, rateLimitSignalsSchema } from './rate-limits';

export const providerDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  description: z.string().min(10),
  docsUrl: z.url(),
  /**
   * Base URLs by name. `{param}` placeholders are filled from connection parameters, e.g.
   * Jira `https://api.atlassian.com/ex/jira/{cloudId}` or Salesforce `{instanceUrl}/services/data/v63.0`.
   */
  servers: z.record(z.string(), z.strictObject({ url: z.string().min(1), description: z.string().min(5) })),
  /** Connection parameters the templates need, and where they come from. */
  connectionParams: z.record(
    z.string(),
    z.strictObject({
      description: z.string().min(5),
      example: z.string().min(1),
      /** Where the value is learned: an OAuth token answer field or a discovery call. */
      source: z.enum(['token_response', 'discovery', 'admin']),
    }),
  ),
  /**
   * Hosts calls may go to (for the data plane's egress guard). A `*.` prefix matches any
   * subdomain; templated hosts (Salesforce instance URL) are checked against these patterns.
   */
  hosts: z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+$/)).min(1),
  authModes: z.array(authModeSchema).min(1),
  /** Sent on every call (GitHub wants `User-Agent` and an API version). */
  defaultHeaders: z.record(z.string(), z.string()).optional(),
  rateLimitSignals: rateLimitSignalsSchema,
  declaredLimits: z.array(declaredLimitSchema),
  errors: errorMappingSchema,
  actions: z.array(actionDefinitionSchema).min(1),
  /** Which raw proxied requests are reads, writes and destructive (unknown ones are writes). */
  proxy: proxyRulesSchema.optional(),
  sourceFile: z.string().min(1),
});

export type ProviderDefinition = z.infer<typeof providerDefinitionSchema>;
