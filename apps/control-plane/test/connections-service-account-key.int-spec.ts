import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { secretPath } from '@causeway/secrets';
import { DEFAULT_CLIENT, startGoogleOAuthSimulator } from '@causeway/simulators';
import { ControlPlaneHarness } from './support/control-plane-harness';

type Sim = Awaited<ReturnType<typeof startGoogleOAuthSimulator>>;

const EMAIL = 'reporting@acme-analytics.iam.gserviceaccount.com';

/**
 * A Google service account connects with the JSON key file the Cloud console downloads, pasted
 * whole: its `client_email`, `private_key` and `private_key_id` become the JWT-bearer mode's
 * client id, signing key and `kid`. Against the Google token endpoint simulator.
 */
describe('connecting a Google service account with its JSON key file', () => {
  const cp = new ControlPlaneHarness();
  let google: Sim;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let keyFile: Record<string, string>;

  beforeAll(async () => {
    google = await startGoogleOAuthSimulator();
    const pair = await generateKeyPair('RS256', { extractable: true });
    google.control.addServiceAccount({ email: EMAIL, keyId: 'a1b2c3d4e5', publicKeyPem: await exportSPKI(pair.publicKey) });
    // The fields of a real key file, in its order.
    keyFile = {
      type: 'service_account',
      project_id: 'acme-analytics',
      private_key_id: 'a1b2c3d4e5',
      private_key: await exportPKCS8(pair.privateKey),
      client_email: EMAIL,
      client_id: '104729463829462938472',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(EMAIL)}`,
      universe_domain: 'googleapis.com',
    };
    await cp.start();
    acme = await cp.tenantWithOwner('service-account-key');
    // The operator points Google's token endpoint at the simulator for this tenant.
    await cp.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      { i: { provider: 'google_drive', clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, tokenUrl: `${google.url}/token` } },
      acme.token,
    );
  }, 60_000);

  afterAll(async () => {
    await cp.stop();
    await google.stop();
  });

  const create = (input: Record<string, unknown>) =>
    cp.gql<{ createConnection: { id: string; status: string } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id status } }',
      { i: { provider: 'google_drive', authMode: 'service_account', kind: 'shared', scopes: ['https://www.googleapis.com/auth/drive.readonly'], ...input } },
      acme.token,
    );

  it('mints a token with the key file alone and keeps its key only in the secret store', async () => {
    const created = await create({ name: 'Drive reporting', serviceAccountKey: JSON.stringify(keyFile) });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createConnection.id;
    expect(created.data!.createConnection.status).toBe('active');
    const stored = (await cp.secretStore.read(secretPath.connection(acme.tenantId, id)))?.data;
    expect(stored).toMatchObject({ kind: 'minted', authMode: 'service_account', clientId: EMAIL, keyId: 'a1b2c3d4e5', privateKey: keyFile.private_key });
    const info = await fetch(`${google.url}/tokeninfo?access_token=${encodeURIComponent(String(stored?.['accessToken']))}`);
    expect(await info.json()).toMatchObject({ azp: EMAIL, scope: 'https://www.googleapis.com/auth/drive.readonly' });
    expect(cp.everythingObservable()).not.toContain('PRIVATE KEY');
  });

  it.each([
    ['that is not JSON', 'not json at all', /serviceAccountKey is not JSON/],
    [
      'of another kind (authorized_user)',
      JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'y', refresh_token: 'z' }),
      /type must be "service_account"/,
    ],
    ['without its private key', JSON.stringify({ type: 'service_account', client_email: EMAIL, private_key_id: 'k' }), /private_key: is missing/],
    ['whose key is not PKCS #8 PEM', JSON.stringify({ type: 'service_account', client_email: EMAIL, private_key_id: 'k', private_key: 'MIIEvQ' }), /PKCS #8/],
  ])('refuses a key file %s with a 400 naming serviceAccountKey, never echoing the file', async (_what, file, message) => {
    const refused = await create({ name: 'refused', serviceAccountKey: file });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'serviceAccountKey' });
    expect(refused.errors?.[0]?.message).toMatch(message);
    expect(refused.errors?.[0]?.message).not.toContain('MIIEvQ');
  });

  it('refuses the key file beside the fields it carries, and for a mode that is not JWT bearer', async () => {
    const both = await create({ name: 'both', serviceAccountKey: JSON.stringify(keyFile), clientId: EMAIL });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'serviceAccountKey' });
    expect(both.errors?.[0]?.message).toMatch(/either serviceAccountKey or clientId/);
    const clientCredentials = await create({
      provider: 'microsoft_teams',
      authMode: 'client_credentials',
      name: 'not a JWT-bearer mode',
      params: JSON.stringify({ tenant: 'contoso.onmicrosoft.com' }),
      serviceAccountKey: JSON.stringify(keyFile),
    });
    expect(clientCredentials.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'serviceAccountKey' });
    expect(clientCredentials.errors?.[0]?.message).toMatch(/for JWT-bearer modes, not client_credentials/);
  });
});
