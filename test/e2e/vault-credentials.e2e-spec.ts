import { randomBytes } from 'node:crypto';
import { secretPath, VaultSecretStore } from '@causeway/secrets';
import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { startVaultTarget, type VaultTarget } from '../../libs/secrets/src/testing';
import { PlatformHarness } from '../support/platform-harness';

/**
 * Connection credentials in a real OpenBao (the e2e tier's, from the global setup), end to end:
 * the OAuth callback stores the tokens there and the data plane reads them for a call.
 */
describe('connection credentials in OpenBao', () => {
  let vault: VaultTarget;
  let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
  let cp: PlatformHarness;
  let store: VaultSecretStore;

  beforeAll(async () => {
    vault = await startVaultTarget();
    const token = await vault.createToken({ ttlSeconds: 3600 });
    slack = await startSlackSimulator();
    cp = new PlatformHarness(
      {},
      {
        secretStore: async () => (store = await VaultSecretStore.connect({ address: vault.address, kvMount: vault.kvMount, auth: { method: 'token', token } })),
      },
    );
    await cp.start();
  }, 90_000);

  afterAll(async () => {
    await cp?.stop();
    await slack?.stop();
    await vault?.close();
  }, 30_000);

  it('runs against the real server, not the double', () => {
    expect(vault.real).toBe(true);
  });

  it('keeps the OAuth tokens of a connection in Vault and calls the tool with them', async () => {
    const tenant = await cp.tenantWithOwner(`vault-creds-${randomBytes(3).toString('hex')}`);
    const connectionId = await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['channels:read'],
    );
    const stored = await store.read(secretPath.connection(tenant.tenantId, connectionId));
    expect(stored?.version).toBeGreaterThanOrEqual(1);
    expect(Object.keys(stored!.data)).toEqual(expect.arrayContaining(['accessToken']));

    const key = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
    // The key and the connection reach the data plane through the config stream, not at once.
    const call = await eventually(
      async () => {
        const answer = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
        return answer.status === 401 || answer.body.error?.code === 'connection_required' ? undefined : answer;
      },
      { timeoutMs: 20_000, what: 'the key and the connection in the data plane' },
    );
    expect(call.status).toBe(200);
  }, 60_000);
});
