import { z } from 'zod';
import { loadConfig } from '@causeway/config';
import { LocalSecretStore } from './local/local-secret-store';
import type { SecretStore, SecretStoreLogger } from './secret-store';
import { loadVaultConfig } from './vault/vault-config';
import { VaultSecretStore, type VaultSecretStoreOptions } from './vault/vault-secret-store';

export interface CreateSecretStoreOptions {
  /** Where the local store keeps its files when Vault is not configured, e.g. `.data/secrets`. */
  dataDir: string;
  logger: SecretStoreLogger;
  /** Tuning for the Vault adapter (timeouts, retries); defaults suit production. */
  vault?: Omit<VaultSecretStoreOptions, 'logger'>;
}

// Keys are validated (and their values kept out of messages) by the local store itself.
const localEnvSchema = z.object({
  CAUSEWAY_MASTER_KEY: z.string().optional(),
  CAUSEWAY_MASTER_KEY_PREVIOUS: z.string().optional(),
});

/**
 * The composition root's one question about secrets: Vault when `VAULT_ADDR` is set, the local
 * encrypted store (the embedded default) otherwise. A bad variable throws `ConfigError` naming it.
 */
export async function createSecretStore(env: NodeJS.ProcessEnv, options: CreateSecretStoreOptions): Promise<SecretStore> {
  if (env.VAULT_ADDR?.trim()) {
    return VaultSecretStore.connect(loadVaultConfig(env), { ...options.vault, logger: options.logger });
  }
  const local = loadConfig('secrets', localEnvSchema, env);
  const masterKey = local.CAUSEWAY_MASTER_KEY?.trim() || undefined;
  const previous = local.CAUSEWAY_MASTER_KEY_PREVIOUS?.trim() || undefined;
  const store = await LocalSecretStore.open({
    dir: options.dataDir,
    masterKey,
    previousMasterKeys: previous ? previous.split(',').map((key) => key.trim()) : undefined,
    logger: options.logger,
  });
  options.logger.info(
    { dir: options.dataDir, masterKey: masterKey ? 'CAUSEWAY_MASTER_KEY' : 'generated key file' },
    'using the local encrypted secret store (single process only)',
  );
  return store;
}
