import { createCatalog } from '../catalog/catalog';
import { defineAction, defineProvider } from '../definition/define';
import { createConnectorEngine } from './execute-action';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from './types';

/**
 * What the engine needs for a GraphQL API reached by POST: failures reported in a 200 body
 * (`errors: [...]`), the result under `data.<field>`, a Relay cursor sent as `variables.after`,
 * and a reset header in epoch milliseconds. A fake provider, so the rules are the only reason a
 * test passes.
 */
const listThings = defineAction({
  id: 'gql.list_things',
  version: '1.0.0',
  title: 'List things',
  description: 'Lists things from the fake GraphQL service, one Relay page at a time.',
  usage: 'Only in the engine unit tests of this module.',
  errorGuide: { upstream_rate_limited: 'Wait.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  scopes: [],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      kind: { type: 'string', description: 'Filter by kind.', examples: ['bolt'] },
      first: { type: 'integer', default: 2, description: 'Page size.', examples: [2] },
      cursor: { type: 'string', description: 'Cursor.', examples: ['abc'] },
    },
  },
  outputSchema: { type: 'object', required: ['nodes'], properties: { nodes: { type: 'array' }, pageInfo: { type: 'object' } } },
  http: {
    method: 'POST',
    path: '/graphql',
    body: {
      encoding: 'json',
      value: {
        query:
          'query Things($first: Int, $after: String, $filter: ThingFilter) { things(first: $first, after: $after, filter: $filter) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        variables: { first: { $input: 'first' }, filter: { kind: { eq: { $input: 'kind' } } } },
      },
    },
    response: { resultPath: 'data.things' },
  },
  pagination: {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'variables.after', in: 'body' },
    nextCursorPath: 'data.things.pageInfo.endCursor',
    hasMorePath: 'data.things.pageInfo.hasNextPage',
  },
  provenance: { docsUrl: 'https://gql.example/docs/things' },
  sourceFile: __filename,
});

const gql = defineProvider({
  id: 'gql',
  name: 'GQL',
  description: 'A fake GraphQL provider for engine unit tests.',
  docsUrl: 'https://gql.example/docs',
  servers: { default: { url: 'https://api.gql.example', description: 'The API.', source: 'https://gql.example/docs' } },
  connectionParams: {},
  hosts: ['api.gql.example'],
  authModes: [{ id: 'key', type: 'api_key', label: 'Key', docsUrl: 'https://gql.example/docs/auth', inject: { in: 'header', name: 'Authorization' } }],
  rateLimitSignals: {
    reset: { header: 'x-ratelimit-requests-reset', format: 'epoch_millis' },
    remainingHeader: 'x-ratelimit-requests-remaining',
    partitioning: 'Per key, per hour.',
    source: 'https://gql.example/docs/limits',
  },
  declaredLimits: [],
  noPublishedLimit: { statement: 'The fake service publishes no number; it sends headers.', source: 'https://gql.example/docs/limits' },
  pagination: { style: 'graphql_cursor', notes: 'first/after in, pageInfo out.', source: 'https://gql.example/docs' },
  errors: {
    source: 'https://gql.example/docs/errors',
    envelope: { errorsPath: 'errors', codePaths: ['errors.0.extensions.code'], messagePaths: ['errors.0.message'], fieldPaths: [] },
    rules: [
      { when: { vendorCodes: ['RATELIMITED'] }, code: 'upstream_rate_limited', because: 'the fake service limits like Linear' },
      { when: { messageMatches: '^Entity not found' }, code: 'upstream_not_found', because: 'a missing node is an error, not null' },
    ],
  },
  actions: [listThings],
  sourceFile: __filename,
});

const NOW = 1_700_000_000_000;
const key = { authMode: 'key', kind: 'token' as const, token: 'lin_api_secret' };

