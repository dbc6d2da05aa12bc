import { z } from 'zod';

/**
 * `METHOD /path` relative to the server's base URL: `{name}` matches one segment, a final
 * `**` any rest (none included), method `*` any method. Slack `* /chat.delete`, GitHub
 * `DELETE /repos/{owner}/{repo}/**`.
 */
export const proxyPatternSchema = z.string().regex(/^(\*|GET|HEAD|POST|PUT|PATCH|DELETE) \/[^\s?#]*$/, 'METHOD /path, e.g. "GET /repos/{owner}/{repo}/**"');

/**
 * How the raw proxy classifies requests it passes through, so approval policies, budgets,
 * retries and idempotency treat them as they treat tools. Destructive wins over write over
 * read; a request matching no pattern counts as a write (never retried, approvable as one).
 */
export const proxyRulesSchema = z.strictObject({
  reads: z.array(proxyPatternSchema).optional(),
  writes: z.array(proxyPatternSchema).optional(),
  destructive: z.array(proxyPatternSchema).optional(),
});

export type ProxyRules = z.infer<typeof proxyRulesSchema>;
