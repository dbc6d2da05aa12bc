import { decodeProtectedHeader, exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from 'jose';
import { catalog } from '../catalog';
import type { OAuth2JwtBearerMode } from '../definition/auth-modes';
import { buildJwtAssertion } from './jwt-assertion';

function jwtMode(provider: string): OAuth2JwtBearerMode {
  const mode = catalog.provider(provider)?.authModes.find((m) => m.type === 'oauth2_jwt_bearer');
  if (mode?.type !== 'oauth2_jwt_bearer') throw new Error(`${provider} has no JWT bearer mode`);
  return mode;
}

describe('the RFC 7523 assertion', () => {
  let privateKey: string;
  let publicKey: string;
  const now = Date.parse('2026-12-07T08:00:00Z');

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = await exportPKCS8(pair.privateKey);
    publicKey = await exportSPKI(pair.publicKey);
  });

  const verify = async (assertion: string, audience: string) =>
    (await jwtVerify(assertion, await importSPKI(publicKey, 'RS256'), { audience, currentDate: new Date(now) })).payload;

  it("carries Salesforce's claims: iss the consumer key, sub the username, aud the login host, exp within three minutes", async () => {
    const signed = await buildJwtAssertion(jwtMode('salesforce'), { issuer: '3MVG9-consumer-key', subject: 'ada@acme.example', privateKey }, now);
    if (!signed.ok) throw new Error(signed.message);
    const claims = await verify(signed.assertion, 'https://login.salesforce.com');
    expect(claims).toMatchObject({ iss: '3MVG9-consumer-key', sub: 'ada@acme.example', aud: 'https://login.salesforce.com', iat: now / 1000 });
    expect(claims.exp).toBe(now / 1000 + 180);
    expect(claims['scope']).toBeUndefined();
    expect(decodeProtectedHeader(signed.assertion)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
  });

  it("carries Google's: the scopes in `scope`, the key id in the header, no sub without delegation", async () => {
    const signed = await buildJwtAssertion(
      jwtMode('google_drive'),
      { issuer: 'robot@acme.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/drive.readonly', 'openid'], privateKey, keyId: 'key-1' },
      now,
    );
    if (!signed.ok) throw new Error(signed.message);
    const claims = await verify(signed.assertion, 'https://oauth2.googleapis.com/token');
    expect(claims).toMatchObject({
      iss: 'robot@acme.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/drive.readonly openid',
      exp: now / 1000 + 3600,
    });
    expect(claims.sub).toBeUndefined();
    expect(decodeProtectedHeader(signed.assertion).kid).toBe('key-1');
  });

  it('refuses to sign without the username Salesforce needs', async () => {
    expect(await buildJwtAssertion(jwtMode('salesforce'), { issuer: 'key', privateKey }, now)).toMatchObject({ ok: false, field: 'subject' });
  });

  it('says what is wrong with a bad key without echoing it', async () => {
    const result = await buildJwtAssertion(jwtMode('salesforce'), { issuer: 'key', subject: 'u', privateKey: 'not-a-key-SECRETVALUE' }, now);
    expect(result).toMatchObject({ ok: false, field: 'privateKey' });
    expect(JSON.stringify(result)).not.toContain('SECRETVALUE');
  });
});
