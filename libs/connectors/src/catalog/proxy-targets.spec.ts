import type { AuthMode } from '../definition/auth-modes';
import { isDeclaredHost } from '../definition/hosts';
import type { ProviderDefinition } from '../definition/provider';
import { hostPlaceholders } from '../definition/url-templates';
import { buildProxyTarget } from '../engine/proxy-target';
import type { Credential } from '../engine/types';
import { catalog, providerDefinitions } from './index';

const TOKEN = 'tok-sample-0123456789';
const USERNAME = 'user-sample';
const PASSWORD = 'pass-sample-9876';

/** A connection as an admin would create it: every parameter set to its documented example. */
function sampleParams(provider: ProviderDefinition): Record<string, string> {
  return Object.fromEntries(Object.entries(provider.connectionParams).map(([name, param]) => [name, param.example]));
}

function sampleCredential(mode: AuthMode): Credential {
  return mode.type === 'basic'
    ? { authMode: mode.id, kind: 'basic', username: USERNAME, password: PASSWORD }
    : { authMode: mode.id, kind: 'token', token: TOKEN };
}

const httpModes = providerDefinitions.flatMap((provider) =>
  provider.authModes.filter((mode) => mode.type !== 'database_password').map((mode) => [provider.id, mode.id, provider, mode] as const),
);

describe('every provider is usable through the raw proxy once it has a connection', () => {
  it('covers the 36 providers the product promises', () => {
    expect(providerDefinitions).toHaveLength(36);
    expect(new Set(providerDefinitions.map((provider) => provider.id)).size).toBe(36);
  });

  it.each(httpModes)('%s with %s: the request lands on an allowed host with the credential injected', (_id, _mode, provider, mode) => {
    const credential = sampleCredential(mode);
    const target = buildProxyTarget({ provider, connection: { params: sampleParams(provider) }, credential, method: 'get', path: 'probe/path', query: 'a=1' });
    if (!target.ok) throw new Error(`${provider.id}/${mode.id}: ${target.error.message}`);

    const url = new URL(target.request.url);
    expect(url.protocol).toBe('https:');
    expect(isDeclaredHost(target.declaredHosts, url.hostname) || target.instanceHosts.includes(url.hostname)).toBe(true);
    expect(url.pathname.endsWith('/probe/path')).toBe(true);
    expect(url.searchParams.get('a')).toBe('1');
    expect(target.request.method).toBe('GET');

    // The secret travels exactly where the mode says, and nowhere else.
    const inject = 'inject' in mode ? mode.inject : undefined;
    const headerValues = Object.values(target.request.headers).join('\n');
    if (inject?.in === 'query') {
      expect(url.searchParams.get(inject.name)).toBe(TOKEN);
      expect(headerValues).not.toContain(TOKEN);
    } else if (credential.kind === 'basic' && inject?.in === 'header' && inject.passwordHeader) {
      expect(target.request.headers[inject.name.toLowerCase()]).toBe(USERNAME);
      expect(target.request.headers[inject.passwordHeader.toLowerCase()]).toBe(PASSWORD);
    } else if (credential.kind === 'basic') {
      expect(target.request.headers['authorization']).toBe(`Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`);
    } else {
      expect(inject?.in).toBe('header');
      expect(target.request.headers[inject!.name.toLowerCase()]).toContain(TOKEN);
      expect(target.request.url).not.toContain(TOKEN);
    }
    for (const [name, value] of Object.entries(provider.defaultHeaders ?? {})) expect(target.request.headers[name.toLowerCase()]).toBe(value);
  });

  const hostTemplated = providerDefinitions.flatMap((provider) =>
    Object.entries(provider.servers)
      .filter(([, server]) => server.url.startsWith('https://'))
      .flatMap(([, server]) => hostPlaceholders(server.url).map((param) => [provider.id, param, provider] as const)),
  );

  it.each(hostTemplated)("%s refuses a {%s} that would leave the vendor's domain", (_id, param, provider) => {
    const mode = provider.authModes.find((candidate) => candidate.type !== 'database_password' && (candidate.server ?? 'default') === 'default')!;
    for (const hostile of ['evil.example/', 'evil.example#', 'user@evil.example', 'evil.example:8443']) {
      const target = buildProxyTarget({
        provider,
        connection: { params: { ...sampleParams(provider), [param]: hostile } },
        credential: sampleCredential(mode),
        method: 'GET',
        path: 'x',
      });
      // Refused by the parameter's own pattern, before any host check has to catch it.
      expect(target).toMatchObject({ ok: false, error: { code: 'connection_required', message: expect.stringContaining(`"${param}" is not a valid value`) } });
    }
  });

  it('allows a self-hosted server only on the host its connection names (Jenkins)', () => {
    const jenkins = catalog.provider('jenkins')!;
    const credential: Credential = { authMode: 'api_token', kind: 'basic', username: USERNAME, password: PASSWORD };
    const target = buildProxyTarget({
      provider: jenkins,
      connection: { params: { baseUrl: 'https://ci.acme.example/jenkins' } },
      credential,
      method: 'GET',
      path: 'api/json',
    });
    expect(target).toMatchObject({ ok: true, declaredHosts: [], instanceHosts: ['ci.acme.example'] });
    expect(target.ok && target.request.url).toBe('https://ci.acme.example/jenkins/api/json');
  });

  it('does not trust a URL parameter that is not declared self-hosted (a Confluence site off atlassian.net)', () => {
    const confluence = catalog.provider('confluence')!;
    const credential: Credential = { authMode: 'api_token', kind: 'basic', username: USERNAME, password: PASSWORD };
    const target = buildProxyTarget({
      provider: confluence,
      connection: { params: { siteUrl: 'https://evil.example' } },
      credential,
      method: 'GET',
      path: 'wiki/api/v2/pages',
    });
    expect(target).toMatchObject({ ok: false, error: { code: 'connection_required' } });
  });

  it('refuses dot segments in the proxied path', () => {
    const stripe = catalog.provider('stripe')!;
    const target = buildProxyTarget({
      provider: stripe,
      connection: {},
      credential: { authMode: 'secret_key', kind: 'token', token: TOKEN },
      method: 'GET',
      path: 'v1/../%2e%2e/admin',
    });
    expect(target).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'path' } });
  });
});

