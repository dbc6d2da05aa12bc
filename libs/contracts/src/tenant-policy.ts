import { z } from 'zod';

/**
 * A tenant's access policy: the outermost layer of what its agents may do, whatever their
 * keys and creators hold. The control plane validates and stores it and publishes it with the
 * tenant's config record; the data plane validates it again, because a topic is an input like
 * any other.
 */

/** A tool id (`slack.delete_message`) or every tool of a connector (`slack.*`). */
const toolPattern = z.string().regex(/^[a-z][a-z0-9_]*\.(\*|[a-z][a-z0-9_]*)$/, 'a tool id like slack.post_message, or slack.* for every tool of a connector');
/** A JSON key name whose value is replaced in recorded payloads. */
const fieldName = z.string().trim().min(1).max(100);

export const SHARED_CONNECTION_RULES = ['always', 'unattended_only', 'never'] as const;
export const AUDIT_PAYLOAD_MODES = ['none', 'redacted'] as const;

export const tenantAccessPolicySchema = z.strictObject({
  /**
   * When a shared (service-account) connection may serve a call:
   * `always` — calls without `onBehalfOf`, and calls for a user who has no connection of their own;
   * `unattended_only` — calls without `onBehalfOf` only; a call for a user needs that user's connection;
   * `never` — every call names a user (`onBehalfOf`) and runs on that user's own connection.
   */
  sharedConnections: z.enum(SHARED_CONNECTION_RULES).default('unattended_only'),
  /** Tools no agent of the tenant may call. */
  deniedTools: z.array(toolPattern).max(200).default([]),
  /** Whether call audit events carry the input and result (`redacted`), or neither (`none`). */
  auditPayloads: z.enum(AUDIT_PAYLOAD_MODES).default('none'),
  /** Key names whose values are replaced in recorded payloads, on top of the built-in list (tokens, passwords, secrets…). */
  redactFields: z.array(fieldName).max(100).default([]),
  /**
   * How long the tenant's provider events (and their finished deliveries) are kept for replay,
   * in days; absent: the platform's `EVENTS_RETENTION_MS`. Deduplication keeps delivery ids at
   * least as long as the vendors retry, whatever this says.
   */
  eventRetentionDays: z.number().int().min(1).max(3650).optional(),
});

export type TenantAccessPolicy = z.infer<typeof tenantAccessPolicySchema>;

export const DEFAULT_TENANT_ACCESS_POLICY: TenantAccessPolicy = Object.freeze(tenantAccessPolicySchema.parse({})) as TenantAccessPolicy;

/**
 * Whether a tool id matches one of the patterns (an exact id, or `slack.*` for every tool of a
 * connector). The one matcher for tool lists: tenant policies and API keys' allow-lists.
 */
export function toolMatches(patterns: readonly string[], toolId: string): boolean {
  const dot = toolId.indexOf('.');
  const connector = dot === -1 ? toolId.length : dot;
  for (const pattern of patterns) {
    if (pattern === toolId) return true;
    if (pattern.length === connector + 2 && pattern.endsWith('.*') && toolId.startsWith(pattern.slice(0, connector))) return true;
  }
  return false;
}
