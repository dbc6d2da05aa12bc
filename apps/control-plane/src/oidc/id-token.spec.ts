import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { verifyIdToken } from './id-token';
import { OidcErrorCode } from './oidc.errors';

describe('verifyIdToken', () => {
  const issuer = 'https://idp.example.com';
  const now = Date.UTC(2030, 0, 1);
  const expected = { issuer, clientId: 'client-a', nonce: 'nonce-1', now };
  let key: KeyLike;
  let keys: ReturnType<typeof createLocalJWKSet>;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] });
  });

  const sign = (claims: JWTPayload = {}, signingKey: KeyLike | Uint8Array = key, alg = 'RS256') =>
    new SignJWT({ nonce: 'nonce-1', email: 'Ada@Example.com', email_verified: true, ...claims })
      .setProtectedHeader({ alg, kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(claims.aud ?? 'client-a')
      .setSubject('user-1')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 300)
      .sign(signingKey);

  const reason = (token: Promise<string>, overrides = {}) =>
    token
      .then((t) => verifyIdToken(t, keys, { ...expected, ...overrides }))
      .then(
        () => 'accepted',
        (error: { reason: OidcErrorCode; message: string }) => `${error.reason}: ${error.message}`,
      );

  it('accepts a token signed by a published key and returns the lower-cased email', async () => {
    await expect(verifyIdToken(await sign(), keys, expected)).resolves.toEqual({ subject: 'user-1', email: 'ada@example.com' });
  });

  it('refuses another audience, another issuer, another nonce and an expired token', async () => {
    expect(await reason(sign(), { clientId: 'client-b' })).toBe(`${OidcErrorCode.IdTokenInvalid}: ID token rejected: unexpected "aud" claim value`);
    expect(await reason(sign(), { issuer: 'https://other.example.com' })).toBe(
      `${OidcErrorCode.IdTokenInvalid}: ID token rejected: unexpected "iss" claim value`,
    );
    expect(await reason(sign(), { nonce: 'nonce-2' })).toBe(`${OidcErrorCode.IdTokenInvalid}: ID token rejected: its nonce does not match this sign-in`);
    expect(await reason(sign(), { now: now + 3600_000 })).toBe(`${OidcErrorCode.IdTokenInvalid}: ID token rejected: it has expired`);
  });

  it('refuses a token with several audiences unless azp names this client', async () => {
    expect(await reason(sign({ aud: ['client-a', 'client-b'] }))).toMatch(/several audiences/);
    expect(await reason(sign({ aud: ['client-a', 'client-b'], azp: 'client-a' }))).toBe('accepted');
  });

  it('refuses a token signed with a key the provider does not publish, or with HMAC', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    expect(await reason(sign({}, stranger))).toMatch(/signature does not verify/);
    expect(await reason(sign({}, new TextEncoder().encode('client-secret-used-as-hmac-key-0123456789'), 'HS256'))).toMatch(/ID token rejected/);
  });

  it('requires an email the provider does not call unverified', async () => {
    expect(await reason(sign({ email: undefined }))).toMatch(/no email claim/);
    expect(await reason(sign({ email_verified: false }))).toBe(
      `${OidcErrorCode.EmailNotAllowed}: the identity provider says this email address is not verified`,
    );
    expect(await reason(sign({ email_verified: 'false' }))).toMatch(/not verified/);
    expect(await reason(sign({ email_verified: undefined }))).toBe('accepted');
  });
});
