import { exportPKCS8, generateKeyPair } from 'jose';
import { catalog } from '../catalog';
import type { UpstreamRequest } from '../engine/types';
import { isMintingMode, mintAccessToken, type MintingMode } from './token-minting';

function mintingMode(provider: string, id: string): MintingMode {
  const mode = catalog.provider(provider)?.authModes.find((m) => m.id === id);
  if (!mode || !isMintingMode(mode)) throw new Error(`${provider}/${id} is not a minting mode`);
  return mode;
}

function recordingTransport(status: number, body: Record<string, unknown>) {
  const requests: UpstreamRequest[] = [];
  const transport = async (request: UpstreamRequest) => {
    requests.push(request);
    return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  };
  return { requests, transport };
}

const form = (request: UpstreamRequest | undefined) => Object.fromEntries(new URLSearchParams(String(request?.body ?? '')));

describe('minting an access token', () => {
  const tokenUrl = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';

  it("sends the client-credentials grant with the mode's default scope to the filled token URL", async () => {
    const { requests, transport } = recordingTransport(200, { access_token: 'app-token', expires_in: 3599, token_type: 'Bearer' });
    const result = await mintAccessToken(mintingMode('microsoft_teams', 'client_credentials'), { clientId: 'app', clientSecret: 's3cret' }, tokenUrl, {
      transport,
      now: () => 1_000,
    });
    expect(result).toEqual({ ok: true, value: { accessToken: 'app-token', expiresAt: 1_000 + 3_599_000, connectionParams: {} } });
    expect(requests[0]?.url).toBe(tokenUrl);
    expect(form(requests[0])).toEqual({
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
      client_id: 'app',
      client_secret: 's3cret',
    });
  });

  it('sends a signed assertion and no client secret for the JWT-bearer grant, and reads the instance URL', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const { requests, transport } = recordingTransport(200, { access_token: 'sf-token', instance_url: 'https://acme.my.salesforce.com', token_type: 'Bearer' });
    const result = await mintAccessToken(
      mintingMode('salesforce', 'jwt_bearer'),
      { clientId: 'consumer-key', privateKey: await exportPKCS8(privateKey), subject: 'ada@acme.example' },
      'https://login.salesforce.com/services/oauth2/token',
      { transport },
    );
    expect(result).toMatchObject({ ok: true, value: { accessToken: 'sf-token', connectionParams: { instanceUrl: 'https://acme.my.salesforce.com' } } });
    const sent = form(requests[0]);
    expect(sent['grant_type']).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(sent['assertion']?.split('.')).toHaveLength(3);
    expect(sent['client_secret']).toBeUndefined();
  });

  it('reads a refused secret as needs_reauth: there is nothing to refresh with, the owner must act', async () => {
    const { transport } = recordingTransport(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    const result = await mintAccessToken(mintingMode('microsoft_teams', 'client_credentials'), { clientId: 'app', clientSecret: 'old' }, tokenUrl, {
      transport,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'needs_reauth', vendorCode: 'invalid_client' } });
    expect(JSON.stringify(result)).not.toContain('"old"');
  });

  it('needs the material its grant uses', async () => {
    const { transport, requests } = recordingTransport(200, {});
    expect(await mintAccessToken(mintingMode('microsoft_teams', 'client_credentials'), { clientId: 'app' }, tokenUrl, { transport })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'clientSecret' },
    });
    expect(
      await mintAccessToken(
        mintingMode('google_drive', 'service_account'),
        { clientId: 'robot@x.iam.gserviceaccount.com' },
        'https://oauth2.googleapis.com/token',
        {
          transport,
        },
      ),
    ).toMatchObject({ ok: false, error: { field: 'privateKey' } });
    expect(requests).toHaveLength(0);
  });
});
