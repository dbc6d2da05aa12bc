import { VaultSecretStore } from '@causeway/secrets';
import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { startVaultTarget, type Interruptible, type VaultTarget } from '../../libs/secrets/src/testing';
import { PlatformHarness } from '../support/platform-harness';

/**
 * Credentials live in Vault (a real server when VAULT_ADDR/VAULT_TOKEN are set, otherwise the
 * HTTP double of the same API). While Vault is down, calls whose cached credentials are still
 * valid keep working; calls that need the store get a retryable answer; all recovers after.
 */
describe('secret store outage', () => {
  let vault: VaultTarget;
  let link: Interruptible;
  let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
  let cp: PlatformHarness;
  let key: string;

  beforeAll(async () => {
    vault = await startVaultTarget();
    link = await vault.outage();
    const token = await vault.createToken({ ttlSeconds: 3600 });
    slack = await startSlackSimulator();
    cp = new PlatformHarness(
      { CREDENTIAL_CACHE_TTL_MS: 200 },
      { secretStore: () => VaultSecretStore.connect({ address: link.address, kvMount: vault.kvMount, auth: { method: 'token', token } }) },
    );
    await cp.start();
    const tenant = await cp.tenantWithOwner('vault-outage');
    await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['channels:read'],
    );
    key = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
  }, 90_000);

  afterAll(async () => {
    await link?.up().catch(() => undefined);
    await cp?.stop();
    await slack?.stop();
    await vault?.close();
  }, 30_000);

  const list = () => cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });

  it('keeps serving calls with cached, still-valid credentials while Vault is down', async () => {
    await eventually(async () => ((await list()).status === 200 ? true : undefined), { what: 'a first call that caches the credential' });
    await link.down();
    try {
      // Past the cache's trust period the store is unreachable: the cached token is still valid.
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 5; i++) expect((await list()).status).toBe(200);
      const readiness = await fetch(`${cp.dataPlane.url}/readyz`);
      expect(readiness.status).toBe(503);
      expect(((await readiness.json()) as { dependencies: Record<string, { ok: boolean }> }).dependencies['secret-store'].ok).toBe(false);
    } finally {
      await link.up();
    }
    expect((await list()).status).toBe(200);
  }, 60_000);
});
