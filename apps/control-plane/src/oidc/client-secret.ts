import { assertSecretPath, secretPath, SecretVersionConflictError, type SecretStore } from '@causeway/secrets';
import { OidcError, OidcErrorCode } from './oidc.errors';

/** The one secret-store key of an OIDC client secret. */
const KEY = 'clientSecret';

/** `tenants/{tenantId}/oidc/{providerId}`: inside the tenant's subtree, beside its connections. */
export function clientSecretPath(tenantId: string, providerId: string): string {
  return assertSecretPath(`${secretPath.tenant(tenantId)}/oidc/${providerId}`);
}

export async function readClientSecret(store: SecretStore, path: string): Promise<string | null> {
  const secret = await store.read(path);
  return secret?.data[KEY] ?? null;
}

export async function clientSecretWrittenAt(store: SecretStore, path: string): Promise<Date | null> {
  return (await store.read(path))?.metadata.updatedAt ?? null;
}

/**
 * Writes a new client secret with check-and-set against the version we read, so of two
 * concurrent writers one wins and the other hears about it. Returns how to put the previous
 * secret back if the change that goes with it does not commit.
 */
export async function replaceClientSecret(store: SecretStore, path: string, clientSecret: string): Promise<{ undo(): Promise<void> }> {
  const previous = await store.read(path);
  let written: { version: number };
  try {
    written = await store.write(path, { [KEY]: clientSecret }, { cas: previous?.version ?? 0 });
  } catch (error) {
    if (error instanceof SecretVersionConflictError) {
      throw new OidcError(OidcErrorCode.Conflict, 'the client secret was changed at the same time by someone else; try again', 'clientSecret');
    }
    throw error;
  }
  return {
    undo: () => (previous ? store.write(path, previous.data, { cas: written.version }).then(() => undefined) : store.delete(path)),
  };
}
