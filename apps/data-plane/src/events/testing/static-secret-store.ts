import type { SecretStore, VersionedSecret } from '@causeway/secrets';

/** A read-only secret store holding fixed secrets, for tests of the webhook ingest. */
export function staticSecretStore(secrets: Record<string, Record<string, string>>): SecretStore {
  const unsupported = async (): Promise<never> => {
    throw new Error('static secret store is read-only');
  };
  return {
    kind: 'local',
    read: async (path: string): Promise<VersionedSecret | null> => (secrets[path] ? ({ data: secrets[path], version: 1 } as unknown as VersionedSecret) : null),
    write: unsupported,
    delete: unsupported,
    list: async () => [],
    check: async () => undefined,
    close: async () => undefined,
  };
}
