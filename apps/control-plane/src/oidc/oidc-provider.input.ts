import { z } from 'zod';
import { parseInput } from '@causeway/platform';
import { issuerProblem } from './provider-url';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, 'not a domain name (e.g. acme.com)');

/**
 * configureOidcProvider changes only what it is given. For `allowedDomains` and `defaultRole`,
 * an explicit null is a value (any domain; existing members only); for the other fields null
 * means "leave as it is", as an omitted field does.
 */
const schema = z.object({
  issuer: z
    .string()
    .trim()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = issuerProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .nullish()
    .transform((v) => v ?? undefined),
  clientId: z
    .string()
    .trim()
    .min(1)
    .max(512)
    .nullish()
    .transform((v) => v ?? undefined),
  // No trim: a secret is exactly what the provider issued.
  clientSecret: z
    .string()
    .min(1)
    .max(4096)
    .nullish()
    .transform((v) => v ?? undefined),
  allowedDomains: z
    .array(domain)
    .min(1, 'give at least one domain, or null to allow any')
    .max(100)
    .transform((list) => [...new Set(list)].sort())
    .nullable()
    .optional(),
  defaultRole: z.string().trim().min(1).max(100).nullable().optional(),
  enabled: z
    .boolean()
    .nullish()
    .transform((v) => v ?? undefined),
});

export type OidcProviderChanges = z.output<typeof schema>;

/** Parses the mutation's input; the first problem becomes an INVALID_INPUT naming its top-level field. */
export function parseOidcProviderInput(input: unknown): OidcProviderChanges {
  return parseInput(schema, input, { fieldOf: (path) => path.split('.')[0], whole: 'input' });
}
