import { Client } from 'pg';
import { TOPICS, webhookSecretPath } from '@causeway/contracts';
import {
  sendVendorWebhook,
  slackUrlVerification,
  startContentfulSimulator,
  startGitHubSimulator,
  startJiraSimulator,
  startSlackSimulator,
  startStripeSimulator,
} from '@causeway/simulators';
import { eventually, freePort } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type GitHubSim = Awaited<ReturnType<typeof startGitHubSimulator>>;
type StripeSim = Awaited<ReturnType<typeof startStripeSimulator>>;
type JiraSim = Awaited<ReturnType<typeof startJiraSimulator>>;
type ContentfulSim = Awaited<ReturnType<typeof startContentfulSimulator>>;
type SlackSim = Awaited<ReturnType<typeof startSlackSimulator>>;

interface Registration {
  status: string;
  url: string;
  target: string | null;
  providerHookId: string | null;
  reason: string | null;
}

/**
 * Registering a connection's webhook at its provider, against the GitHub and Stripe
 * simulators, a control plane and a data plane on real Postgres: the hook points at the
 * connection's inbound URL and signs with a secret kept only in the secret store; something
 * an agent does through the data plane comes back as one verified, stored and published event;
 * deleting the connection deletes the hook; a provider's refusal leaves the connection usable
 * and nothing half-written.
 */
