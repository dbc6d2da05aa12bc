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
    /**
     * The token endpoint filled with the connection's parameters at consent
     * (`login.microsoftonline.com/{tenant}/…`) and checked then; refreshes go there.
     */
    tokenUrl: z.url().optional(),
  }),
  /**
   * A token minted from a stored credential (client credentials, JWT bearer): no refresh
   * token, so the minting material stays here and a new token is minted when this one ends.
   */
  z.object({
    kind: z.literal('minted'),
    authMode: z.string().min(1),
    /** The filled, host-checked token endpoint. */
    tokenUrl: z.url(),
    /** Client id, consumer key (Salesforce) or service account email (Google). */
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    /** PKCS #8 PEM private key for a JWT-bearer assertion. */
    privateKey: z.string().min(1).optional(),
    keyId: z.string().min(1).optional(),
    /** The assertion's `sub`: a Salesforce username or a Google Workspace user. */
    subject: z.string().min(1).optional(),
    /** Space-separated scopes to ask for (the store holds strings only). */
    scopes: z.string().optional(),
    accessToken: z.string().min(1),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    mintedAt: z.iso.datetime({ offset: true }).optional(),
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
