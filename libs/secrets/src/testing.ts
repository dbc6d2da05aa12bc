/**
 * Test support, kept out of `index.ts` so production code never loads it. Packages here expose
 * only `src/index.ts` (the `@causeway/*` path maps to it), so tests import this file by relative
 * path; `libs/testing` may re-export it for other projects' tests.
 */
export { VaultDouble, type VaultDoubleOptions, type RecordedRequest, type DoubleAppRole, type DoubleKubernetesRole } from './vault/testing/vault-double';
export { TcpProxy } from './vault/testing/tcp-proxy';
export { PrivateOpenBao } from './vault/testing/private-openbao';
export { startVaultTarget, realVaultFromEnv, type VaultTarget, type AppRoleCredentials, type Interruptible } from './vault/testing/vault-target';
