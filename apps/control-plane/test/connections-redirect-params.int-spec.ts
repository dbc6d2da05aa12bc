import { DEFAULT_CLIENT, startSalesforceSimulator } from '@causeway/simulators';
import { landOnCallback, simulatorConsent } from './support/connections-oauth-consent';
import { ControlPlaneHarness } from './support/control-plane-harness';

type Sim = Awaited<ReturnType<typeof startSalesforceSimulator>>;

/**
 * QuickBooks names the company the user picked on Intuit's consent screen in the redirect
 * itself: `/oauth/callback?code=…&state=…&realmId=9130347596423456`. Every API URL needs it
 * (`/v3/company/{realmId}`), so the callback keeps it as a connection parameter. There is no
 * Intuit simulator: an RFC 6749 code flow stands in for Intuit's (the Salesforce simulator's,
 * the operator's endpoint replacement), and the browser's landing adds `realmId` as Intuit does.
 */
describe('connection parameters carried by the OAuth redirect', () => {
  const cp = new ControlPlaneHarness();
  let oauthServer: Sim;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    oauthServer = await startSalesforceSimulator();
    await cp.start();
    acme = await cp.tenantWithOwner('redirect-params');
    await cp.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      {
        i: {
          provider: 'quickbooks',
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
          authorizeUrl: `${oauthServer.url}/services/oauth2/authorize`,
          tokenUrl: `${oauthServer.url}/services/oauth2/token`,
        },
      },
      acme.token,
    );
  }, 60_000);

  afterAll(async () => {
    await cp.stop();
    await oauthServer.stop();
  });

  /** Starts a QuickBooks consent and returns the callback URL the user's browser is sent to, `realmId` added as Intuit adds it. */
  async function consentFor(realmId: string, name = `Books ${realmId}`): Promise<URL> {
    const started = await cp.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
      { i: { provider: 'quickbooks', name, kind: 'shared', scopes: ['com.intuit.quickbooks.accounting'] } },
      acme.token,
    );
    const callback = await simulatorConsent(started.startConnection.authorizeUrl);
    callback.searchParams.set('realmId', realmId);
    return callback;
  }

  const paramsOf = async (id: string) =>
    ((await cp.dataSourceQuery('SELECT params FROM control_plane.connections WHERE id = $1', [id])) as { params: Record<string, string> }[])[0]?.params;
  const connectionNamed = async (name: string) =>
    (
      (await cp.dataSourceQuery('SELECT count(*)::int AS n FROM control_plane.connections WHERE tenant_id = $1 AND name = $2', [acme.tenantId, name])) as {
        n: number;
      }[]
    )[0].n;

  it("keeps QuickBooks' realmId from the redirect as the connection's company", async () => {
    const landed = await landOnCallback(await consentFor('9130347596423456'));
    expect(landed.status).toBe(200);
    expect(landed.body.connection).toMatchObject({ provider: 'quickbooks', status: 'active' });
    expect(await paramsOf(landed.body.connection.id)).toEqual({ realmId: '9130347596423456' });
  });

  it('does not ask the admin for it: the catalog lists no parameter for QuickBooks', async () => {
    const data = await cp.ok<{ providers: { id: string; params: { name: string }[] }[] }>('{ providers { id params { name } } }', {}, acme.token);
    expect(data.providers.find((p) => p.id === 'quickbooks')?.params).toEqual([]);
  });

  it.each([
    ['a path', '../7'],
    ['a path', '123/x'],
    ['2001 characters', '7'.repeat(2001)],
  ])('refuses a redirect whose realmId is %s (%#) with a 400 naming it, and creates nothing', async (_what, realmId) => {
    const name = `Books refused ${realmId.length} ${realmId.slice(0, 8)}`;
    const landed = await landOnCallback(await consentFor(realmId, name));
    expect(landed.status).toBe(400);
    expect(landed.text).toContain('realmId');
    expect(await connectionNamed(name)).toBe(0);
  });
});