describe('webhook registration at the provider', () => {
  let cp: PlatformHarness;
  let github: GitHubSim;
  let stripe: StripeSim;
  let jira: JiraSim;
  let contentful: ContentfulSim;
  let slack: SlackSim;
  let db: Client;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let key: string;
  let base = '';

  const createConnection = (input: Record<string, unknown>) =>
    cp.ok<{ createConnection: { id: string; webhook: Registration | null; webhookSetup: string | null } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id webhook { status url target providerHookId reason } webhookSetup } }',
      { i: input },
      tenant.token,
    );
  const githubConnection = (scopes: string[]) =>
    createConnection({
      provider: 'github',
      name: `github ${scopes.join(' ')}`,
      kind: 'shared',
      authMode: 'personal_access_token',
      token: github.control.issueToken({ scopes }),
      serverOverrides: JSON.stringify({ default: github.url }),
    });
  const register = (connectionId: string, target: string | null) =>
    cp.gql<{ registerWebhook: { ok: boolean; code: string | null; message: string | null; registration: Registration | null } }>(
      'mutation($c: ID!, $t: String) { registerWebhook(connectionId: $c, target: $t) { ok code message registration { status url target providerHookId reason } } }',
      { c: connectionId, t: target },
      tenant.token,
    );
  const inboundEvents = async (connectionId: string) =>
    (
      await db.query<{ type: string; delivery_id: string }>('SELECT type, delivery_id FROM data_plane.inbound_events WHERE connection_id = $1 ORDER BY seq', [
        connectionId,
      ])
    ).rows;
  const published = (connectionId: string, type: string) =>
    cp.events.filter(
      (m) =>
        m.topic === TOPICS.events &&
        (m.value as { connectionid?: string; type?: string }).connectionid === connectionId &&
        (m.value as { type?: string }).type === type,
    );
  const reachesDataPlane = (connectionId: string) =>
    eventually(() => (cp.dataPlane.configView.connection(tenant.tenantId, connectionId) ? true : undefined), { what: 'the connection in the data plane' });
  const deleteConnection = (id: string) => cp.ok('mutation($id: ID!) { deleteConnection(id: $id) }', { id }, tenant.token);

  beforeAll(async () => {
    github = await startGitHubSimulator();
    stripe = await startStripeSimulator();
    jira = await startJiraSimulator();
    contentful = await startContentfulSimulator();
    slack = await startSlackSimulator();
    // The data plane's port is chosen first: providers are given URLs below it at registration.
    const dataPlanePort = await freePort();
    base = `http://127.0.0.1:${dataPlanePort}`;
    cp = new PlatformHarness({ PORT: dataPlanePort }, { config: { PUBLIC_WEBHOOK_BASE_URL: base } });
    await cp.start();
    db = new Client({ connectionString: cp.db!.url });
    await db.connect();
    tenant = await cp.tenantWithOwner('hooks');
    const created = await cp.ok<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool", "read:Tool"] }) { secret } }',
      {},
      tenant.token,
    );
    key = created.createApiKey.secret;
    await eventually(
      async () => ((await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status === 200 ? true : undefined),
      { what: 'the key in the data plane' },
    );
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await cp?.stop();
    await github?.stop();
    await stripe?.stop();
    await jira?.stop();
    await contentful?.stop();
    await slack?.stop();
  }, 30_000);

  it('registers a GitHub repository hook; an issue an agent creates arrives verified, stored and published once; deleting the connection deletes the hook', async () => {
    const { createConnection: connection } = await githubConnection(['repo']);
    // GitHub needs to be told which repository: nothing is registered at connect time.
    expect(connection.webhook).toBeNull();
    expect(connection.webhookSetup).toContain('registerWebhook');
    await reachesDataPlane(connection.id);

    const result = await register(connection.id, 'causeway-demo/api');
    expect(result.errors).toBeUndefined();
    const url = `${base}/v1/webhooks/${tenant.tenantId}/${connection.id}`;
    const hooks = github.control.hooks.list('causeway-demo/api');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ url, events: ['*'], active: true });
    expect(result.data!.registerWebhook).toEqual({
      ok: true,
      code: null,
      message: null,
      registration: { status: 'registered', url, target: 'causeway-demo/api', providerHookId: hooks[0]!.id, reason: null },
    });
    // The secret GitHub signs with is the one in the secret store, and nowhere else.
    const stored = await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id));
    expect(stored?.data['secret']).toBe(hooks[0]!.secret);
    expect(hooks[0]!.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(cp.everythingObservable()).not.toContain(hooks[0]!.secret);
    expect(cp.responses.join('\n')).not.toContain(hooks[0]!.secret);
    const rows = await db.query('SELECT * FROM control_plane.webhook_registrations');
    expect(JSON.stringify(rows.rows)).not.toContain(hooks[0]!.secret);

    // GitHub pings a new hook at once; it verifies against the stored secret.
    await eventually(() => github.control.hooks.deliveries.find((d) => d.event === 'ping' && d.result.acknowledged), { what: 'the ping acknowledged' });

    const issue = await cp.callTool(key, 'github.create_issue', {
      connectionId: connection.id,
      input: { owner: 'causeway-demo', repo: 'api', title: 'Hooked' },
    });
    expect(issue.status).toBe(200);
    const delivery = await eventually(() => github.control.hooks.deliveries.find((d) => d.event === 'issues'), { what: 'the issues delivery' });
    expect(delivery.result.statuses).toEqual([200]);
    const stored2 = await eventually(
      async () => {
        const events = (await inboundEvents(connection.id)).filter((e) => e.type === 'com.github.issues.opened');
        return events.length > 0 ? events : undefined;
      },
      { what: 'the issue event stored' },
    );
    expect(stored2).toEqual([{ type: 'com.github.issues.opened', delivery_id: delivery.deliveryId }]);
    await eventually(() => (published(connection.id, 'com.github.issues.opened').length > 0 ? true : undefined), { what: 'the issue event published' });
    await new Promise((r) => setTimeout(r, 500));
    expect(published(connection.id, 'com.github.issues.opened')).toHaveLength(1);

    // The hook is on record in the audit trail's events, without its secret.
    await eventually(
      () => (cp.events.some((m) => m.topic === TOPICS.audit && (m.value as { action?: string }).action === 'connection.webhook_registered') ? true : undefined),
      { what: 'the registration in the audit trail' },
    );
    expect(cp.everythingObservable()).not.toContain(hooks[0]!.secret);

    await deleteConnection(connection.id);
    expect(github.control.hooks.list('causeway-demo/api')).toEqual([]);
    expect(await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id))).toBeNull();
    expect((await db.query('SELECT 1 FROM control_plane.webhook_registrations WHERE connection_id = $1', [connection.id])).rowCount).toBe(0);
  }, 90_000);

  it('leaves one hook, signing with the stored secret, when registerWebhook is sent twice at once', async () => {
    const { createConnection: connection } = await githubConnection(['repo']);
    const [first, second] = await Promise.all([register(connection.id, 'causeway-demo/api'), register(connection.id, 'causeway-demo/api')]);
    expect([first.data?.registerWebhook.ok, second.data?.registerWebhook.ok]).toEqual([true, true]);
    const hooks = github.control.hooks.list('causeway-demo/api');
    expect(hooks).toHaveLength(1);
    const row = await db.query<{ provider_hook_id: string }>('SELECT provider_hook_id FROM control_plane.webhook_registrations WHERE connection_id = $1', [
      connection.id,
    ]);
    expect(row.rows).toEqual([{ provider_hook_id: hooks[0]!.id }]);
    expect((await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id)))?.data['secret']).toBe(hooks[0]!.secret);
    await deleteConnection(connection.id);
    expect(github.control.hooks.list('causeway-demo/api')).toEqual([]);
  }, 90_000);

  it('registers a Stripe webhook endpoint when the connection is made, keeping the whsec_ secret Stripe generated', async () => {
    const { createConnection: connection } = await createConnection({
      provider: 'stripe',
      name: 'stripe',
      kind: 'shared',
      authMode: 'secret_key',
      token: stripe.control.issueToken(),
      serverOverrides: JSON.stringify({ default: `${stripe.url}/v1` }),
    });
    const endpoints = stripe.control.hooks.list();
    expect(endpoints).toHaveLength(1);
    const url = `${base}/v1/webhooks/${tenant.tenantId}/${connection.id}`;
    expect(endpoints[0]).toMatchObject({ url, events: ['*'] });
    expect(connection.webhook).toEqual({ status: 'registered', url, target: null, providerHookId: endpoints[0]!.id, reason: null });
    const stored = await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id));
    expect(stored?.data['secret']).toBe(endpoints[0]!.secret);
    expect(endpoints[0]!.secret).toMatch(/^whsec_/);
    expect(cp.everythingObservable()).not.toContain(endpoints[0]!.secret);
    await reachesDataPlane(connection.id);

    const customer = await cp.callTool(key, 'stripe.create_customer', { connectionId: connection.id, input: { email: 'hooked@example.com' } });
    expect(customer.status).toBe(200);
    const delivery = await eventually(() => stripe.control.hooks.deliveries.find((d) => d.event === 'customer.created'), { what: 'the Stripe delivery' });
    expect(delivery.result.statuses).toEqual([200]);
    const events = await eventually(
      async () => {
        const found = await inboundEvents(connection.id);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the Stripe event stored' },
    );
    expect(events).toEqual([{ type: 'com.stripe.customer.created', delivery_id: delivery.deliveryId }]);

    await deleteConnection(connection.id);
    expect(stripe.control.hooks.list()).toEqual([]);
  }, 90_000);

  it("registers a Jira admin webhook with a secret when a Jira administrator's API-token connection is made", async () => {
    const { createConnection: connection } = await createConnection({
      provider: 'jira',
      name: 'jira admin',
      kind: 'shared',
      authMode: 'api_token',
      username: 'ada@causeway-demo.example',
      password: jira.control.issueApiToken(),
      serverOverrides: JSON.stringify({ site: jira.url }),
    });
    const hooks = jira.control.hooks.list();
    expect(hooks).toHaveLength(1);
    const url = `${base}/v1/webhooks/${tenant.tenantId}/${connection.id}`;
    expect(hooks[0]).toMatchObject({ url, events: expect.arrayContaining(['jira:issue_created']) });
    expect(connection.webhook).toEqual({ status: 'registered', url, target: null, providerHookId: hooks[0]!.id, reason: null });
    expect((await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id)))?.data['secret']).toBe(hooks[0]!.secret);
    await reachesDataPlane(connection.id);

    const created = await cp.callTool(key, 'jira.create_issue', {
      connectionId: connection.id,
      input: { projectKey: 'OPS', issueType: 'Task', summary: 'Hooked' },
    });
    expect(created.status).toBe(200);
    const delivery = await eventually(() => jira.control.hooks.deliveries.find((d) => d.event === 'jira:issue_created'), { what: 'the Jira delivery' });
    expect(delivery.result.statuses).toEqual([200]);
    const events = await eventually(
      async () => {
        const found = await inboundEvents(connection.id);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the Jira event stored' },
    );
    expect(events).toEqual([{ type: 'com.atlassian.jira.issue_created', delivery_id: delivery.deliveryId }]);

    await deleteConnection(connection.id);
    expect(jira.control.hooks.list()).toEqual([]);
  }, 90_000);

  it("registers a Contentful webhook definition and sets the space's signing secret; a published entry arrives verified", async () => {
    const { createConnection: connection } = await createConnection({
      provider: 'contentful',
      name: 'contentful',
      kind: 'shared',
      authMode: 'personal_access_token',
      token: contentful.control.issuePersonalAccessToken(),
      serverOverrides: JSON.stringify({ default: contentful.url, delivery: contentful.deliveryUrl }),
    });
    expect(connection.webhook).toBeNull();
    await reachesDataPlane(connection.id);
    const result = await register(connection.id, contentful.control.spaceId);
    expect(result.errors).toBeUndefined();
    const definitions = contentful.control.webhooks.registry.list(contentful.control.spaceId);
    expect(definitions).toHaveLength(1);
    expect(result.data!.registerWebhook).toMatchObject({ ok: true, registration: { status: 'registered', providerHookId: definitions[0]!.id } });
    const stored = await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id));
    expect(contentful.control.webhooks.signingSecret).toBe(stored?.data['secret']);

    const entry = await cp.callTool(key, 'contentful.create_entry', {
      connectionId: connection.id,
      input: { spaceId: contentful.control.spaceId, contentTypeId: 'blogPost', fields: { title: { 'en-US': 'Hooked' }, slug: { 'en-US': 'hooked' } } },
    });
    expect(entry.status).toBe(200);
    const published = await cp.callTool(key, 'contentful.publish_entry', {
      connectionId: connection.id,
      input: { spaceId: contentful.control.spaceId, entryId: entry.body.data.sys.id, version: entry.body.data.sys.version },
    });
    expect(published.status).toBe(200);
    const delivery = await eventually(() => contentful.control.webhooks.registry.deliveries.find((d) => d.event === 'Entry.publish'), {
      what: 'the Contentful delivery',
    });
    expect(delivery.result.statuses).toEqual([200]);
    const events = await eventually(
      async () => {
        const found = await inboundEvents(connection.id);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the Contentful event stored' },
    );
    expect(events).toEqual([{ type: 'com.contentful.entry.publish', delivery_id: delivery.deliveryId }]);

    await deleteConnection(connection.id);
    expect(contentful.control.webhooks.registry.list(contentful.control.spaceId)).toEqual([]);
  }, 90_000);

  it('Slack has no registration API: registerWebhook says where to paste the URL, and setWebhookSecret makes its url_verification answer', async () => {
    const connectionId = await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['chat:write'],
    );
    const refused = await register(connectionId, null);
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'connectionId' });
    expect(refused.errors?.[0]?.message).toContain('Event Subscriptions');
    await reachesDataPlane(connectionId);

    const signingSecret = 'slack-signing-secret-0123456789abcdef';
    const set = await cp.ok<{ setWebhookSecret: { url: string; manualStep: string } }>(
      'mutation($c: ID!, $s: String!) { setWebhookSecret(connectionId: $c, secret: $s) { url manualStep } }',
      { c: connectionId, s: signingSecret },
      tenant.token,
    );
    expect(set.setWebhookSecret).toEqual({ url: `${base}/v1/webhooks/${tenant.tenantId}/${connectionId}`, manualStep: expect.stringContaining('Request URL') });
    // What Slack sends when the URL is saved in the app's settings.
    const handshake = slackUrlVerification(signingSecret, 'challenge-42');
    const answer = await fetch(set.setWebhookSecret.url, { method: 'POST', headers: handshake.headers, body: handshake.body });
    expect(await answer.json()).toEqual({ challenge: 'challenge-42' });
    const forged = await sendVendorWebhook(set.setWebhookSecret.url, slackUrlVerification('not-the-secret-at-all-000000', 'challenge-43'));
    expect(forged.statuses).toEqual([401]);
    expect(cp.everythingObservable()).not.toContain(signingSecret);
  }, 90_000);

  it('reports a refusal (403) as a value and leaves the connection usable, its previous secret in place and no hook anywhere', async () => {
    const { createConnection: connection } = await githubConnection(['public_repo']);
    await reachesDataPlane(connection.id);
    const manual = 'a-secret-the-admin-set-by-hand-0123';
    const set = await cp.ok<{ setWebhookSecret: { url: string; manualStep: string | null } }>(
      'mutation($c: ID!, $s: String!) { setWebhookSecret(connectionId: $c, secret: $s) { url manualStep } }',
      { c: connection.id, s: manual },
      tenant.token,
    );
    expect(set.setWebhookSecret).toEqual({ url: `${base}/v1/webhooks/${tenant.tenantId}/${connection.id}`, manualStep: null });

    const result = await register(connection.id, 'causeway-demo/api');
    expect(result.errors).toBeUndefined();
    expect(result.data!.registerWebhook).toMatchObject({
      ok: false,
      code: 'upstream_forbidden',
      message: expect.stringContaining('Must have admin rights to Repository.'),
      registration: { status: 'failed', providerHookId: null, target: 'causeway-demo/api' },
    });
    expect(github.control.hooks.list('causeway-demo/api')).toEqual([]);
    expect((await cp.secretStore.read(webhookSecretPath(tenant.tenantId, connection.id)))?.data).toEqual({ secret: manual });
    // The attempt is in the audit trail as failed, with GitHub's reason and no secret.
    const attempts = await eventually(
      () => {
        const found = cp.events
          .filter((m) => m.topic === TOPICS.audit)
          .map((m) => m.value as { action: string; outcome: string; target: { id: string }; details: { after?: { reason?: string } } })
          .filter((e) => e.action === 'connection.webhook_registered' && e.target.id === connection.id);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the attempt in the audit trail' },
    );
    expect(attempts).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        details: { after: expect.objectContaining({ status: 'failed', reason: expect.stringContaining('admin rights') }) },
      }),
    ]);
    expect(cp.everythingObservable()).not.toContain(manual);

    // Still usable: the agent's calls go on.
    const listed = await cp.callTool(key, 'github.list_issues', { connectionId: connection.id, input: { owner: 'causeway-demo', repo: 'api' } });
    expect(listed.status).toBe(200);
    const status = await cp.ok<{ connections: { edges: { node: { id: string; status: string } }[] } }>(
      '{ connections { edges { node { id status } } } }',
      {},
      tenant.token,
    );
    expect(status.connections.edges.find((e) => e.node.id === connection.id)?.node.status).toBe('active');

    // Input is checked before anything is sent, naming what is wrong.
    const badTarget = await register(connection.id, 'not a repository');
    expect(badTarget.errors?.[0]?.extensions).toMatchObject({ field: 'target' });
    const short = await cp.gql('mutation($c: ID!) { setWebhookSecret(connectionId: $c, secret: "short") { url } }', { c: connection.id }, tenant.token);
    expect(short.errors?.[0]?.message).toBe('secret: at least 16 characters');
  }, 90_000);
});
