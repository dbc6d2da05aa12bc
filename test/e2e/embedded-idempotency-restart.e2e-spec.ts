import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

/**
 * An agent that retries correctly across a crash of the embedded default gets the stored
 * answer, or learns that the outcome is unknown — never 422 `idempotency_key_reused`. (The
 * request hash covers what the agent sent, not the connection the platform resolved, which the
 * embedded default re-creates at every start.)
 */
describe('the embedded default across a SIGKILL: idempotency and demo connections', () => {
  let embedded: EmbeddedProcess | undefined;

  afterAll(async () => {
    await embedded?.stop();
  }, 60_000);

  const post = async (key: string, tool: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${embedded!.dataPlaneUrl}/v1/actions/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as { data?: { ts?: string }; error?: { code: string } },
    };
  };

  /** The demo tenant's connections, by name: id and status. */
  const demoConnections = async (): Promise<Record<string, { id: string; status: string }>> => {
    const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string) =>
      (
        (await (
          await fetch(`${embedded!.controlPlaneUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query, variables }),
          })
        ).json()) as { data: T }
      ).data;
    const { login } = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      { e: embedded!.demo.admin.email, p: embedded!.demo.admin.password },
    );
    const { connections } = await gql<{ connections: { edges: { node: { id: string; name: string; status: string } }[] } }>(
      '{ connections(first: 50) { edges { node { id name status } } } }',
      {},
      login.accessToken,
    );
    return Object.fromEntries(connections.edges.map((e) => [e.node.name, { id: e.node.id, status: e.node.status }]));
  };

  it('replays a write answered before the crash, never calls a cut-off request’s retry a different request, and keeps the demo connections', async () => {
    embedded = await startEmbeddedProcess({ name: 'idempotency-restart', logLevel: 'warn' });
    const key = embedded.demo.apiKey.key;
    const message = { input: { channel: 'C0GENERAL01', text: 'deploy 42 done' } };
    const first = await post(key, 'slack.post_message', message, { 'idempotency-key': 'deploy-42' });
    expect(first.status).toBe(200);
    const connectionsBefore = await demoConnections();
    const twelve = ['asana', 'contentful', 'github', 'gitlab', 'hubspot', 'jira', 'notion', 'pagerduty', 'salesforce', 'slack', 'stripe', 'zendesk'];
    expect(Object.keys(connectionsBefore).sort()).toEqual(twelve.map((provider) => `demo ${provider}`));

    // A second write is cut off wherever the kill lands: before its key was taken, in flight, or answered.
    const cutOff = post(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'deploy 43 done' } }, { 'idempotency-key': 'deploy-43' }).catch(
      (error: unknown) => error,
    );
    await new Promise((r) => setTimeout(r, 5));
    await embedded.kill();
    await cutOff;

    embedded = await startEmbeddedProcess({ name: 'idempotency-restart', logLevel: 'warn', dataDir: embedded.dataDir });
    const retried = await post(key, 'slack.post_message', message, { 'idempotency-key': 'deploy-42' });
    expect(retried).toMatchObject({ status: 200, replayed: 'true' });
    expect(retried.body.data).toEqual(first.body.data);

    // The same request again: sent now, replayed, or "still running / outcome unknown" — never another request's key.
    const again = await post(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'deploy 43 done' } }, { 'idempotency-key': 'deploy-43' });
    if (again.status === 200) expect(again.body.data?.ts).toEqual(expect.any(String));
    else
      expect({ status: again.status, code: again.body.error?.code }).toEqual({
        status: 409,
        code: expect.stringMatching(/^idempotency_(in_flight|outcome_unknown)$/),
      });

    // The demo connections were made once: same ids after the restart, and they work.
    expect(await demoConnections()).toEqual(connectionsBefore);
    const named = await post(key, 'slack.post_message', {
      connectionId: connectionsBefore['demo slack'].id,
      input: { channel: 'C0GENERAL01', text: 'after the restart' },
    });
    expect(named.status).toBe(200);
    expect((await post(key, 'jira.search_issues', { input: { jql: 'project = OPS' } })).status).toBe(200);
    // Token connections got a token the restarted simulator knows, in place (Zendesk's as a Basic password).
    expect((await post(key, 'stripe.list_customers', { input: {} })).status).toBe(200);
    expect((await post(key, 'zendesk.list_tickets', { input: {} })).status).toBe(200);

    // A different request under a used key is still refused as one.
    const reused = await post(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'something else' } }, { 'idempotency-key': 'deploy-42' });
    expect(reused.body.error?.code).toBe('idempotency_key_reused');
  }, 600_000);
});