describe('vendor-specific credential placement', () => {
  const target = (providerId: string, credential: Credential, params: Record<string, string> = {}) => {
    const result = buildProxyTarget({ provider: catalog.provider(providerId)!, connection: { params }, credential, method: 'GET', path: 'x' });
    if (!result.ok) throw new Error(result.error.message);
    return result.request;
  };

  it('sends a PagerDuty API key as `Token token=…` with the v2 media type', () => {
    const request = target('pagerduty', { authMode: 'api_key', kind: 'token', token: 'u+abc' });
    expect(request.headers).toMatchObject({ authorization: 'Token token=u+abc', accept: 'application/vnd.pagerduty+json;version=2' });
  });

  it('sends the Datadog API key and application key in their own headers, never as HTTP Basic', () => {
    const request = target(
      'datadog',
      { authMode: 'api_and_application_key', kind: 'basic', username: 'api-key', password: 'app-key' },
      { site: 'datadoghq.eu' },
    );
    expect(request.url).toBe('https://api.datadoghq.eu/x');
    expect(request.headers).toEqual({ 'dd-api-key': 'api-key', 'dd-application-key': 'app-key' });
  });

  it('tells Snowflake which kind of token it gets', () => {
    const request = target('snowflake', { authMode: 'programmatic_access_token', kind: 'token', token: 'pat' }, { account: 'myorg-myaccount' });
    expect(request.url).toBe('https://myorg-myaccount.snowflakecomputing.com/x');
    expect(request.headers).toEqual({ authorization: 'Bearer pat', 'x-snowflake-authorization-token-type': 'PROGRAMMATIC_ACCESS_TOKEN' });
  });

  it('puts a Linear or monday.com personal key in Authorization without a scheme', () => {
    expect(target('linear', { authMode: 'api_key', kind: 'token', token: 'lin_api_x' }).headers['authorization']).toBe('lin_api_x');
    expect(target('monday', { authMode: 'personal_api_token', kind: 'token', token: 'eyJ' }).headers['authorization']).toBe('eyJ');
  });

  it('calls Microsoft Graph for SharePoint and Teams whatever the tenant', () => {
    const request = target('microsoft_teams', { authMode: 'client_credentials', kind: 'token', token: 'graph' }, { tenant: 'contoso.onmicrosoft.com' });
    expect(request.url).toBe('https://graph.microsoft.com/v1.0/x');
  });
});

describe('PostgreSQL', () => {
  const postgresql = catalog.provider('postgresql')!;

  it('declares read-only sessions, a statement timeout and a row cap, each within its maximum', () => {
    expect(postgresql.database).toMatchObject({ engine: 'postgresql', readOnly: { default: true }, tls: { default: 'verify-full' } });
    const { statementTimeout, rowCap } = postgresql.database!;
    expect(statementTimeout.defaultMs).toBeLessThanOrEqual(statementTimeout.maxMs);
    expect(rowCap.default).toBeLessThanOrEqual(rowCap.max);
  });

  it('is not an HTTP proxy target: it needs the database driver stage', () => {
    const target = buildProxyTarget({
      provider: postgresql,
      connection: { params: sampleParams(postgresql) },
      credential: { authMode: 'password', kind: 'basic', username: 'reader', password: 'x' },
      method: 'GET',
      path: 'x',
    });
    expect(target).toMatchObject({ ok: false, error: { code: 'connection_required', message: expect.stringContaining('database protocol') } });
  });
});
