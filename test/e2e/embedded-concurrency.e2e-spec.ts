import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

/** How long the mixed load runs; 30 s by default, shorter for a quick local look. */
const LOAD_SECONDS = Number(process.env.EMBEDDED_LOAD_SECONDS ?? 30);
const WORKERS = 20;

/**
 * The three services of the embedded default share one PGlite backend. Under concurrent
 * mixed reads and writes of all three, no request may fail with a 5xx and every answer must
 * belong to the request that asked (each carries back a marker the request chose).
 */
describe('embedded default under concurrent mixed load', () => {
  let embedded: EmbeddedProcess | undefined;
  let cpUrl = '';
  let dpUrl = '';
  let apiKey = '';
  let token = '';

  beforeAll(async () => {
    embedded = await startEmbeddedProcess({ name: 'embedded-load' });
    cpUrl = embedded.controlPlaneUrl;
    dpUrl = embedded.dataPlaneUrl;
    const { demo } = embedded;
    apiKey = demo.apiKey.key;
    const login = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      {
        e: demo.admin.email,
        p: demo.admin.password,
      },
    );
    token = login.body.data!.login.accessToken;
  }, 180_000);

  afterAll(async () => {
    await embedded?.stop();
  });

  async function gql<T>(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${cpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } };
  }

  async function agent(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${dpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as AgentAnswer };
  }

  interface AgentAnswer {
    data?: { ts?: string; message?: { text?: string } };
    approval?: { id?: string };
  }

  /** One kind of request; returns a problem description, or undefined when the answer is right. */
  type Step = (marker: string) => Promise<string | undefined>;

  const steps: Record<string, Step> = {
    async createAndReadRole(marker) {
      const name = `load-${marker}`;
      const created = await gql<{ createRole: { id: string; name: string } }>(
        'mutation($n: String!) { createRole(input: { name: $n, permissions: ["read:Tool"] }) { id name } }',
        { n: name },
      );
      if (created.status >= 500 || created.body.errors) return `createRole ${created.status} ${JSON.stringify(created.body.errors)}`;
      if (created.body.data?.createRole.name !== name) return `createRole answered ${JSON.stringify(created.body.data)} to ${name}`;
      const listed = await gql<{ roles: { id: string; name: string }[] }>('{ roles { id name } }');
      if (listed.status >= 500 || listed.body.errors) return `roles ${listed.status} ${JSON.stringify(listed.body.errors)}`;
      const found = listed.body.data?.roles.find((r) => r.id === created.body.data!.createRole.id);
      return found?.name === name ? undefined : `roles lacks ${name}: ${JSON.stringify(listed.body.data).slice(0, 200)}`;
    },
    async readApiKeys(marker) {
      const read = await gql<{ apiKeys: { edges: unknown[] }; me: { email: string } }>(
        `query Q${marker.replace(/\W/g, '')} { apiKeys(first: 5) { edges { node { id name } } } }`,
      );
      if (read.status >= 500 || read.body.errors) return `apiKeys ${read.status} ${JSON.stringify(read.body.errors)}`;
      return Array.isArray(read.body.data?.apiKeys.edges) ? undefined : `apiKeys answered ${JSON.stringify(read.body.data)}`;
    },
    async listTools() {
      const tools = await agent('GET', '/v1/tools');
      if (tools.status !== 200) return `GET /v1/tools ${tools.status} ${JSON.stringify(tools.body).slice(0, 200)}`;
      return undefined;
    },
    async idempotentPost(marker) {
      const input = { input: { channel: 'C0GENERAL01', text: `load ${marker}` } };
      const first = await agent('POST', '/v1/actions/slack.post_message', input, { 'idempotency-key': `load-${marker}` });
      // Slack allows about one message per second per channel: a refusal is an answer, a 5xx is not.
      if (first.status === 429) return undefined;
      if (first.status !== 200) return `post_message ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`;
      if (first.body.data?.message?.text !== `load ${marker}`) return `post_message answered ${JSON.stringify(first.body.data)} to ${marker}`;
      const replay = await agent('POST', '/v1/actions/slack.post_message', input, { 'idempotency-key': `load-${marker}` });
      if (replay.status !== 200) return `replay ${replay.status} ${JSON.stringify(replay.body).slice(0, 200)}`;
      return replay.body.data?.ts === first.body.data.ts ? undefined : `replay of ${marker} answered ts ${replay.body.data?.ts}, first ${first.body.data.ts}`;
    },
    async heldForApproval(marker) {
      const held = await agent(
        'POST',
        '/v1/actions/slack.delete_message',
        { input: { channel: 'C0GENERAL01', ts: `1700000000.${marker.replace(/\D/g, '').padStart(6, '0')}` } },
        { 'idempotency-key': `held-${marker}` },
      );
      if (held.status !== 202) return `delete_message ${held.status} ${JSON.stringify(held.body).slice(0, 200)}`;
      const id = held.body.approval?.id ?? '';
      const polled = await agent('GET', `/v1/approvals/${id}`);
      if (polled.status !== 200 || polled.body.approval?.id !== id) return `GET approval ${id}: ${polled.status} ${JSON.stringify(polled.body).slice(0, 200)}`;
      const viewed = await gql<{ approval: { id: string; tool: string } | null }>('query($id: ID!) { approval(id: $id) { id tool } }', { id });
      if (viewed.status >= 500 || viewed.body.errors) return `approval(id) ${viewed.status} ${JSON.stringify(viewed.body.errors)}`;
      return viewed.body.data?.approval?.id === id ? undefined : `approval(${id}) answered ${JSON.stringify(viewed.body.data)}`;
    },
  };

  it(
    `answers ${WORKERS} concurrent mixed requests for ${LOAD_SECONDS} s with no 5xx and no crossed answer`,
    async () => {
      const kinds = Object.keys(steps);
      const problems: string[] = [];
      const counts: Record<string, number> = {};
      const until = Date.now() + LOAD_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          for (let i = 0; Date.now() < until; i++) {
            const kind = kinds[(worker + i) % kinds.length];
            counts[kind] = (counts[kind] ?? 0) + 1;
            const problem = await steps[kind](`${worker}-${i}`).catch((error: Error) => `${kind} threw ${error.message}`);
            if (problem) problems.push(`${kind}: ${problem}`);
          }
        }),
      );
      process.stdout.write(`embedded load: ${JSON.stringify(counts)} requests by kind in ${LOAD_SECONDS} s\n`);
      const serverErrors = embedded!.proc
        .output()
        .split('\n')
        .filter((line) => /bind message|prepared statement|reading 'locked'|"level":(50|60)/.test(line));
      expect({ problems: problems.slice(0, 10), problemCount: problems.length, serverErrors: serverErrors.slice(0, 5) }).toEqual({
        problems: [],
        problemCount: 0,
        serverErrors: [],
      });
      // The load did reach every kind of request.
      for (const kind of kinds) expect(counts[kind]).toBeGreaterThan(0);
    },
    (LOAD_SECONDS + 120) * 1000,
  );
});
