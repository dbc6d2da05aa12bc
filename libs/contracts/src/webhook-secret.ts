import { z } from 'zod';

/**
 * A connection's inbound-webhook signing secret, as kept in the secret store (never in the
 * config stream): the vendor's signing secret, and during a rotation the one it replaces, so
 * deliveries signed with either verify until the vendor has switched.
 */
export const storedWebhookSecretSchema = z.object({
  secret: z.string().min(1),
  previousSecret: z.string().min(1).optional(),
});
export type StoredWebhookSecret = z.infer<typeof storedWebhookSecretSchema>;

/** Where it is kept: beside, not inside, the connection's credential (they rotate separately). */
export function webhookSecretPath(tenantId: string, connectionId: string): string {
  return `tenants/${tenantId}/webhook-secrets/${connectionId}`;
}
