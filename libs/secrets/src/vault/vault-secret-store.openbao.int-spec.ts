import { randomBytes } from 'node:crypto';
import { SecretStoreAccessDeniedError, SecretStoreUnavailableError, SecretWriteOutcomeUnknownError } from '../errors';
import { secretPath } from '../secret-path';
import type { SecretStoreLogger } from '../secret-store';
import { PrivateOpenBao, realVaultFromEnv } from '../testing';
import type { VaultAuthConfig, VaultConfig } from './vault-config';
import { VaultHttp } from './vault-http';
import { VaultSecretStore } from './vault-secret-store';

/**
 * What a real OpenBao showed that the double did not. Runs against the integration tier's
 * OpenBao (tools/infra/openbao.sh, TEST_VAULT_ADDR / TEST_VAULT_TOKEN from the global setup),
 * sets up policies, tokens, mounts and AppRoles with the root token and removes them after.
 * Sealing happens on a private server of its own, never on the shared one.
 */
jest.setTimeout(60_000);

const server = realVaultFromEnv();
const run = `cw-${randomBytes(4).toString('hex')}`;
const tenant = `t-${randomBytes(4).toString('hex')}`;
const path = (name: string) => secretPath.connection(tenant, name);
const fastRetry = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 };

let admin: VaultHttp;
const cleanups: Array<() => Promise<unknown>> = [];
const stores: VaultSecretStore[] = [];

