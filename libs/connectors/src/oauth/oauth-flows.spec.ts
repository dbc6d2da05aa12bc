import { DEFAULT_CLIENT, ManualClock, startAllSimulators, type AllSimulators } from '@causeway/simulators';
import { catalog } from '../catalog';
import type { OAuth2AuthorizationCodeMode } from '../definition/auth-modes';
import { createConnectorEngine } from '../engine/execute-action';
import { buildAuthorizationUrl } from './authorization-url';
import { createPkcePair } from './pkce';
import { discoverConnectionParams, exchangeAuthorizationCode, refreshAccessToken, revokeToken, type OAuthResult, type TokenSet } from './token-client';

const client = { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret };
const redirectUri = 'http://localhost:4000/oauth/callback';

function mode(provider: string, id = 'oauth2'): OAuth2AuthorizationCodeMode {
  const found = catalog.provider(provider)?.authModes.find((candidate) => candidate.id === id);
  if (found?.type !== 'oauth2_authorization_code') throw new Error(`${provider}.${id} is not an authorization-code mode`);
  return found;
}

function tokensOf(result: OAuthResult<TokenSet>): TokenSet {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Plays the user's browser: follows the authorize URL to the redirect and returns the code. */
async function consent(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') as string);
  expect(location.searchParams.get('state')).toBe('state-1');
  return location.searchParams.get('code') as string;
}

describe('OAuth flows driven by the definitions, against the simulators', () => {
  let sims: AllSimulators;
  const clock = new ManualClock();
  const deps = (provider: keyof AllSimulators['wiring']) => ({ now: () => clock.now(), endpoints: sims.wiring[provider].oauth });

  beforeAll(async () => {
    sims = await startAllSimulators({ clock });
  });
  afterAll(() => sims.stop());

  it('Slack: bot token at the top level, rotating refresh tokens, and a reused one refused', async () => {
    const pkce = createPkcePair();
    const url = buildAuthorizationUrl(mode('slack'), {
      clientId: client.clientId,
      redirectUri,
      scopes: ['chat:write', 'channels:read'],
      state: 'state-1',
      codeChallenge: pkce.challenge,
      authorizeUrl: sims.wiring.slack.oauth.authorizeUrl,
    });
    expect(new URL(url).searchParams.get('scope')).toBe('chat:write,channels:read');
    const tokens = tokensOf(
      await exchangeAuthorizationCode(mode('slack'), client, { code: await consent(url), redirectUri, codeVerifier: pkce.verifier }, deps('slack')),
    );
    expect(tokens).toMatchObject({
      accessToken: expect.stringMatching(/^xoxe\.xoxb-1-/),
      refreshToken: expect.stringMatching(/^xoxe-1-/),
      expiresAt: clock.now() + 43_200_000,
      scopes: ['chat:write', 'channels:read'],
    });

    const refreshed = tokensOf(await refreshAccessToken(mode('slack'), client, tokens.refreshToken as string, deps('slack')));
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await refreshAccessToken(mode('slack'), client, tokens.refreshToken as string, deps('slack'));
    expect(reused).toMatchObject({ ok: false, error: { code: 'needs_reauth', vendorCode: 'invalid_refresh_token' } });
  });

  it('Slack: the user token comes from authed_user, and user scopes go in user_scope', async () => {
    const url = buildAuthorizationUrl(mode('slack', 'oauth2_user'), {
      clientId: client.clientId,
      redirectUri,
      scopes: ['channels:history'],
      state: 'state-1',
      authorizeUrl: sims.wiring.slack.oauth.authorizeUrl,
    });
    expect(new URL(url).searchParams.get('user_scope')).toBe('channels:history');
    const tokens = tokensOf(await exchangeAuthorizationCode(mode('slack', 'oauth2_user'), client, { code: await consent(url), redirectUri }, deps('slack')));
    expect(tokens.accessToken).toMatch(/^xoxe\.xoxp-1-/);
    const refreshed = tokensOf(await refreshAccessToken(mode('slack', 'oauth2_user'), client, tokens.refreshToken as string, deps('slack')));
    expect(refreshed.accessToken).toMatch(/^xoxe\.xoxp-1-/);
  });

  it('Slack: auth.revoke ends the token', async () => {
    const token = sims.slack.control.issueToken();
    expect(await revokeToken(mode('slack'), client, token, deps('slack'))).toEqual({ ok: true, value: true });
    const engine = createConnectorEngine({ catalog });
    const result = await engine.executeAction({
      action: 'slack.list_channels',
      input: {},
      credential: { authMode: 'oauth2', kind: 'token', token },
      connection: { serverOverrides: sims.wiring.slack.serverOverrides },
    });
    expect(result).toMatchObject({ ok: false, error: { vendorCode: 'token_revoked' } });
  });

  it('Jira: audience and prompt on the authorize URL, cloudId discovered, then a working API call', async () => {
    const url = buildAuthorizationUrl(mode('jira'), {
      clientId: client.clientId,
      redirectUri,
      scopes: ['read:jira-work', 'offline_access'],
      state: 'state-1',
      authorizeUrl: sims.wiring.jira.oauth.authorizeUrl,
    });
    expect(new URL(url).searchParams.get('audience')).toBe('api.atlassian.com');
    const tokens = tokensOf(await exchangeAuthorizationCode(mode('jira'), client, { code: await consent(url), redirectUri }, deps('jira')));
    expect(tokens.expiresAt).toBe(clock.now() + 3_600_000);
    const discovered = await discoverConnectionParams(mode('jira'), tokens.accessToken, deps('jira'));
    expect(discovered).toEqual({ ok: true, value: { cloudId: sims.jira.control.cloudId } });

    const engine = createConnectorEngine({ catalog });
    const issue = await engine.executeAction({
      action: 'jira.get_issue',
      input: { issueIdOrKey: 'OPS-1', fields: ['summary'] },
      credential: { authMode: 'oauth2', kind: 'token', token: tokens.accessToken },
      connection: { params: discovered.ok ? discovered.value : {}, serverOverrides: sims.wiring.jira.serverOverrides },
    });
    expect(issue).toMatchObject({ ok: true, data: { key: 'OPS-1' } });
  });

  it('Jira: reusing a rotated refresh token after the leeway kills the family; the client reports needs_reauth', async () => {
    const { refreshToken } = sims.jira.control.issueToken();
    const rotated = tokensOf(await refreshAccessToken(mode('jira'), client, refreshToken as string, deps('jira')));
    clock.advance(11 * 60_000);
    expect(await refreshAccessToken(mode('jira'), client, refreshToken as string, deps('jira'))).toMatchObject({
      ok: false,
      error: { code: 'needs_reauth', vendorCode: 'invalid_grant', upstreamStatus: 403 },
    });
    expect(await refreshAccessToken(mode('jira'), client, rotated.refreshToken as string, deps('jira'))).toMatchObject({
      ok: false,
      error: { code: 'needs_reauth' },
    });
  });

  it('Salesforce: instance_url becomes the instanceUrl connection parameter; no expires_in; refresh keeps the refresh token', async () => {
    const pkce = createPkcePair();
    const url = buildAuthorizationUrl(mode('salesforce'), {
      clientId: client.clientId,
      redirectUri,
      scopes: ['api', 'refresh_token'],
      state: 'state-1',
      codeChallenge: pkce.challenge,
      authorizeUrl: sims.wiring.salesforce.oauth.authorizeUrl,
    });
    const tokens = tokensOf(
      await exchangeAuthorizationCode(mode('salesforce'), client, { code: await consent(url), redirectUri, codeVerifier: pkce.verifier }, deps('salesforce')),
    );
    expect(tokens.connectionParams).toEqual({ instanceUrl: sims.salesforce.url });
    expect(tokens.expiresAt).toBeUndefined();
    const refreshed = tokensOf(await refreshAccessToken(mode('salesforce'), client, tokens.refreshToken as string, deps('salesforce')));
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);

    expect(await revokeToken(mode('salesforce'), client, tokens.refreshToken as string, deps('salesforce'))).toEqual({ ok: true, value: true });
    expect(await refreshAccessToken(mode('salesforce'), client, tokens.refreshToken as string, deps('salesforce'))).toMatchObject({
      ok: false,
      error: { code: 'needs_reauth', vendorCode: 'invalid_grant' },
    });
  });

  it('GitHub: asks for JSON, gets a non-expiring OAuth-app token, and a bad code is reported though GitHub answers 200', async () => {
    const url = buildAuthorizationUrl(mode('github'), {
      clientId: client.clientId,
      redirectUri,
      scopes: ['repo'],
      state: 'state-1',
      authorizeUrl: sims.wiring.github.oauth.authorizeUrl,
    });
    const tokens = tokensOf(await exchangeAuthorizationCode(mode('github'), client, { code: await consent(url), redirectUri }, deps('github')));
    expect(tokens).toMatchObject({ accessToken: expect.stringMatching(/^gho_/), scopes: ['repo'] });
    expect(tokens.expiresAt).toBeUndefined();
    const bad = await exchangeAuthorizationCode(mode('github'), client, { code: 'nope', redirectUri }, deps('github'));
    expect(bad).toMatchObject({ ok: false, error: { code: 'upstream_invalid_request', vendorCode: 'bad_verification_code', upstreamStatus: 200 } });
    expect(await revokeToken(mode('github'), client, tokens.accessToken, deps('github'))).toEqual({ ok: true, value: true });
  });
});
