import { DEFAULT_CLIENT, SLACK_DEFAULT_SCOPES, JIRA_DEFAULT_SCOPES, type AllSimulators, type TokenSimulatorProvider } from '@causeway/simulators';
import type { Logger } from '@causeway/observability';
import { serviceFetch } from '@causeway/egress';

type Gql = <T>(query: string, variables: Record<string, unknown>, token?: string) => Promise<T>;

const OAUTH_PROVIDERS = [
  { provider: 'slack', scopes: SLACK_DEFAULT_SCOPES },
  { provider: 'jira', scopes: JIRA_DEFAULT_SCOPES },
  { provider: 'salesforce', scopes: ['api', 'refresh_token'] },
  { provider: 'github', scopes: ['repo'] },
] as const;

/**
 * Providers whose simulator takes an API token: a connection with the auth mode the vendor
 * offers for a token, holding one the simulator issued. Zendesk's API token is Basic auth with
 * `{email}/token` as the user name.
 */
const TOKEN_PROVIDERS = [
  { provider: 'zendesk', authMode: 'api_token', basicUser: 'agent@example.com/token' },
  { provider: 'hubspot', authMode: 'private_app_token' },
  { provider: 'notion', authMode: 'internal_integration_token' },
  { provider: 'gitlab', authMode: 'personal_access_token' },
  { provider: 'pagerduty', authMode: 'api_key' },
  { provider: 'stripe', authMode: 'secret_key' },
  { provider: 'asana', authMode: 'personal_access_token' },
] as const satisfies readonly { provider: TokenSimulatorProvider; authMode: string; basicUser?: string }[];

/**
 * Wires the demo tenant to the bundled simulators through the same API an admin uses: the
 * tenant's OAuth app per provider, then a consent the simulator approves at once (Contentful
 * with a personal access token, the TOKEN_PROVIDERS with a token their simulator issued). Made
 * once: a connection recorded by a previous start (`kept`, whose credential was already renewed
 * in place) stays with its id; only a missing one is made, and demo connections not recorded
 * (left by older versions) are removed.
 */
export async function wireDemoConnections(
  gql: Gql,
  ownerToken: string,
  sims: AllSimulators,
  logger: Logger,
  kept: Record<string, string> = {},
): Promise<{ wired: string[]; connections: Record<string, string> }> {
  const existing = await retry(() =>
    gql<{ connections: { edges: { node: { id: string; name: string } }[] } }>('{ connections(first: 100) { edges { node { id name } } } }', {}, ownerToken),
  );
  const present = new Set(existing.connections.edges.map((e) => e.node.id));
  const connections: Record<string, string> = Object.fromEntries(Object.entries(kept).filter(([, id]) => present.has(id)));
  const keptIds = new Set(Object.values(connections));
  for (const { node } of existing.connections.edges) {
    if (node.name.startsWith('demo ') && !keptIds.has(node.id)) await gql('mutation($id: ID!) { deleteConnection(id: $id) }', { id: node.id }, ownerToken);
  }
  for (const { provider, scopes } of OAUTH_PROVIDERS) {
    if (connections[provider]) continue;
    try {
      const wiring = sims.wiring[provider];
      await gql(
        'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
        { i: { provider, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ...wiring.oauth } },
        ownerToken,
      );
      const started = await gql<{ startConnection: { authorizeUrl: string } }>(
        'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
        { i: { provider, name: `demo ${provider}`, kind: 'shared', scopes: [...scopes], serverOverrides: JSON.stringify(wiring.serverOverrides) } },
        ownerToken,
      );
      const approval = await serviceFetch(started.startConnection.authorizeUrl, { redirect: 'manual' });
      const callback = approval.headers.get('location');
      if (!callback) throw new Error(`the ${provider} simulator did not redirect (${approval.status})`);
      const done = await serviceFetch(callback, { headers: { accept: 'application/json' } });
      if (!done.ok) throw new Error(`callback answered ${done.status}: ${await done.text()}`);
      connections[provider] = ((await done.json()) as { connection: { id: string } }).connection.id;
    } catch (error) {
      logger.warn({ provider, err: error instanceof Error ? error.message : String(error) }, 'demo connection not wired');
    }
  }
  if (!connections.contentful) {
    try {
      const token = sims.contentful.control.issuePersonalAccessToken();
      const created = await gql<{ createConnection: { id: string } }>(
        'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
        {
          i: {
            provider: 'contentful',
            name: 'demo contentful',
            kind: 'shared',
            authMode: 'personal_access_token',
            token,
            serverOverrides: JSON.stringify(sims.wiring.contentful.serverOverrides),
          },
        },
        ownerToken,
      );
      connections.contentful = created.createConnection.id;
    } catch (error) {
      logger.warn({ provider: 'contentful', err: error instanceof Error ? error.message : String(error) }, 'demo connection not wired');
    }
  }
  for (const entry of TOKEN_PROVIDERS) {
    const { provider, authMode } = entry;
    if (connections[provider]) continue;
    try {
      const wiring = sims.tokenWiring[provider];
      const token = wiring.issueToken();
      const credential = 'basicUser' in entry ? { username: entry.basicUser, password: token } : { token };
      const created = await gql<{ createConnection: { id: string } }>(
        'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
        {
          i: {
            provider,
            name: `demo ${provider}`,
            kind: 'shared',
            authMode,
            ...credential,
            params: JSON.stringify(wiring.connectionParams),
            serverOverrides: JSON.stringify(wiring.serverOverrides),
          },
        },
        ownerToken,
      );
      connections[provider] = created.createConnection.id;
    } catch (error) {
      logger.warn({ provider, err: error instanceof Error ? error.message : String(error) }, 'demo connection not wired');
    }
  }
  const wired = [...OAUTH_PROVIDERS.map((p) => p.provider), 'contentful', ...TOKEN_PROVIDERS.map((p) => p.provider)].filter(
    (provider) => connections[provider],
  );
  return { wired, connections };
}

/**
 * Right after a restart the first authenticated call has been seen to fail once (a session
 * written a moment earlier, not yet visible through another PGlite connection); the demo
 * seeding tries a few times rather than leave a newcomer without connections.
 */
async function retry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 300 * i));
    }
  }
}