async function root(what: string, method: 'GET' | 'POST' | 'DELETE', apiPath: string, body?: unknown) {
  const response = await admin.send(method, apiPath, { token: server!.rootToken, body });
  if (response.status >= 300) throw new Error(`test set-up: ${what} answered ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Vault's admin answers, read field by field
}

async function policy(name: string, rules: string[]): Promise<string> {
  const full = `${run}-${name}`;
  await root('write policy', 'POST', `sys/policies/acl/${full}`, { policy: rules.join('\n') });
  cleanups.push(() => admin.send('DELETE', `sys/policies/acl/${full}`, { token: server!.rootToken }));
  return full;
}

async function tokenWith(policies: string[]): Promise<string> {
  return (await root('create token', 'POST', 'auth/token/create', { policies, ttl: '10m' })).auth.client_token;
}

/** A store and the lines it logged (messages only). */
async function connect(auth: VaultAuthConfig, overrides: Partial<VaultConfig> = {}, address = server!.address) {
  const lines: string[] = [];
  const log = (_fields: object, message: string) => lines.push(message);
  const logger: SecretStoreLogger = { debug: log, info: log, warn: log, error: log };
  const store = await VaultSecretStore.connect(
    { address, kvMount: 'secret', auth, ...overrides },
    { logger, retry: fastRetry, requestTimeoutMs: 3_000, connectTimeoutMs: 1_000 },
  );
  stores.push(store);
  return { store, lines };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const describeReal = server ? describe : describe.skip;

describeReal('VaultSecretStore against a real OpenBao', () => {
  beforeAll(() => {
    admin = new VaultHttp({ address: server!.address });
  });

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await admin.send('DELETE', `secret/metadata/tenants/${tenant}`, { token: server!.rootToken });
    for (const name of ['soft-deleted', 'allowed']) await admin.send('DELETE', `secret/metadata/${path(name)}`, { token: server!.rootToken });
    for (const cleanup of cleanups.reverse()) await cleanup();
    await admin?.close();
  });

  it('creates with cas 0 over a latest version someone soft-deleted outside Causeway', async () => {
    const { store } = await connect({ method: 'token', token: server!.rootToken });
    await store.write(path('soft-deleted'), { v: '1' });
    await root('soft delete', 'DELETE', `secret/data/${path('soft-deleted')}`);

    await expect(store.read(path('soft-deleted'))).resolves.toBeNull();
    // What a caller does with a null read: create. The deleted version 1 is still "current".
    await expect(store.write(path('soft-deleted'), { v: 'new' }, { cas: 0 })).resolves.toEqual({ version: 2 });
    await expect(store.read(path('soft-deleted'))).resolves.toMatchObject({ data: { v: 'new' }, version: 2 });
    // A second create still conflicts: the path holds a live secret now.
    await expect(store.write(path('soft-deleted'), { v: 'again' }, { cas: 0 })).rejects.toMatchObject({
      code: 'version_conflict',
    });
  });

  it('reports a write to a sealed server as unavailable, not as an outcome it cannot know', async () => {
    const sealed = await PrivateOpenBao.start();
    try {
      const { store } = await connect({ method: 'token', token: sealed.rootToken }, {}, sealed.address);
      await store.write(path('sealed'), { v: '1' });
      await sealed.seal();
      expect(await sealed.health()).toBe(503);

      const error = await failure(store.write(path('sealed'), { v: '2' }, { cas: 1 }));
      expect(error).toBeInstanceOf(SecretStoreUnavailableError);
      expect(error).not.toBeInstanceOf(SecretWriteOutcomeUnknownError);
      expect(error).toMatchObject({ code: 'unavailable', retryable: true });
      expect(error.message).toContain('Vault is sealed');
      await expect(store.check()).rejects.toThrow(SecretStoreUnavailableError);
    } finally {
      await sealed.stop();
    }
  });

  it('names VAULT_NAMESPACE when the namespace does not exist', async () => {
    const error = await failure(connect({ method: 'token', token: server!.rootToken }, { namespace: `${run}-no-such-namespace` }));
    expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
    expect(error.message).toContain('VAULT_NAMESPACE');
    expect(error.message).toContain(`${run}-no-such-namespace`);
  });

  it('refuses a KV version 1 mount before writing anything to it', async () => {
    const mount = `${run}-kv1`;
    await root('enable kv v1', 'POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '1' } });
    cleanups.push(() => admin.send('DELETE', `sys/mounts/${mount}`, { token: server!.rootToken }));

    const error = await failure(
      (async () => {
        const { store } = await connect({ method: 'token', token: server!.rootToken }, { kvMount: mount });
        await store.write(path('kv1'), { v: '1' });
      })(),
    );
    expect(error.message).toContain('VAULT_KV_MOUNT');
    expect(error.message).toContain('KV version 1');
    expect(error.message).not.toContain('answered 204');
    // Nothing landed at the literal `data/...` path a KV v1 mount would have used.
    const literal = await admin.send('GET', `${mount}/data/${path('kv1')}`, { token: server!.rootToken });
    expect(literal.status).toBe(404);
  });

  it('fails readiness for a live token whose policy does not cover the secrets', async () => {
    const elsewhere = await policy('elsewhere', ['path "secret/data/elsewhere/*" { capabilities = ["read"] }']);
    const { store } = await connect({ method: 'token', token: await tokenWith([elsewhere]) });

    const error = await failure(store.check());
    expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
    expect(error.message).toMatch(/does not allow read, create or update on secret\/data\/tenants/);
  });

  it('refuses at start a token that may not touch the KV mount at all', async () => {
    const otherMount = await policy('other-mount', ['path "cubbyhole/*" { capabilities = ["read"] }']);
    const error = await failure(connect({ method: 'token', token: await tokenWith([otherMount]) }));
    expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
    expect(error.message).toContain('VAULT_KV_MOUNT');
  });

  it('takes a policy-denied call with AppRole for what it is: no new login, no retry', async () => {
    const mounts = await root('list auth methods', 'GET', 'sys/auth');
    const approle = `${run}-approle`;
    await root('enable approle', 'POST', `sys/auth/${approle}`, { type: 'approle' });
    cleanups.push(() => admin.send('DELETE', `sys/auth/${approle}`, { token: server!.rootToken }));
    expect((mounts.data ?? mounts)[`${approle}/`]).toBeUndefined();
    const onlyAllowed = await policy('only-allowed', [
      `path "secret/data/${path('allowed')}" { capabilities = ["create", "read", "update"] }`,
      `path "secret/metadata/${path('allowed')}" { capabilities = ["read"] }`,
    ]);
    await root('create role', 'POST', `auth/${approle}/role/causeway`, { token_policies: [onlyAllowed] });
    const roleId = (await root('role id', 'GET', `auth/${approle}/role/causeway/role-id`)).data.role_id;
    const secretId = (await root('secret id', 'POST', `auth/${approle}/role/causeway/secret-id`, {})).data.secret_id;
    const { store, lines } = await connect({ method: 'approle', roleId, secretId, mount: approle });
    await expect(store.write(path('allowed'), { v: '1' })).resolves.toEqual({ version: 1 });
    const loginsBefore = lines.filter((line) => line === 'obtained a Vault token').length;

    const error = await failure(store.write(path('forbidden'), { v: '1' }));
    expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
    expect(lines).not.toContain('Vault refused our token; logging in again');
    expect(lines.filter((line) => line === 'obtained a Vault token').length).toBe(loginsBefore);
    // The token was fine all along: the allowed path still works with it.
    await expect(store.read(path('allowed'))).resolves.toMatchObject({ version: 1 });
  });
});
