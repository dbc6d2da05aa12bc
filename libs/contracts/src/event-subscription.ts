import { z } from 'zod';

/**
 * A JSON pointer (RFC 6901) into a CloudEvent's `data`, naming a field removed before delivery;
 * a `*` segment stands for every key or array item at that level.
 */
export const redactionPointerSchema = z
  .string()
  .max(500)
  .regex(/^(\/([^~/]|~[01])*)+$/, 'expected a JSON pointer such as /pull_request/user/email');

/** `com.github.pull_request.opened` exactly, or every type under a prefix: `com.github.pull_request.*`. */
export const eventTypePatternSchema = z
  .string()
  .max(200)
  .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*(\.\*)?$/i, 'expected an event type or a prefix ending in .*');

/**
 * What a tenant admin (GraphQL) or an agent key (`POST /v1/subscriptions`) submits: one schema
 * for both doors, so they refuse the same things naming the same fields. The URL is only bounded
 * here; the egress rules judge it where the control plane writes it.
 */
export const eventSubscriptionInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.string().min(1).max(2000),
  types: z.array(eventTypePatternSchema).min(1).max(50),
  connectionIds: z.array(z.string().min(1).max(200)).max(50).nullish(),
  subjectPrefix: z.string().min(1).max(500).nullish(),
  redact: z.array(redactionPointerSchema).max(50).nullish(),
});

/**
 * What the data plane needs to deliver a tenant's events to one agent URL. The signing secret
 * is not here: it lives in the secret store at `eventSubscriptionSecretPath`.
 */
export const eventSubscriptionSchema = z.object({
  id: z.uuid(),
  tenantId: z.string().min(1).max(200),
  types: z.array(eventTypePatternSchema).min(1).max(50),
  connectionIds: z.array(z.string().min(1).max(200)).max(50).optional(),
  subjectPrefix: z.string().min(1).max(500).optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  redact: z.array(redactionPointerSchema).max(50).default([]),
  paused: z.boolean().default(false),
  /** Events received before the subscription existed are not delivered to it. */
  createdAt: z.iso.datetime({ offset: true }),
});
export type EventSubscription = z.infer<typeof eventSubscriptionSchema>;

/** The Standard Webhooks secret (`whsec_…`), and during a rotation the one it replaces: receivers accept either. */
export const storedSubscriptionSecretSchema = z.object({
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/),
  previousSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+=*$/)
    .optional(),
});
export type StoredSubscriptionSecret = z.infer<typeof storedSubscriptionSecretSchema>;

export function eventSubscriptionSecretPath(tenantId: string, subscriptionId: string): string {
  return `tenants/${tenantId}/event-subscriptions/${subscriptionId}`;
}
