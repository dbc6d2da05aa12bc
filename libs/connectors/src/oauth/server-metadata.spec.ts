import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../engine/types';
import { discoverAuthorizationServer } from './server-metadata';

/** An authorization server that publishes the given documents by URL; everything else is 404. */
function serverWith(documents: Record<string, unknown>): { transport: HttpTransport; asked: string[] } {
  const asked: string[] = [];
  const transport: HttpTransport = async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    asked.push(request.url);
    const document = documents[request.url];
    return document === undefined
      ? { status: 404, headers: {}, body: 'not found' }
      : { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) };
  };
  return { transport, asked };
}

const metadata = (issuer: string, extra: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  revocation_endpoint: `${issuer}/revoke`,
  code_challenge_methods_supported: ['S256'],
  ...extra,
});

describe('authorization server discovery', () => {
  it('reads RFC 8414 metadata first, inserting the well-known segment before the issuer path', async () => {
    const issuer = 'https://login.example.com/tenant-a';
    const server = serverWith({ 'https://login.example.com/.well-known/oauth-authorization-server/tenant-a': metadata(issuer) });
    const found = await discoverAuthorizationServer(issuer, server);
    expect(found).toEqual({ ok: true, value: { issuer, authorizeUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token`, revokeUrl: `${issuer}/revoke` } });
    expect(server.asked).toHaveLength(1);
  });

  it('falls back to OpenID Connect discovery, appended to the issuer', async () => {
    const issuer = 'https://idp.example.com';
    const server = serverWith({ 'https://idp.example.com/.well-known/openid-configuration': metadata(issuer, { revocation_endpoint: undefined }) });
    const found = await discoverAuthorizationServer(issuer, server);
    expect(found).toEqual({ ok: true, value: { issuer, authorizeUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token` } });
  });

  it('stops at an egress refusal and answers with its words only: no URL, no second candidate', async () => {
    const asked: string[] = [];
    const refusing: HttpTransport = async (request) => {
      asked.push(request.url);
      throw Object.assign(new Error('refused by egress policy'), { errorCode: 'forbidden', code: 'EGRESS_PRIVATE_ADDRESS' });
    };
    const found = await discoverAuthorizationServer('http://127.0.0.1:5432/x', { transport: refusing });
    expect(found).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden', message: 'refused by egress policy' }) });
    expect(asked).toHaveLength(1);
  });

  it('refuses a document that names another issuer (RFC 8414 §3.3)', async () => {
    const server = serverWith({ 'https://idp.example.com/.well-known/openid-configuration': metadata('https://evil.example.com') });
    const found = await discoverAuthorizationServer('https://idp.example.com', server);
    expect(found).toMatchObject({ ok: false, error: { code: 'upstream_invalid_request', message: expect.stringContaining('evil.example.com') } });
  });

  it('refuses a server that lists PKCE methods without S256', async () => {
    const server = serverWith({
      'https://idp.example.com/.well-known/openid-configuration': metadata('https://idp.example.com', { code_challenge_methods_supported: ['plain'] }),
    });
    expect(await discoverAuthorizationServer('https://idp.example.com', server)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('S256') },
    });
  });

  it('says what it tried when nothing answers', async () => {
    const found = await discoverAuthorizationServer('https://idp.example.com', serverWith({}));
    expect(found).toMatchObject({ ok: false, error: { message: expect.stringContaining('HTTP 404') } });
  });
});
