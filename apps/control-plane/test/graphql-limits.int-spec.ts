import { ControlPlaneHarness } from './support/control-plane-harness';

const AUDIT_EVENT_FIELDS =
  'id seq occurredAt action outcome actorType actorId actorLabel tool connectionId correlationId workflowRunId upstreamStatus attempts latencyMs details hash';
const LIMIT_CODES = ['QUERY_TOO_COMPLEX', 'QUERY_TOO_LARGE', 'TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS'];

/**
 * What one GraphQL operation may cost, refused before any resolver runs with a 4xx and a
 * code that names the limit (docs/security/graphql-and-embedded.md), while the console's
 * ordinary pages stay allowed.
 */
describe('GraphQL operation limits', () => {
  const cp = new ControlPlaneHarness();
  let token: string;

  beforeAll(async () => {
    await cp.start();
    token = (await cp.tenantWithOwner('limits')).token;
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${cp.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string; field?: string } }[] } };
  };
  const codeOf = (answer: Awaited<ReturnType<typeof post>>) => answer.body.errors?.[0]?.extensions?.code;

  it('allows an ordinary page: auditEvents(first: 100) with every field', async () => {
    const answer = await post({ query: `{ auditEvents(first: 100) { edges { cursor node { ${AUDIT_EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }` });
    // The harness has no audit service; what matters is that no limit refused the page.
    expect(LIMIT_CODES).not.toContain(codeOf(answer));
  });

  it('prices verification: a few verifyAuditTrail in one operation are too expensive', async () => {
    const answer = await post({ query: `{ ${Array.from({ length: 4 }, (_, i) => `v${i}: verifyAuditTrail { ok }`).join(' ')} }` });
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code: 'QUERY_TOO_COMPLEX' });
  });

  it('caps aliases: 200 aliases of verifyAuditTrail are refused', async () => {
    const answer = await post({ query: `{ ${Array.from({ length: 200 }, (_, i) => `v${i}: verifyAuditTrail { ok }`).join(' ')} }` });
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code: 'TOO_MANY_ALIASES' });
  });

  it('caps root fields per operation, aliased or not', async () => {
    const answer = await post({ query: `{ ${'__typename '.repeat(11)}}` });
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code: 'TOO_MANY_ROOT_FIELDS' });
    expect(codeOf(await post({ query: `{ ${'__typename '.repeat(10)}}` }))).toBeUndefined();
  });

  it('answers 20,000 aliases with a 4xx, not a stack overflow', async () => {
    const answer = await post({ query: `{ ${Array.from({ length: 20_000 }, (_, i) => `a${i}: __typename`).join(' ')} }` });
    expect({ status: answer.status, code: codeOf(answer), message: answer.body.errors?.[0]?.message }).toEqual({
      status: 400,
      code: 'QUERY_TOO_LARGE',
      message: expect.any(String),
    });
  });

  it('answers a fragment cycle with a 4xx, not a stack overflow', async () => {
    const answer = await post({ query: '{ ...A } fragment A on Query { roles { id } ...B } fragment B on Query { me { id } ...A }' });
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('bounds every string input and names the argument, in variables and in literals', async () => {
    const huge = 'r'.repeat(900_000);
    const viaVariable = await post({
      query: 'mutation($i: CreateRoleInput!) { createRole(input: $i) { id } }',
      variables: { i: { name: huge, permissions: [] } },
    });
    expect({ status: viaVariable.status, code: codeOf(viaVariable), field: viaVariable.body.errors?.[0]?.extensions?.field }).toEqual({
      status: 400,
      code: 'INVALID_INPUT',
      field: 'input.name',
    });
    const literal = await post({ query: `mutation { createRole(input: { name: "${'n'.repeat(5_000)}", permissions: [] }) { id } }` });
    expect({ status: literal.status, code: codeOf(literal), field: literal.body.errors?.[0]?.extensions?.field }).toEqual({
      status: 400,
      code: 'INVALID_INPUT',
      field: 'input.name',
    });
    const longNote = await post({
      query: 'mutation($r: String) { rejectAction(id: "00000000-0000-4000-8000-000000000000", reason: $r) { id } }',
      variables: { r: 'x'.repeat(20_000) },
    });
    expect({ status: longNote.status, code: codeOf(longNote), field: longNote.body.errors?.[0]?.extensions?.field }).toEqual({
      status: 400,
      code: 'INVALID_INPUT',
      field: 'reason',
    });
  });

  it('refuses a batched array with a code that names it', async () => {
    const answer = await post([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code: 'BATCHED_OPERATIONS_REFUSED' });
  });

  it('refuses a mutation over GET with a code that names it', async () => {
    const query = encodeURIComponent('mutation { __typename }');
    const response = await fetch(`${cp.url}/graphql?query=${query}`, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect({ status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 405, code: 'MUTATION_REQUIRES_POST' });
  });
});
