import { catalog } from '../catalog';
import { genericOAuth2 } from '../catalog/generic-oauth2/generic-oauth2.definition';
import type { OAuth2AuthorizationCodeMode } from '../definition/auth-modes';
import type { HttpTransport, UpstreamRequest } from '../engine/types';
import { revokeGrant } from './revoke-grant';

const client = { clientId: 'client-1', clientSecret: 'secret-1' };
const tokens = { accessToken: 'access-1', refreshToken: 'refresh-1' };
const codeMode = (provider: string) => catalog.provider(provider)!.authModes.find((m) => m.id === 'oauth2') as OAuth2AuthorizationCodeMode;

function recording(status = 200, body = ''): { transport: HttpTransport; sent: UpstreamRequest[] } {
  const sent: UpstreamRequest[] = [];
  return { sent, transport: async (request) => (sent.push(request), { status, headers: { 'content-type': 'application/json' }, body }) };
}

describe('revoking a grant', () => {
  it('RFC 7009 (generic): the refresh token, form-encoded, client authenticated with Basic', async () => {
    const { transport, sent } = recording();
    const result = await revokeGrant(genericOAuth2.authModes[0] as OAuth2AuthorizationCodeMode, client, tokens, {
      transport,
      endpoints: { revokeUrl: 'https://as.example.com/revoke' },
    });
    expect(result).toEqual({ ok: true, value: { revoked: 'refresh_token' } });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'https://as.example.com/revoke',
      body: 'token=refresh-1',
      headers: { authorization: `Basic ${Buffer.from('client-1:secret-1').toString('base64')}` },
    });
  });

  it('Salesforce: the refresh token, which takes its access tokens with it', async () => {
    const { transport, sent } = recording();
    expect(await revokeGrant(codeMode('salesforce'), client, tokens, { transport })).toEqual({ ok: true, value: { revoked: 'refresh_token' } });
    expect(new URLSearchParams(sent[0].body).get('token')).toBe('refresh-1');
  });

  it('Slack: auth.revoke authenticates with the access token it revokes', async () => {
    const { transport, sent } = recording(200, '{"ok":true,"revoked":true}');
    expect(await revokeGrant(codeMode('slack'), client, tokens, { transport })).toEqual({ ok: true, value: { revoked: 'access_token' } });
    expect(sent[0].headers['authorization']).toBe('Bearer access-1');
  });

  it("GitHub: DELETE with the app's Basic credentials and { access_token }", async () => {
    const { transport, sent } = recording(204);
    expect(await revokeGrant(codeMode('github'), client, tokens, { transport })).toEqual({ ok: true, value: { revoked: 'access_token' } });
    expect(sent[0]).toMatchObject({ method: 'DELETE', url: 'https://api.github.com/applications/client-1/token', body: '{"access_token":"access-1"}' });
  });

  it('reports a refusal, including Slack’s ok:false at HTTP 200', async () => {
    const { transport } = recording(200, '{"ok":false,"error":"token_expired"}');
    expect(await revokeGrant(codeMode('slack'), client, tokens, { transport })).toMatchObject({ ok: false, error: { vendorCode: 'token_expired' } });
  });

  it('says so when the vendor has no revocation API (Jira)', async () => {
    const { transport, sent } = recording();
    expect(await revokeGrant(codeMode('jira'), client, tokens, { transport })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no revocation endpoint') },
    });
    expect(sent).toEqual([]);
  });
});
