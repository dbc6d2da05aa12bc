import { storedCredentialSchema, storedOAuthClientSchema, type StoredCredential, type StoredOAuthClient } from '@causeway/contracts';
import { secretPath, type SecretStore } from '@causeway/secrets';

/** Reads a connection's credential; a value that does not parse is treated as missing (and never echoed). */
export async function readCredential(store: SecretStore, tenantId: string, connectionId: string): Promise<StoredCredential | null> {
  const secret = await store.read(secretPath.connection(tenantId, connectionId));
  const parsed = secret ? storedCredentialSchema.safeParse(secret.data) : null;
  return parsed?.success ? parsed.data : null;
}

export async function readOAuthClient(store: SecretStore, tenantId: string, provider: string): Promise<StoredOAuthClient | null> {
  const secret = await store.read(secretPath.oauthApp(tenantId, provider));
  const parsed = secret ? storedOAuthClientSchema.safeParse(secret.data) : null;
  return parsed?.success ? parsed.data : null;
}
