import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@causeway/config';
import { createSecretStore } from './create-secret-store';
import { silentLogger, type SecretStore } from './secret-store';
import { VaultDouble } from './testing';

describe('createSecretStore', () => {
  let dir: string;
  let double: VaultDouble;
  const stores: SecretStore[] = [];

  beforeAll(async () => {
    double = await VaultDouble.start({ appRoles: [{ roleId: 'causeway-role', secretId: 'causeway-secret' }] });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'causeway-factory-'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => double.close());

  const create = async (env: NodeJS.ProcessEnv) => {
    const store = await createSecretStore(env, { dataDir: dir, logger: silentLogger });
    stores.push(store);
    return store;
  };

  it('chooses the local encrypted store when VAULT_ADDR is not set', async () => {
    const store = await create({});
    expect(store.kind).toBe('local');
    await store.write('tenants/acme/connections/c1', { token: 't' });
    expect((await store.read('tenants/acme/connections/c1'))!.data).toEqual({ token: 't' });
  });

  it('uses CAUSEWAY_MASTER_KEY for the local store when given', async () => {
    const key = randomBytes(32).toString('base64');
    await (await create({ CAUSEWAY_MASTER_KEY: key })).write('tenants/acme/connections/c1', { token: 't' });
    await expect((await create({ CAUSEWAY_MASTER_KEY: randomBytes(32).toString('base64') })).read('tenants/acme/connections/c1')).rejects.toThrow(
      /wrapped with master key/,
    );
  });

  it('chooses Vault when VAULT_ADDR is set, logging in with AppRole', async () => {
    const store = await create({
      VAULT_ADDR: double.address,
      VAULT_ROLE_ID: 'causeway-role',
      VAULT_SECRET_ID: 'causeway-secret',
    });
    expect(store.kind).toBe('vault');
    await store.write('tenants/acme/connections/c1', { token: 't' });
    expect(double.requestsTo('POST', 'auth/approle/login')).toHaveLength(1);
  });

  it('stops with a ConfigError naming the variable when Vault has no way to authenticate', async () => {
    await expect(create({ VAULT_ADDR: double.address })).rejects.toThrow(ConfigError);
    await expect(create({ VAULT_ADDR: double.address })).rejects.toThrow(/VAULT_TOKEN: VAULT_ADDR is set but no way to authenticate/);
  });
});
