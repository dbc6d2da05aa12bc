import { z } from 'zod';
import { provenanceSchema } from './provenance';

const headerName = z.string().regex(/^[a-z0-9-]+$/, 'header names are written in lower case (HTTP headers are case-insensitive)');

/**
 * Which response headers carry a vendor's rate-limit state. Every vendor spells it
 * differently; the engine reads these and produces one structured value.
 */
export const rateLimitSignalsSchema = z.strictObject({
  /** Seconds to wait (or an HTTP date), e.g. `retry-after`. */
  retryAfterHeader: headerName.optional(),
  reset: z
    .strictObject({
      header: headerName,
      /**
       * `epoch_seconds` (GitHub), `epoch_millis` (Linear), `iso8601` (Jira), `seconds_until`
       * (Contentful: seconds until a request is accepted again).
       */
      format: z.enum(['epoch_seconds', 'epoch_millis', 'iso8601', 'seconds_until']),
    })
    .optional(),
  remainingHeader: headerName.optional(),
  limitHeader: headerName.optional(),
  /**
   * A header carrying `used/limit` in one string (Salesforce `Sforce-Limit-Info:
   * api-usage=18/5000`). The pattern's first group is the usage, the second the limit.
   */
  usage: z.strictObject({ header: headerName, pattern: z.string().min(1) }).optional(),
  /** Which bucket the numbers describe (GitHub `x-ratelimit-resource`). */
  scopeHeader: headerName.optional(),
  /** Why a call was refused (Jira `ratelimit-reason`). */
  reasonHeader: headerName.optional(),
  /** Human description of how the vendor partitions limits, for docs and for the limiter. */
  partitioning: z.string().min(10),
  /** The page that documents the headers and the partitioning. */
  source: provenanceSchema,
});

/** A limit the vendor documents, so the data plane can pace calls before being refused. */
export const declaredLimitSchema = z.strictObject({
  /** What the limit is counted per, e.g. `connection`, `connection+method`, `connection+channel`. */
  per: z.string().min(1),
  requests: z.number().positive(),
  windowSeconds: z.number().positive(),
  appliesTo: z.string().min(1).optional(),
  source: provenanceSchema,
});

/**
 * Said instead of guessing when a vendor publishes no number (ServiceNow: each instance's
 * admin sets rate-limit rules; Jenkins: whatever the tenant's server allows). The data plane
 * then paces only on the vendor's signals (429, Retry-After).
 */
export const unpublishedLimitSchema = z.strictObject({
  statement: z.string().min(20),
  source: provenanceSchema,
});

export type RateLimitSignals = z.infer<typeof rateLimitSignalsSchema>;
export type DeclaredLimit = z.infer<typeof declaredLimitSchema>;
export type UnpublishedLimit = z.infer<typeof unpublishedLimitSchema>;
