import { createUndiciTransport } from '@causeway/connectors';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { toSecretData, type StoredCredential } from '@causeway/contracts';
import { catalog, isMintingMode, mintAccessToken, type Credential, type MintingMode } from '@causeway/connectors';
import { createLogger } from '@causeway/observability';
import { AppError } from '@causeway/platform';
import { LocalSecretStore, secretPath } from '@causeway/secrets';
import { DEFAULT_CLIENT, ManualClock, startMicrosoftSimulator, startSalesforceSimulator } from '@causeway/simulators';
import { CredentialProvider } from './credential-provider';
import type { RefreshLock } from './refresh-lock';

const inProcessLock: RefreshLock = { withLock: (_key, fn) => fn() };

function mintingMode(provider: string, id: string): MintingMode {
  const mode = catalog.provider(provider)?.authModes.find((m) => m.id === id);
  if (!mode || !isMintingMode(mode)) throw new Error(`${provider}/${id} is not a minting mode`);
  return mode;
}

/**
 * Client-credentials and JWT-bearer connections have no refresh token: the data plane mints a
 * new access token from the stored secret or key when the old one expires (on the simulator's
 * clock) or is rejected, and writes it back for every replica.
 */
describe('re-minting tokens of client-credentials and JWT-bearer connections', () => {
  const clock = new ManualClock(Date.now());
  let dir: string;
  let store: LocalSecretStore;
  let microsoft: Awaited<ReturnType<typeof startMicrosoftSimulator>>;
  let salesforce: Awaited<ReturnType<typeof startSalesforceSimulator>>;
  const needsReauth: string[] = [];
  let provider: CredentialProvider;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'minting-'));
    store = await LocalSecretStore.open({ dir });
    microsoft = await startMicrosoftSimulator({ clock });
    salesforce = await startSalesforceSimulator({ clock });
    provider = new CredentialProvider({
      store,
      lock: inProcessLock,
      logger: createLogger('test', 'silent'),
      now: () => clock.now(),
      onNeedsReauth: (_tenant, connectionId) => needsReauth.push(connectionId),
      // The simulators are on loopback, which the egress guard refuses: a plain transport stands in.
      tokenTransport: () => createUndiciTransport(),
    });
  });
  afterAll(async () => {
    await microsoft.stop();
    await salesforce.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Connects as the control plane does: mint once, store the credential with its token URL. */
  async function connect(connectionId: string, providerId: string, modeId: string, material: Parameters<typeof mintAccessToken>[1], tokenUrl: string) {
    const mode = mintingMode(providerId, modeId);
    const first = await mintAccessToken(mode, material, tokenUrl, { now: () => clock.now() });
    if (!first.ok) throw new Error(first.error.message);
    const credential: StoredCredential = {
      kind: 'minted',
      authMode: mode.id,
      tokenUrl,
      clientId: material.clientId,
      clientSecret: material.clientSecret,
      privateKey: material.privateKey,
      subject: material.subject,
      accessToken: first.value.accessToken,
      expiresAt: first.value.expiresAt ? new Date(first.value.expiresAt).toISOString() : undefined,
    };
    await store.write(secretPath.connection('tenant-1', connectionId), toSecretData(credential as Record<string, string | undefined>), { cas: 0 });
    return { tenantId: 'tenant-1', connectionId, provider: providerId };
  }

  const tokenOf = (credential: Credential) => (credential.kind === 'token' ? credential.token : '');
  const graphTeams = (token: string) => fetch(`${microsoft.url}/v1.0/teams`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('mints a new Microsoft app-only token when the old one expires, and the new one works at Graph', async () => {
    const ref = await connect(
      'teams-app',
      'microsoft_teams',
      'client_credentials',
      { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
      `${microsoft.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`,
    );
    const first = tokenOf(await provider.get(ref));
    expect(await graphTeams(first)).toBe(200);

    clock.advance(3600_000);
    expect(await graphTeams(first)).toBe(401);
    const second = tokenOf(await provider.get(ref));
    expect(second).not.toBe(first);
    expect(await graphTeams(second)).toBe(200);
    // Written back: another replica reading the store gets the new token, not a second mint.
    const stored = await store.read(secretPath.connection('tenant-1', 'teams-app'));
    expect(stored?.data).toMatchObject({ kind: 'minted', accessToken: second, clientSecret: DEFAULT_CLIENT.clientSecret });
  });

  it('signs a new Salesforce assertion after the session is rejected (no expires_in to plan by)', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    salesforce.control.trustJwtKey(await exportSPKI(pair.publicKey));
    const ref = await connect(
      'sf-jwt',
      'salesforce',
      'jwt_bearer',
      { clientId: DEFAULT_CLIENT.clientId, privateKey: await exportPKCS8(pair.privateKey), subject: 'ada@causeway-demo.example' },
      `${salesforce.url}/services/oauth2/token`,
    );
    const rejected = await provider.get(ref);
    salesforce.control.expireTokens(tokenOf(rejected));
    const renewed = await provider.refreshAfterRejection(ref, rejected);
    expect(renewed && tokenOf(renewed)).toMatch(/!AQ/);
    expect(tokenOf(renewed!)).not.toBe(tokenOf(rejected));
    const query = await fetch(`${salesforce.url}/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`, {
      headers: { authorization: `Bearer ${tokenOf(renewed!)}` },
    });
    expect(query.status).toBe(200);
  });

  it('marks the connection needs_reauth when the vendor no longer accepts the secret', async () => {
    const ref = await connect(
      'teams-rotated',
      'microsoft_teams',
      'client_credentials',
      { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
      `${microsoft.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`,
    );
    // The admin rotated the secret at Entra ID: the stored one is now wrong.
    const current = await store.read(secretPath.connection('tenant-1', 'teams-rotated'));
    await store.write(secretPath.connection('tenant-1', 'teams-rotated'), { ...current!.data, clientSecret: 'rotated-away' }, { cas: current!.version });
    provider.forget('teams-rotated');
    clock.advance(3600_000);
    const attempt = provider.get(ref);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'needs_reauth' });
    expect(needsReauth).toContain('teams-rotated');
  });
});
