import { SignJWT } from 'jose';
import { AccessTokens } from './tokens';

describe('access tokens', () => {
  const key = new TextEncoder().encode('k'.repeat(32));
  const tokens = new AccessTokens(key, 900);
  const claims = { sub: 'user-1', tid: null, sid: 'session-1' };

  it('accepts what it signed', async () => {
    const { token } = await tokens.sign(claims);
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it('refuses a token without an expiry, however well signed', async () => {
    const forever = await new SignJWT({ tid: null, sid: 'session-1' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('user-1')
      .setIssuer('causeway-control-plane')
      .setAudience('causeway-console')
      .setIssuedAt()
      .sign(key);
    expect(await tokens.verify(forever)).toBeNull();
  });
});
