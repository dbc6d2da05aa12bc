export * from './secret-store';
export * from './errors';
export { secretPath, assertSecretPath } from './secret-path';
export { createSecretStore, type CreateSecretStoreOptions } from './create-secret-store';
export { LocalSecretStore, type LocalSecretStoreOptions } from './local/local-secret-store';
export { VaultSecretStore, type VaultSecretStoreOptions } from './vault/vault-secret-store';
export { loadVaultConfig, vaultEnvSchema, type VaultConfig, type VaultAuthConfig } from './vault/vault-config';
export type { RetryPolicy } from './vault/retry-policy';
