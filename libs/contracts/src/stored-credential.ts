import { z } from 'zod';

/**
 * How a connection's credential is kept in the secret store (a flat map of strings, as Vault
 * KV holds it). The control plane writes it at connect time; the data plane reads it per call
 * and writes it back after a refresh, with check-and-set on the store's version.
 */
export const storedCredentialSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('token'),
    authMode: z.string().min(1),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    /** ISO instant; absent when the provider does not say (Salesforce: refresh on 401). */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    /**
     * The refresh token this one replaced, kept until the new one has been used once: if we
     * crash between the provider's answer and our write, or the provider allows a grace
     * period for the previous token, the connection is not lost.
     */
    previousRefreshToken: z.string().min(1).optional(),
    refreshedAt: z.iso.datetime({ offset: true }).optional(),
  }),
  z.object({
    kind: z.literal('basic'),
    authMode: z.string().min(1),
    username: z.string().min(1),
    password: z.string().min(1),
  }),
]);

export type StoredCredential = z.infer<typeof storedCredentialSchema>;

/** A tenant's OAuth client for a provider, as kept in the secret store. */
export const storedOAuthClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Vendor endpoint overrides (simulators), so every replica refreshes against the same place. */
  tokenUrl: z.url().optional(),
  revokeUrl: z.url().optional(),
  discoveryUrl: z.url().optional(),
});
export type StoredOAuthClient = z.infer<typeof storedOAuthClientSchema>;

/** Drops undefined fields: the secret store holds strings only. */
export function toSecretData(value: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
