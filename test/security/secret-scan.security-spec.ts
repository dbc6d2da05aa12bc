import { secretPath } from '@causeway/secrets';
import { DEFAULT_CLIENT } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { findSecrets, observableChannels } from '../../apps/control-plane/test/support/connections-secret-scan';
import { PlatformHarness } from '../support/platform-harness';
import { tenantWithEverything, type SweepTenant } from './support/two-tenants';

/**
 * Architecture §6: "Secrets never appear in logs, errors, events, GraphQL responses or metrics
 * labels." Feature suites scan their own flows (api-key-lifecycle, oauth-generic-connection,
 * connections); this one runs the flows that handle every kind of secret in one platform, the
 * failing ones included, and scans everything an operator, an admin or an agent can see:
 * service logs, published events (audit and config, as Kafka would carry them), the outbox and
 * every other table, /metrics of both services, GraphQL answers, and REST and MCP error bodies.
 * Each secret is looked for as sent, URL-encoded, form-encoded and Base64-encoded.
 */
describe('secret scan: no secret reaches a log, an event, a table, a metric or an answer', () => {
  const cp = new PlatformHarness();
  let tenant: SweepTenant;
  /** Every secret the flows handled. */
  const secrets: string[] = [];
  /** Every REST and MCP answer the agent side got. */
  const answers: string[] = [];

  const rest = async (path: string, init: RequestInit & { key?: string } = {}) => {
    const response = await fetch(`${cp.dataPlane.url}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, text };
  };

  beforeAll(async () => {
    await cp.start();
    tenant = await tenantWithEverything(cp, 'secrets', 'Sc5scan', true);
    const stored = (await cp.secretStore.read(secretPath.connection(tenant.tenantId, tenant.connectionId)))?.data as Record<string, string>;
    secrets.push(
      tenant.key,
      tenant.key.slice('cw_'.length + 12 + 1),
      tenant.owner.password,
      stored.accessToken,
      stored.refreshToken,
      DEFAULT_CLIENT.clientSecret,
    );
    secrets.push(cp.secrets.apiKeyPepper, cp.secrets.jwtSecret, cp.secrets.internalToken, cp.operator.password);
  }, 120_000);

  afterAll(async () => {
    await cp.stop();
    await tenant?.slack.stop();
  }, 30_000);

  it('runs every flow that handles a secret, failures included', async () => {
    // Credentials an admin types: a Basic-auth password, a personal access token, a webhook signing secret.
    const jiraPassword = 'jira-api-token-Sc5-0123456789abcdef';
    const githubToken = 'ghp_Sc5personalAccessToken0123456789abc';
    const webhookSecret = 'approval-webhook-signing-secret-Sc5-0123456789';
    secrets.push(jiraPassword, githubToken, webhookSecret);
    await cp.ok(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
      {
        i: {
          provider: 'jira',
          name: 'jira',
          kind: 'shared',
          authMode: 'api_token',
          username: 'agent@secrets.test',
          password: jiraPassword,
          params: JSON.stringify({ siteUrl: 'https://secrets.atlassian.net' }),
        },
      },
      tenant.token,
    );
    await cp.ok(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
      { i: { provider: 'github', name: 'github', kind: 'shared', authMode: 'personal_access_token', token: githubToken } },
      tenant.token,
    );
    await cp.ok(
      'mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { webhookSecretSet } }',
      { i: { requireApproval: { tools: ['slack.post_message'] }, webhookSecret } },
      tenant.token,
    );

    // Key lifecycle: rotation shows a new secret once.
    const rotated = await cp.ok<{ rotateApiKey: { secret: string } }>(
      'mutation($id: ID!) { rotateApiKey(id: $id, overlapSeconds: 60) { secret } }',
      { id: tenant.keyId },
      tenant.token,
    );
    const key = rotated.rotateApiKey.secret;
    secrets.push(key, key.slice('cw_'.length + 12 + 1));
    await eventually(async () => ((await rest('/v1/tools', { key })).status === 200 ? true : undefined), { what: 'the rotated key' });

    // Sessions: a refresh, a failed sign-in with a password that is almost right.
    const session = await cp.login(tenant.owner.email, tenant.owner.password);
    secrets.push(session.refreshToken, session.accessToken, `${tenant.owner.password}x`);
    await cp.ok('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: session.refreshToken });
    await cp.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
      e: tenant.owner.email,
      p: `${tenant.owner.password}x`,
    });

    // The agent side: good calls, and every way of getting one wrong.
    await rest('/v1/actions/slack.list_channels', { method: 'POST', key, body: JSON.stringify({ input: { limit: 1 } }) });
    await rest('/v1/actions/slack.post_message', {
      method: 'POST',
      key,
      body: JSON.stringify({ input: { channel: 'C0GENERAL01', text: 'held for a human' } }),
    });
    await rest('/v1/actions/slack.list_channels', { method: 'POST', key: `${key.slice(0, -4)}AAAA`, body: JSON.stringify({ input: {} }) });
    await rest('/v1/actions/slack.list_channels', { method: 'POST', key, body: JSON.stringify({ input: { limit: 'many' } }) });
    await rest('/v1/actions/slack.list_channels', { method: 'POST', key, body: '{"input": ' });
    await rest(`/v1/proxy/${tenant.connectionId}/auth.test`, { key });
    await rest(`/v1/tools?api_key=${encodeURIComponent(key)}`);
    await rest('/mcp', {
      method: 'POST',
      key,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slack.list_channels', arguments: { limit: -1 } } }),
    });
    // The provider revokes the grant: the next call fails upstream, a refresh is tried and fails.
    tenant.slack.control.revokeTokens();
    const failed = await rest('/v1/actions/slack.list_channels', { method: 'POST', key, body: JSON.stringify({ input: { limit: 1 } }) });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    await cp.gql('mutation($id: ID!) { testConnection(id: $id) { ok code message } }', { id: tenant.connectionId }, tenant.token);
    await cp.ok(
      '{ apiKeys { edges { node { id name prefix scopes } } } connections { edges { node { id status statusReason } } } oauthApps { clientId hasClientSecret } approvalPolicy { webhookSecretSet } }',
      {},
      tenant.token,
    );
  }, 60_000);

  it('finds none of them anywhere', async () => {
    const tables = await everyRow(cp);
    // The answers that hand a secret to its owner once (createApiKey, rotateApiKey, login, refreshSession) are the exception.
    const graphql = cp.responses.filter((response) => !/"(secret|accessToken|refreshToken)"/.test(response));
    const channels = await observableChannels(cp, [cp.url, cp.dataPlane.url], { graphql, 'REST and MCP answers': answers, 'database rows': [tables] });
    const sightings = findSecrets(channels, secrets);
    expect(sightings.map((s) => `${s.channel}: ${s.excerpt}`)).toEqual([]);
    // The scan saw real traffic, so an empty result means something.
    expect(channels.logs.length).toBeGreaterThan(10_000);
    expect(channels.events.length).toBeGreaterThan(1_000);
    expect(channels.metrics).toContain('causeway_');
    expect(secrets.length).toBeGreaterThanOrEqual(18);
  });
});

/** Every row of every table of both services' schemas, as text (the outbox among them). */
async function everyRow(cp: PlatformHarness): Promise<string> {
  const tables = (await cp.dataSourceQuery(
    "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('control_plane', 'data_plane') AND table_type = 'BASE TABLE'",
  )) as { table_schema: string; table_name: string }[];
  const dumps: string[] = [];
  for (const { table_schema: schema, table_name: name } of tables) {
    dumps.push(`${schema}.${name} ${JSON.stringify(await cp.dataSourceQuery(`SELECT * FROM "${schema}"."${name}"`))}`);
  }
  return dumps.join('\n');
}
