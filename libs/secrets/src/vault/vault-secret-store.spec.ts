import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidSecretPathError,
  SecretStoreAccessDeniedError,
  SecretStoreUnavailableError,
  SecretVersionConflictError,
  SecretWriteOutcomeUnknownError,
} from '../errors';
import { secretPath } from '../secret-path';
import type { SecretStoreLogger } from '../secret-store';
import { startVaultTarget, VaultDouble, type VaultTarget } from '../testing';
import type { VaultAuthConfig, VaultConfig } from './vault-config';
import { VaultSecretStore, type VaultSecretStoreOptions } from './vault-secret-store';

/**
 * One behavioural suite for the Vault adapter. With VAULT_ADDR and a root VAULT_TOKEN (or
 * TEST_VAULT_ADDR / TEST_VAULT_TOKEN) in the environment it runs against that server (Vault or
 * OpenBao, e.g. `tools/infra/openbao.sh start`); otherwise against the in-process double. The
 * integration tier runs it against the test OpenBao (vault-secret-store.behaviour.int-spec.ts). Everything it creates lives under a random tenant
 * and is removed afterwards.
 */
jest.setTimeout(30_000);

const SECRET = `xoxb-${randomBytes(8).toString('hex')}`;
const tenant = `t-${randomBytes(4).toString('hex')}`;
const path = (name: string) => secretPath.connection(tenant, name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a call fails with; fails the test when the call succeeds. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

let target: VaultTarget;
let rootStore: VaultSecretStore;
const opened: VaultSecretStore[] = [];
const logLines: string[] = [];
const logger: SecretStoreLogger = {
  debug: (fields, message) => logLines.push(JSON.stringify({ ...fields, message })),
  info: (fields, message) => logLines.push(JSON.stringify({ ...fields, message })),
  warn: (fields, message) => logLines.push(JSON.stringify({ ...fields, message })),
  error: (fields, message) => logLines.push(JSON.stringify({ ...fields, message })),
};
const fastRetry: VaultSecretStoreOptions['retry'] = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 };

async function connect(auth: VaultAuthConfig, overrides: Partial<VaultConfig> = {}, options: VaultSecretStoreOptions = {}) {
  const store = await VaultSecretStore.connect(
    { address: target.address, kvMount: target.kvMount, auth, ...overrides },
    { logger, retry: fastRetry, requestTimeoutMs: 3_000, connectTimeoutMs: 1_000, ...options },
  );
  opened.push(store);
  return store;
}

async function tokenStore(overrides: Partial<VaultConfig> = {}) {
  return connect({ method: 'token', token: await target.createToken({ ttlSeconds: 600 }) }, overrides);
}

beforeAll(async () => {
  target = await startVaultTarget();
  // Which server the results below are about.
  console.info(`Vault adapter suite runs against ${target.name} (${target.address})`);
  rootStore = await tokenStore();
});

afterEach(async () => {
  await Promise.all(opened.splice(1).map((store) => store.close()));
});

afterAll(async () => {
  for (const name of await rootStore.list(`tenants/${tenant}/connections`)) await rootStore.delete(path(name));
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await target?.close();
  for (const line of logLines) expect(line).not.toContain(SECRET);
});