function engineAnswering(answer: (request: UpstreamRequest) => UpstreamResponse) {
  const requests: UpstreamRequest[] = [];
  const transport: HttpTransport = async (request) => {
    requests.push(request);
    return answer(request);
  };
  return { requests, engine: createConnectorEngine({ catalog: createCatalog([gql]), transport, now: () => NOW }) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const page = (ids: string[], hasNextPage: boolean, endCursor: string | null) => ({
  data: { things: { nodes: ids.map((id) => ({ id })), pageInfo: { hasNextPage, endCursor } } },
});

describe('GraphQL over POST', () => {
  it('treats errors in a 200 body as a failure mapped by the provider rules, never as success', async () => {
    const { engine } = engineAnswering(() =>
      json(
        200,
        { data: null, errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] },
        { 'x-ratelimit-requests-reset': String(NOW + 42_000), 'x-ratelimit-requests-remaining': '0' },
      ),
    );
    const result = await engine.executeAction({ action: 'gql.list_things', input: {}, credential: key });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'upstream_rate_limited', upstreamStatus: 200, retryAfterMs: 42_000, vendorCode: 'RATELIMITED' },
      rateLimit: { limited: true, remaining: 0, resetAt: NOW + 42_000 },
    });
  });

  it('maps an error without a code by its message, and keeps an empty errors list a success', async () => {
    const missing = engineAnswering(() => json(200, { data: { things: null }, errors: [{ message: 'Entity not found: Thing' }] }));
    expect(await missing.engine.executeAction({ action: 'gql.list_things', input: {}, credential: key })).toMatchObject({
      ok: false,
      error: { code: 'upstream_not_found' },
    });
    const fine = engineAnswering(() => json(200, { ...page(['a'], false, null), errors: [] }));
    expect(await fine.engine.executeAction({ action: 'gql.list_things', input: {}, credential: key })).toMatchObject({
      ok: true,
      data: { nodes: [{ id: 'a' }] },
    });
  });

  it('returns the part of the answer under resultPath and sends the variables, absent ones left out', async () => {
    const { engine, requests } = engineAnswering(() => json(200, page(['a', 'b'], false, 'b')));
    const result = await engine.executeAction({ action: 'gql.list_things', input: { kind: 'bolt' }, credential: key });
    expect(result).toEqual({ ok: true, data: { nodes: [{ id: 'a' }, { id: 'b' }], pageInfo: { hasNextPage: false, endCursor: 'b' } }, upstreamStatus: 200 });
    expect(JSON.parse(requests[0]?.body as string).variables).toEqual({ first: 2, filter: { kind: { eq: 'bolt' } } });
    expect(requests[0]?.headers).toMatchObject({ authorization: 'lin_api_secret', 'content-type': 'application/json; charset=utf-8' });
    const unfiltered = await engine.executeAction({ action: 'gql.list_things', input: {}, credential: key });
    expect(unfiltered.ok).toBe(true);
    expect(JSON.parse(requests[1]?.body as string).variables).toEqual({ first: 2 });
  });

  it('pages a Relay connection through variables.after until hasNextPage is false', async () => {
    const pages: Record<string, ReturnType<typeof page>> = { start: page(['a', 'b'], true, 'b'), b: page(['c', 'd'], true, 'd'), d: page(['e'], false, 'e') };
    const { engine, requests } = engineAnswering((request) =>
      json(200, pages[(JSON.parse(request.body as string).variables.after as string | undefined) ?? 'start']),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const result = await engine.executeAction({ action: 'gql.list_things', input: { kind: 'bolt', ...(cursor ? { cursor } : {}) }, credential: key });
      if (!result.ok) throw new Error(result.error.message);
      seen.push(...(result.data as { nodes: Array<{ id: string }> }).nodes.map((node) => node.id));
      cursor = result.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(requests.map((request) => JSON.parse(request.body as string).variables)).toEqual([
      { first: 2, filter: { kind: { eq: 'bolt' } } },
      { first: 2, filter: { kind: { eq: 'bolt' } }, after: 'b' },
      { first: 2, filter: { kind: { eq: 'bolt' } }, after: 'd' },
    ]);
  });

  it('refuses an answer whose resultPath is missing as an unexpected shape', async () => {
    const { engine } = engineAnswering(() => json(200, { data: {} }));
    expect(await engine.executeAction({ action: 'gql.list_things', input: {}, credential: key })).toMatchObject({
      ok: false,
      error: { code: 'upstream_error' },
    });
  });
});
