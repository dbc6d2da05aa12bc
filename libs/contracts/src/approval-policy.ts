import { z } from 'zod';

/**
 * A tenant's approval policy: which calls wait for a human, how trust is earned, and the
 * daily budgets of its keys. The control plane validates and stores it; the data plane
 * receives it as the config entity `policy` (entity id = tenant id) and validates it again,
 * because a topic is an input like any other. Secrets never appear here: the webhook's
 * signing secret lives in the secret store (`webhookSecretSet` only says one is there).
 */

const toolId = z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'a tool id like slack.post_message');
const providerId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a connector id like slack');
const roleName = z.string().min(1).max(100);

export const APPROVAL_SIDE_EFFECTS = ['read', 'write', 'destructive'] as const;

/** A call needs approval when it matches any of the lists (side effect, connector, tool, key, role of the key's creator). */
export const approvalRequirementSchema = z.strictObject({
  sideEffects: z.array(z.enum(APPROVAL_SIDE_EFFECTS)).max(3).default([]),
  connectors: z.array(providerId).max(50).default([]),
  tools: z.array(toolId).max(200).default([]),
  keys: z.array(z.uuid()).max(200).default([]),
  roles: z.array(roleName).max(50).default([]),
});

/** After `successes` approved, successful executions with no rejection or failure in `windowDays`, a key acts alone on that tool. */
export const graduationSchema = z.strictObject({
  successes: z.number().int().min(1).max(1000),
  windowDays: z.number().int().min(1).max(365),
});

/** A daily cap for a key on a tool; the most specific entry (key and tool, key, tool, neither) applies. */
export const budgetSchema = z
  .strictObject({
    keyId: z.uuid().optional(),
    tool: toolId.optional(),
    callsPerDay: z.number().int().min(0).max(10_000_000).optional(),
    costUnitsPerDay: z.number().int().min(0).max(1_000_000_000).optional(),
  })
  .refine((b) => b.callsPerDay !== undefined || b.costUnitsPerDay !== undefined, { message: 'set callsPerDay, costUnitsPerDay or both' });

export const approvalPolicySchema = z.strictObject({
  requireApproval: approvalRequirementSchema.default({ sideEffects: ['destructive'], connectors: [], tools: [], keys: [], roles: [] }),
  /** How long a pending approval waits for a decision, and how long an approved one may be executed. */
  approvalTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(3600),
  graduation: graduationSchema.nullable().default(null),
  budgets: z.array(budgetSchema).max(200).default([]),
  /** Past a budget: the call waits for a human (`approval`) or is refused (`refuse`). */
  overBudget: z.enum(['approval', 'refuse']).default('approval'),
  /** Notified (HMAC-signed) of every approval requested and decided. */
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  webhookSecretSet: z.boolean().default(false),
  /** Posts a message per pending approval through the tenant's Slack connection. */
  slack: z
    .strictObject({ connectionId: z.uuid(), channel: z.string().regex(/^[A-Z0-9]{2,20}$/, 'a Slack channel id like C0123ABCD') })
    .nullable()
    .default(null),
});

export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;
export type ApprovalPolicyInput = z.input<typeof approvalPolicySchema>;
export type ApprovalBudget = z.infer<typeof budgetSchema>;

/** Every destructive tool waits for a human; nothing else does; no budgets, no graduation. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = approvalPolicySchema.parse({});

/** Headers of approval webhooks and callbacks: `t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, "<t>.<raw body>")>`. */
export const APPROVAL_SIGNATURE_HEADER = 'causeway-signature';