describe('VaultSecretStore', () => {
  describe('KV v2', () => {
    it('reads back what it wrote, as version 1 with its timestamps', async () => {
      const store = rootStore;
      await expect(store.write(path('round-trip'), { accessToken: SECRET, expiresAt: '2030-01-01T00:00:00Z' })).resolves.toEqual({ version: 1 });
      const secret = await store.read(path('round-trip'));
      expect(secret).toMatchObject({ data: { accessToken: SECRET, expiresAt: '2030-01-01T00:00:00Z' }, version: 1 });
      expect(Math.abs(secret!.metadata.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(secret!.metadata.updatedAt).toEqual(secret!.metadata.createdAt);
    });

    it('answers null for a path that holds no secret', async () => {
      await expect(rootStore.read(path('never-written'))).resolves.toBeNull();
    });

    it('counts versions up by one per write and keeps the first createdAt', async () => {
      await rootStore.write(path('versions'), { v: '1' });
      const first = await rootStore.read(path('versions'));
      await sleep(5);
      await expect(rootStore.write(path('versions'), { v: '2' })).resolves.toEqual({ version: 2 });
      const second = await rootStore.read(path('versions'));
      expect(second).toMatchObject({ data: { v: '2' }, version: 2 });
      expect(second!.metadata.createdAt).toEqual(first!.metadata.createdAt);
      expect(second!.metadata.updatedAt.getTime()).toBeGreaterThan(first!.metadata.updatedAt.getTime());
    });

    it('refuses an invalid path before calling Vault', async () => {
      await expect(rootStore.read(`tenants/${tenant}/../other`)).rejects.toThrow(InvalidSecretPathError);
    });
  });

  describe('check-and-set', () => {
    it('creates with cas 0 only when the path is absent', async () => {
      await expect(rootStore.write(path('cas-create'), { v: '1' }, { cas: 0 })).resolves.toEqual({ version: 1 });
      await expect(rootStore.write(path('cas-create'), { v: 'again' }, { cas: 0 })).rejects.toThrow(SecretVersionConflictError);
      expect((await rootStore.read(path('cas-create')))!.data).toEqual({ v: '1' });
    });

    it('accepts a write whose cas matches the current version', async () => {
      await rootStore.write(path('cas-match'), { v: '1' });
      await expect(rootStore.write(path('cas-match'), { v: '2' }, { cas: 1 })).resolves.toEqual({ version: 2 });
    });

    it('refuses a write whose cas does not match the current version, changing nothing', async () => {
      await rootStore.write(path('cas-stale'), { v: '1' });
      await rootStore.write(path('cas-stale'), { v: '2' });
      const error = await failure(rootStore.write(path('cas-stale'), { v: 'stale' }, { cas: 1 }));
      expect(error).toBeInstanceOf(SecretVersionConflictError);
      expect(error).toMatchObject({ path: path('cas-stale'), expectedVersion: 1, retryable: false });
      expect(await rootStore.read(path('cas-stale'))).toMatchObject({ data: { v: '2' }, version: 2 });
    });

    it('refuses cas N for a path that holds no secret', async () => {
      await expect(rootStore.write(path('cas-absent'), { v: '1' }, { cas: 2 })).rejects.toThrow(SecretVersionConflictError);
    });

    it('lets exactly one of several replicas refreshing the same token win', async () => {
      const replicas = [rootStore, await tokenStore(), await tokenStore()];
      await rootStore.write(path('refresh-race'), { refreshToken: 'r0' });
      const results = await Promise.allSettled(
        replicas.flatMap((replica, r) => [0, 1, 2].map((i) => replica.write(path('refresh-race'), { refreshToken: `r${r}-${i}` }, { cas: 1 }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const lost of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(lost.reason).toBeInstanceOf(SecretVersionConflictError);
      }
      expect((await rootStore.read(path('refresh-race')))!.version).toBe(2);
    });
  });

  describe('delete and list', () => {
    it('destroys every version; the next write starts again at version 1', async () => {
      await rootStore.write(path('doomed'), { v: '1' });
      await rootStore.write(path('doomed'), { v: '2' });
      await rootStore.delete(path('doomed'));
      await expect(rootStore.read(path('doomed'))).resolves.toBeNull();
      await expect(rootStore.write(path('doomed'), { v: 'again' }, { cas: 0 })).resolves.toEqual({ version: 1 });
      await rootStore.delete(path('doomed'));
    });

    it('treats deleting an absent path as done', async () => {
      await expect(rootStore.delete(path('never-there'))).resolves.toBeUndefined();
    });

    it("lists the names directly under a prefix, folders with a trailing '/'", async () => {
      const listTenant = `l-${randomBytes(4).toString('hex')}`;
      await rootStore.write(secretPath.connection(listTenant, 'conn-a'), { v: '1' });
      await rootStore.write(secretPath.connection(listTenant, 'conn-b'), { v: '1' });
      await rootStore.write(secretPath.oauthApp(listTenant, 'slack'), { clientSecret: SECRET });
      try {
        expect(await rootStore.list(`tenants/${listTenant}/connections`)).toEqual(['conn-a', 'conn-b']);
        expect(await rootStore.list(`tenants/${listTenant}/`)).toEqual(['connections/', 'oauth-apps/']);
        expect(await rootStore.list('tenants')).toContain(`${listTenant}/`);
        expect(await rootStore.list(`tenants/${listTenant}-nobody`)).toEqual([]);
      } finally {
        await rootStore.delete(secretPath.connection(listTenant, 'conn-a'));
        await rootStore.delete(secretPath.connection(listTenant, 'conn-b'));
        await rootStore.delete(secretPath.oauthApp(listTenant, 'slack'));
      }
    });
  });

  describe('tokens', () => {
    it('renews a short-lived token before it expires, so calls keep working past its TTL', async () => {
      const token = await target.createToken({ ttlSeconds: 3, maxTtlSeconds: 120 });
      const renewalsBefore = target.double?.requestsTo('POST', 'auth/token/renew-self').length ?? 0;
      const store = await connect({ method: 'token', token });
      await store.write(path('renewal'), { v: '1' });
      for (let i = 0; i < 5; i += 1) {
        await sleep(1_000);
        await expect(store.read(path('renewal'))).resolves.toMatchObject({ version: 1 });
      }
      if (target.double) expect(target.double.requestsTo('POST', 'auth/token/renew-self').length - renewalsBefore).toBeGreaterThanOrEqual(2);
    });

    it('refuses a token Vault does not accept, at connect, without echoing it', async () => {
      const bogus = `hvs.${randomBytes(18).toString('base64url')}`;
      const error = await failure(connect({ method: 'token', token: bogus }));
      expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
      expect(error.message).toContain('VAULT_TOKEN');
      expect(error.message).not.toContain(bogus);
    });

    it('checks readiness with the token it holds', async () => {
      await expect(rootStore.check()).resolves.toBeUndefined();
    });
  });

  describe('AppRole', () => {
    it('logs in with a role id and secret id and uses the token it got', async () => {
      const role = await target.createAppRole();
      const store = await connect({ method: 'approle', ...role });
      await store.write(path('approle'), { v: SECRET });
      expect((await rootStore.read(path('approle')))!.data).toEqual({ v: SECRET });
    });

    it('logs in again when Vault stops accepting its token', async () => {
      const role = await target.createAppRole();
      const store = await connect({ method: 'approle', ...role });
      await store.write(path('relogin'), { v: '1' });
      await target.revokeAppRoleTokens();
      await expect(store.write(path('relogin'), { v: '2' }, { cas: 1 })).resolves.toEqual({ version: 2 });
      await expect(store.read(path('relogin'))).resolves.toMatchObject({ version: 2 });
    });

    it('renews while it can and logs in again once the token nears its max TTL', async () => {
      const role = await target.createAppRole({ tokenTtlSeconds: 2, tokenMaxTtlSeconds: 4 });
      const before = {
        renewals: target.double?.requestsTo('POST', 'auth/token/renew-self').length ?? 0,
        logins: target.double?.requestsTo('POST', 'auth/approle/login').length ?? 0,
      };
      const store = await connect({ method: 'approle', ...role });
      await store.write(path('max-ttl'), { v: '1' });
      for (let i = 0; i < 7; i += 1) {
        await sleep(1_000);
        await expect(store.read(path('max-ttl'))).resolves.toMatchObject({ version: 1 });
      }
      if (target.double) {
        expect(target.double.requestsTo('POST', 'auth/token/renew-self').length - before.renewals).toBeGreaterThanOrEqual(1);
        expect(target.double.requestsTo('POST', 'auth/approle/login').length - before.logins).toBeGreaterThanOrEqual(2);
      }
    });

    it('refuses a wrong secret id at connect, naming neither credential', async () => {
      const role = await target.createAppRole();
      const wrong = randomBytes(16).toString('hex');
      const error = await failure(connect({ method: 'approle', ...role, secretId: wrong }));
      expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
      expect(error.message).toContain('AppRole login');
      expect(error.message).not.toContain(wrong);
      expect(error.message).not.toContain(role.roleId);
    });
  });

  describe('outages', () => {
    it('fails reads with a retryable error while Vault is down, and works again after', async () => {
      const link = await target.outage();
      const store = await connect({ method: 'token', token: await target.createToken({ ttlSeconds: 600 }) }, { address: link.address });
      await store.write(path('outage'), { v: '1' });
      await link.down();
      try {
        const error = await failure(store.read(path('outage')));
        expect(error).toBeInstanceOf(SecretStoreUnavailableError);
        expect(error).toMatchObject({ retryable: true, code: 'unavailable' });
        await expect(store.check()).rejects.toThrow(SecretStoreUnavailableError);
      } finally {
        await link.up();
      }
      await expect(store.read(path('outage'))).resolves.toMatchObject({ data: { v: '1' } });
      await expect(store.check()).resolves.toBeUndefined();
    });

    it('starts while Vault is down, reports not ready, and logs in on first use once it is back', async () => {
      const link = await target.outage();
      const role = await target.createAppRole();
      await link.down();
      try {
        const store = await connect({ method: 'approle', ...role }, { address: link.address });
        await expect(store.check()).rejects.toThrow(SecretStoreUnavailableError);
        await expect(store.read(path('late-start'))).rejects.toThrow(SecretStoreUnavailableError);
        await link.up();
        await expect(store.read(path('late-start'))).resolves.toBeNull();
        await expect(store.check()).resolves.toBeUndefined();
      } finally {
        await link.up();
      }
    });

    it('reports a write whose answer was lost as outcome-unknown, and does not resend it', async () => {
      const link = await target.lossyLink();
      const store = await connect({ method: 'token', token: await target.createToken({ ttlSeconds: 600 }) }, { address: link.address() });
      await store.write(path('lost-answer'), { v: '1' });
      const postsBefore = target.double?.requestsTo('POST', `${target.kvMount}/data/`).length ?? 0;
      link.dropNextResponses(1);
      const error = await failure(store.write(path('lost-answer'), { v: '2' }, { cas: 1 }));
      expect(error).toBeInstanceOf(SecretWriteOutcomeUnknownError);
      // It had in fact been applied: a blind retry with cas 1 would have reported a false conflict.
      await expect(store.read(path('lost-answer'))).resolves.toMatchObject({ data: { v: '2' }, version: 2 });
      if (target.double) expect(target.double.requestsTo('POST', `${target.kvMount}/data/`).length).toBe(postsBefore + 1);
    });
  });

  describe('against a double of its own, whatever the target: what needs Kubernetes, Enterprise or a test control', () => {
    let double: VaultDouble;
    const stores: VaultSecretStore[] = [];
    const connectToDouble = async (auth: VaultAuthConfig, overrides: Partial<VaultConfig> = {}) => {
      const store = await VaultSecretStore.connect({ address: double.address, kvMount: double.kvMount, auth, ...overrides }, { logger, retry: fastRetry });
      stores.push(store);
      return store;
    };

    beforeAll(async () => {
      double = await VaultDouble.start();
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await double.close();
    });

    it('logs in with Kubernetes auth, re-reading the service-account token file for every login', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'causeway-k8s-'));
      try {
        const jwtPath = join(dir, 'token');
        const [first, second] = [`eyJ.${randomBytes(12).toString('hex')}`, `eyJ.${randomBytes(12).toString('hex')}`];
        double.setKubernetesRole({ role: 'causeway', jwt: first });
        await writeFile(jwtPath, `${first}\n`);
        const store = await connectToDouble({ method: 'kubernetes', role: 'causeway', jwtPath, mount: 'kubernetes' });
        await store.write(path('k8s'), { v: '1' });

        // The kubelet rotated the projected token, and the old Vault token ran out.
        double.setKubernetesRole({ role: 'causeway', jwt: second });
        await writeFile(jwtPath, second);
        double.expireTokens('auth/kubernetes/');
        await expect(store.read(path('k8s'))).resolves.toMatchObject({ version: 1 });
        expect(double.requestsTo('POST', 'auth/kubernetes/login').map((r) => r.status)).toEqual([200, 200]);
        for (const line of logLines) expect(line).not.toContain(second);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('names the token file when it cannot be read', async () => {
      const error = await failure(connectToDouble({ method: 'kubernetes', role: 'r', jwtPath: '/nonexistent/token', mount: 'kubernetes' }));
      expect(error).toBeInstanceOf(SecretStoreAccessDeniedError);
      expect(error.message).toContain('/nonexistent/token');
    });

    it('sends X-Vault-Namespace when a namespace is configured, and the token only as a header', async () => {
      const store = await connectToDouble({ method: 'token', token: double.createToken() }, { namespace: 'team-a' });
      await store.read(path('ns'));
      const reads = double.requestsTo('GET', `${double.kvMount}/data/${path('ns')}`);
      expect(reads.at(-1)).toMatchObject({ namespace: 'team-a', query: '' });
    });

    it('comes back on the same port after stop() and restart(), keeping its data', async () => {
      const store = await connectToDouble({ method: 'token', token: double.rootToken });
      await store.write(path('restart'), { v: '1' });
      const address = double.address;
      await double.stop();
      await expect(fetch(`${address}/v1/sys/health`)).rejects.toThrow();
      await double.restart();
      expect(double.address).toBe(address);
      await expect(store.read(path('restart'))).resolves.toMatchObject({ version: 1 });
    });
  });

  describe('errors and logs', () => {
    it('never carry a token or a secret value', async () => {
      const token = await target.createToken({ ttlSeconds: 600 });
      const store = await connect({ method: 'token', token });
      await store.write(path('quiet'), { accessToken: SECRET });
      const errors = await Promise.all([
        failure(store.write(path('quiet'), { accessToken: SECRET }, { cas: 0 })),
        failure(store.write(path('quiet'), { accessToken: SECRET, n: 1 } as unknown as Record<string, string>)),
        failure(store.write(`tenants/${tenant}//quiet`, { accessToken: SECRET })),
      ]);
      expect(errors.map((e) => e.constructor.name)).toEqual(['SecretVersionConflictError', 'InvalidSecretDataError', 'InvalidSecretPathError']);
      for (const error of errors) {
        expect(error.message).not.toContain(SECRET);
        expect(error.message).not.toContain(token);
      }
      for (const line of logLines) expect(line).not.toContain(token);
    });
  });
});
