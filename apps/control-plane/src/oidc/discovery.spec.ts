import { discoveryUrl, parseDiscovery } from './discovery';
import { issuerProblem } from './provider-url';

const doc = (extra: Record<string, unknown> = {}) => ({
  issuer: 'https://idp.example.com',
  authorization_endpoint: 'https://idp.example.com/auth',
  token_endpoint: 'https://idp.example.com/token',
  jwks_uri: 'https://idp.example.com/jwks',
  ...extra,
});

describe('parseDiscovery', () => {
  it('prefers client_secret_basic, the default when the provider lists nothing', () => {
    expect(parseDiscovery('https://idp.example.com/', doc()).clientAuthMethod).toBe('client_secret_basic');
    expect(
      parseDiscovery('https://idp.example.com', doc({ token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'] })).clientAuthMethod,
    ).toBe('client_secret_basic');
    expect(parseDiscovery('https://idp.example.com', doc({ token_endpoint_auth_methods_supported: ['client_secret_post'] })).clientAuthMethod).toBe(
      'client_secret_post',
    );
  });

  it('refuses a document naming another issuer (mix-up) or sending secrets over plain http', () => {
    expect(() => parseDiscovery('https://idp.example.com', doc({ issuer: 'https://attacker.example.com' }))).toThrow(/names issuer/);
    expect(() => parseDiscovery('https://idp.example.com', doc({ token_endpoint: 'http://idp.example.com/token' }))).toThrow(/token_endpoint must use https/);
  });

  it('refuses a provider that cannot do the code flow with PKCE S256 or a client secret', () => {
    expect(() => parseDiscovery('https://idp.example.com', doc({ response_types_supported: ['id_token'] }))).toThrow(/authorization code flow/);
    expect(() => parseDiscovery('https://idp.example.com', doc({ code_challenge_methods_supported: ['plain'] }))).toThrow(/S256/);
    expect(() => parseDiscovery('https://idp.example.com', doc({ token_endpoint_auth_methods_supported: ['private_key_jwt'] }))).toThrow(/neither/);
  });
});

describe('discoveryUrl and issuerProblem', () => {
  it('appends the well-known path to the issuer path, never after a query', () => {
    expect(discoveryUrl('https://idp.example.com/tenant/')).toBe('https://idp.example.com/tenant/.well-known/openid-configuration');
    expect(discoveryUrl('http://127.0.0.1:4000/graphql?')).toBe('http://127.0.0.1:4000/graphql/.well-known/openid-configuration');
  });

  it('refuses an issuer with a query string or a fragment', () => {
    expect(issuerProblem('https://idp.example.com/x?')).toBe('must not have a query string');
    expect(issuerProblem('https://idp.example.com/x?a=b')).toBe('must not have a query string');
    expect(issuerProblem('https://idp.example.com/x#y')).toBe('must not have a fragment');
    expect(issuerProblem('https://idp.example.com/x')).toBeNull();
  });
});
