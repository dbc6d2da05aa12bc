import { z } from 'zod';
import { SecretStoreAccessDeniedError, SecretStoreResponseError, SecretStoreUnavailableError } from '../errors';
import { vaultErrors } from './vault-auth';
import type { VaultClient } from './vault-client';
import type { VaultHttp } from './vault-http';

const mountSchema = z.object({
  data: z.object({ type: z.string(), options: z.object({ version: z.string().optional() }).nullish() }),
});

/**
 * Refuses a mount that is not KV version 2 before anything is written to it. A KV v1 mount
 * accepts `POST {mount}/data/{path}` with 204 and stores the secret under the literal path
 * `data/{path}`: without this check the first write "succeeds" in the wrong place.
 *
 * `sys/internal/ui/mounts/{mount}` is what Vault's own CLI asks: any token with a capability
 * under the mount may read it, and it answers 403 for a token with none (or no such mount).
 */
export async function assertKvV2Mount(client: VaultClient, mount: string): Promise<void> {
  const what = `inspect the KV mount ${JSON.stringify(mount)} (VAULT_KV_MOUNT)`;
  const response = await client.call('GET', `sys/internal/ui/mounts/${mount}`, { idempotent: true, what });
  if (response.status !== 200) throw new SecretStoreResponseError(`${what}: Vault answered ${response.status}${vaultErrors(response)}`);
  const parsed = mountSchema.safeParse(response.body);
  if (!parsed.success) throw new SecretStoreResponseError(`${what}: unexpected response shape`, response.status);
  const { type, options } = parsed.data.data;
  if (type !== 'kv' || options?.version !== '2') {
    const kind = type === 'kv' ? `KV version ${options?.version ?? '1'}` : `a ${JSON.stringify(type)} mount`;
    throw new SecretStoreResponseError(
      `VAULT_KV_MOUNT ${JSON.stringify(mount)} is ${kind}; Causeway needs KV version 2 (bao secrets enable -version=2 -path=${mount} kv)`,
    );
  }
}

/** What the service needs on a connection secret: read it, and write it (create or update). */
const DATA_NEEDS = [['read'], ['create', 'update']] as const;

/**
 * Asks Vault what our token may do on a secret path of the shape we use, so a token whose
 * policy does not cover the mount fails readiness instead of every later call. `lookup-self`
 * alone succeeds for any live token, whatever its policy.
 */
export async function assertKvCapabilities(http: VaultHttp, token: string, mount: string): Promise<void> {
  const probe = `${mount}/data/tenants/readiness-probe/connections/probe`;
  let response;
  try {
    response = await http.send('POST', 'sys/capabilities-self', { token, body: { paths: [probe] } });
  } catch (error) {
    throw new SecretStoreUnavailableError(`Vault is unreachable: ${(error as Error).message}`, { cause: error });
  }
  if (response.status >= 500 || response.status === 429) throw new SecretStoreUnavailableError(`Vault answered ${response.status}${vaultErrors(response)}`);
  const body = response.body as { data?: Record<string, unknown> } | undefined;
  const granted = body?.data?.[probe];
  if (response.status !== 200 || !Array.isArray(granted))
    throw new SecretStoreResponseError(`capabilities-self answered ${response.status}${vaultErrors(response)}`, response.status);
  if (granted.includes('root')) return;
  const missing = DATA_NEEDS.filter((anyOf) => !anyOf.some((c) => granted.includes(c))).map((anyOf) => anyOf.join(' or '));
  if (missing.length > 0)
    throw new SecretStoreAccessDeniedError(
      `the Vault token's policy does not allow ${missing.join(', ')} on ${mount}/data/tenants/* (VAULT_KV_MOUNT ${JSON.stringify(mount)}); it has: ${granted.join(', ') || 'nothing'}`,
    );
}
