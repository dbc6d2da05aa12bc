/**
 * The Vault adapter's behavioural suite (vault-secret-store.spec.ts) once more, in the
 * integration tier: the global setup exports TEST_VAULT_ADDR / TEST_VAULT_TOKEN of the test
 * OpenBao, so startVaultTarget() picks the real server instead of the double.
 */
import './vault-secret-store.spec';
