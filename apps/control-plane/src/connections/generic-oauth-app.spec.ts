import type { ConnectionsError } from './connections.errors';
import { resolveGenericEndpoints } from './generic-oauth-app';

const explicit = {
  authorizeUrl: 'https://as.example.com/authorize',
  tokenUrl: 'https://as.example.com/token',
  revokeUrl: 'https://as.example.com/revoke',
  apiBaseUrl: 'https://api.example.com/v1/',
};

/** The field and message an admin would see for a refused configuration. */
/** Names resolve to a public address, except `intranet.example.com`, which is private. */
const resolver = async (host: string) => [{ address: host.startsWith('intranet.') ? '10.0.0.5' : '93.184.215.14', family: 4 as const }];

/** These cases never reach discovery: a request would mean a check let something through. */
const noRequests = () => async () => {
  throw new Error('no request expected');
};

async function refusal(input: Parameters<typeof resolveGenericEndpoints>[0], localAllowed = false): Promise<{ field?: string; message: string }> {
  try {
    await resolveGenericEndpoints(input, localAllowed, resolver, noRequests);
  } catch (error) {
    const refused = error as ConnectionsError;
    return { field: refused.extra.field, message: refused.message };
  }
  throw new Error('expected a refusal');
}

describe("a generic OAuth 2.0 app's endpoints", () => {
  it('takes explicit URLs as given, without a trailing slash on the API base', async () => {
    expect(await resolveGenericEndpoints(explicit, false, resolver, noRequests)).toEqual({ ...explicit, apiBaseUrl: 'https://api.example.com/v1' });
  });

  it('needs an authorize and a token URL, or an issuer to find them', async () => {
    expect(await refusal({ tokenUrl: explicit.tokenUrl, apiBaseUrl: explicit.apiBaseUrl })).toMatchObject({ field: 'issuer' });
  });

  it('needs an API base URL when there is no issuer to default to', async () => {
    expect(await refusal({ authorizeUrl: explicit.authorizeUrl, tokenUrl: explicit.tokenUrl })).toMatchObject({ field: 'apiBaseUrl' });
  });

  it('refuses plain http, private and loopback addresses, local names and credentials in URLs', async () => {
    expect(await refusal({ ...explicit, tokenUrl: 'http://as.example.com/token' })).toMatchObject({
      field: 'tokenUrl',
      message: expect.stringContaining('https'),
    });
    expect(await refusal({ ...explicit, tokenUrl: 'https://10.1.2.3/token' })).toMatchObject({ field: 'tokenUrl' });
    expect(await refusal({ ...explicit, apiBaseUrl: 'https://169.254.169.254/latest' })).toMatchObject({ field: 'apiBaseUrl' });
    expect(await refusal({ ...explicit, revokeUrl: 'https://[::1]/revoke' })).toMatchObject({ field: 'revokeUrl' });
    expect(await refusal({ ...explicit, authorizeUrl: 'https://metadata.internal/authorize' })).toMatchObject({ field: 'authorizeUrl' });
    expect(await refusal({ ...explicit, tokenUrl: 'https://user:pw@as.example.com/token' })).toMatchObject({ field: 'tokenUrl' });
  });

  it('refuses a token or revocation host whose name resolves into a private network', async () => {
    expect(await refusal({ ...explicit, tokenUrl: 'https://intranet.example.com/token' })).toMatchObject({
      field: 'tokenUrl',
      message: expect.stringContaining('private'),
    });
    expect(await refusal({ ...explicit, revokeUrl: 'https://intranet.example.com/revoke' })).toMatchObject({ field: 'revokeUrl' });
  });

  it('accepts loopback over plain http where the operator allows local upstreams (tests, embedded default)', async () => {
    const local = { authorizeUrl: 'http://127.0.0.1:4010/auth', tokenUrl: 'http://127.0.0.1:4010/token', apiBaseUrl: 'http://127.0.0.1:4010' };
    expect(await resolveGenericEndpoints(local, true, resolver, noRequests)).toEqual(local);
  });
});
