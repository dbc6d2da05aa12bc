import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import { z } from 'zod';
import { bodyPathSchema } from './auth-modes';
import { provenanceSchema } from './provenance';

const errorCodeNames = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(errorCodeNames);

/**
 * Where a vendor puts the parts of an error in its body. Each list is tried in order and the
 * first present value wins. A path segment `@firstKey` / `@firstValue` picks from an object
 * whose keys are not known in advance (Jira's `errors: { field: message }`).
 */
export const errorEnvelopeSchema = z.strictObject({
  /** Boolean that is `false` on failure at HTTP 200 (Slack `ok`). */
  okPath: bodyPathSchema.optional(),
  /**
   * A list that, when present and non-empty in a 2xx body, means the call failed: GraphQL
   * answers `{ data: null, errors: [...] }` with HTTP 200 (Linear `errors`). The first entry's
   * fields are then read through the paths below, and the rules map it like any failure.
   */
  errorsPath: bodyPathSchema.optional(),
  codePaths: z.array(bodyPathSchema),
  messagePaths: z.array(bodyPathSchema).min(1),
  fieldPaths: z.array(bodyPathSchema),
});

/** One mapping rule; every stated condition must hold. */
export const errorRuleSchema = z.strictObject({
  when: z
    .strictObject({
      status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      vendorCodes: z.array(z.string().min(1)).min(1).optional(),
      /** Case-insensitive regular expression on the vendor message. */
      messageMatches: z.string().min(1).optional(),
      header: z.strictObject({ name: z.string().regex(/^[a-z0-9-]+$/), equals: z.string() }).optional(),
    })
    .refine((when) => Object.keys(when).length > 0, 'a rule needs at least one condition'),
  code: errorCodeSchema,
  /** The credential is (probably) expired: refreshing it and retrying once may succeed. */
  authExpired: z.boolean().optional(),
  /** Wait to suggest when the vendor gives no header (GitHub secondary limits: 60 s). */
  defaultRetryAfterMs: z.number().int().positive().optional(),
  /** Why this rule exists: the vendor behaviour it encodes. */
  because: z.string().min(5),
});

export const errorMappingSchema = z.strictObject({
  /** The vendor page describing its error body and status codes. */
  source: provenanceSchema,
  envelope: errorEnvelopeSchema,
  /** Tried in order before the engine's status-based defaults. */
  rules: z.array(errorRuleSchema),
});

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
export type ErrorRule = z.infer<typeof errorRuleSchema>;
export type ErrorMapping = z.infer<typeof errorMappingSchema>;
