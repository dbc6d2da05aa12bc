import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateApiKey } from '@causeway/authz';
import { registerAgentKeyHook } from '../agent-auth/agent-key-hook';
import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { registerActionsRoute } from '../actions/actions.route';
import { change, keyData, pepper } from '../config-view/config-view.test-support';
import { createMcpServer } from '../mcp/mcp-server';
import { ProxyController } from '../proxy/proxy.controller';
import { CallPipeline } from './call-pipeline';
import { pipelineHarness } from './call-pipeline.test-support';
import { toolScope } from '../tools/tool-scope';

type Harness = ReturnType<typeof pipelineHarness>;

/** What an agent decides from: the same on every surface for the same failure. */
interface Seen {
  code: string;
  retryable: boolean;
  retryAfter: boolean;
  status?: number;
  upstreamStatus?: number;
  field?: string;
}

interface Surfaces {
  rest(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Seen>;
  mcp(args: Record<string, unknown>): Promise<Seen>;
  proxy(path: string, options?: { method?: string; body?: string; headers?: Record<string, string>; connectionId?: string }): Promise<Seen>;
}

async function surfaces(h: Harness, bearer: string): Promise<{ on: Surfaces; close: () => Promise<void> }> {
  const authenticator = new ApiKeyAuthenticator(h.view, pepper);
  const fastify: FastifyInstance = Fastify();
  const app = {
    get: (token: unknown) => (token === ApiKeyAuthenticator ? authenticator : token === CallPipeline ? h.pipeline : undefined),
    getHttpAdapter: () => ({ getInstance: () => fastify }),
  } as unknown as NestFastifyApplication;
  registerAgentKeyHook(fastify, (authorization) => authenticator.authenticate(authorization));
  registerActionsRoute(app);
  const controller = new ProxyController(h.proxyService);
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  fastify.all('/v1/proxy/:connectionId/*', (req, reply) => controller.post((req.params as { connectionId: string }).connectionId, req, reply));
  const fromHttp = (
    status: number,
    headers: Record<string, unknown>,
    body: { error: { code: string; retryable: boolean; retryAfterMs?: number; upstreamStatus?: number; field?: string } },
  ): Seen => ({
    status,
    code: body.error.code,
    retryable: body.error.retryable,
    retryAfter: body.error.retryAfterMs !== undefined && headers['retry-after'] !== undefined,
    ...(body.error.upstreamStatus !== undefined ? { upstreamStatus: body.error.upstreamStatus } : {}),
    ...(body.error.field !== undefined ? { field: body.error.field } : {}),
  });
  const client = new Client({ name: 'spec', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const principal = authenticator.authenticate(bearer);
  await createMcpServer(h.pipeline, { principal, tools: toolScope(h.view, principal), requestId: 'req-mcp', explain: false }).connect(serverSide);
  await client.connect(clientSide);
  return {
    on: {
      async rest(body, headers = {}) {
        const r = await fastify.inject({
          method: 'POST',
          url: '/v1/actions/slack.post_message',
          headers: { authorization: bearer, 'content-type': 'application/json', ...headers },
          payload: body,
        });
        return fromHttp(r.statusCode, r.headers, r.json());
      },
      async mcp(args) {
        const result = (await client.callTool({ name: 'slack.post_message', arguments: args })) as CallToolResult;
        const error = result._meta?.['causeway/error'] as { code: string; retryable: boolean; retryAfterMs?: number; upstreamStatus?: number; field?: string };
        return {
          code: error.code,
          retryable: error.retryable,
          retryAfter: error.retryAfterMs !== undefined,
          ...(error.upstreamStatus !== undefined ? { upstreamStatus: error.upstreamStatus } : {}),
          ...(error.field !== undefined ? { field: error.field } : {}),
        };
      },
      async proxy(path, options = {}) {
        const r = await fastify.inject({
          method: (options.method ?? 'POST') as 'POST',
          url: `/v1/proxy/${options.connectionId ?? h.acme.slack}/${path}`,
          headers: { authorization: bearer, 'content-type': 'application/json', ...options.headers },
          ...(options.body ? { payload: options.body } : {}),
        });
        return fromHttp(r.statusCode, r.headers, r.json());
      },
    },
    close: async () => {
      await client.close();
      await fastify.close();
    },
  };
}

const MESSAGE = { channel: 'C1', text: 'hi' };

/**
 * The same failure, whichever surface the agent used: REST, MCP `tools/call` or the raw proxy
 * answer the same code, retryability and retry hint (and REST and the proxy the same status).
 */
const failures: {
  name: string;
  setup?: (h: Harness) => void | Promise<void>;
  key?: string[];
  expect: Seen;
  /** MCP names the field as the model sent it. */ mcpField?: string;
  rest: (s: Surfaces) => Promise<Seen>;
  mcp: (s: Surfaces) => Promise<Seen>;
  proxy: (s: Surfaces) => Promise<Seen>;
}[] = [
  {
    name: 'a key without the permission',
    key: ['read:Tool'],
    expect: { status: 403, code: 'forbidden', retryable: false, retryAfter: false },
    rest: (s) => s.rest({ input: MESSAGE }),
    mcp: (s) => s.mcp(MESSAGE),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE) }),
  },
  {
    name: 'a connection the tenant does not have',
    expect: { status: 404, code: 'not_found', retryable: false, retryAfter: false, field: 'connectionId' },
    mcpField: '_causeway.connectionId',
    rest: (s) => s.rest({ input: MESSAGE, connectionId: ANOTHER_CONNECTION }),
    mcp: (s) => s.mcp({ ...MESSAGE, _causeway: { connectionId: ANOTHER_CONNECTION } }),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE), connectionId: ANOTHER_CONNECTION }),
  },
  {
    name: "the key's quota used up",
    setup: async (h) => {
      await h.call('slack.list_channels', {}, {}); // the burst of 10 calls a minute is 1
    },
    expect: { status: 429, code: 'rate_limited', retryable: true, retryAfter: true },
    rest: (s) => s.rest({ input: MESSAGE }),
    mcp: (s) => s.mcp(MESSAGE),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE) }),
  },
  {
    name: 'the upstream down (5xx)',
    setup: (h) => {
      h.upstream.answer = async () => ({
        ok: false,
        error: { code: 'upstream_unavailable', message: 'Slack answered 503', retryable: true, upstreamStatus: 503 },
      });
      h.raw.answer = async () => ({ status: 503, headers: {}, body: Buffer.from('') });
    },
    expect: { status: 503, code: 'upstream_unavailable', retryable: true, retryAfter: false, upstreamStatus: 503 },
    rest: (s) => s.rest({ input: MESSAGE }),
    mcp: (s) => s.mcp(MESSAGE),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE) }),
  },
  {
    name: 'the upstream asking us to wait (429 with Retry-After)',
    setup: (h) => {
      h.upstream.answer = async () => ({
        ok: false,
        error: { code: 'upstream_rate_limited', message: 'Slack answered 429', retryable: true, retryAfterMs: 30_000, upstreamStatus: 429 },
        rateLimit: { limited: true, retryAfterMs: 30_000 },
      });
      h.raw.answer = async () => ({ status: 429, headers: { 'retry-after': '30' }, body: Buffer.from('') });
    },
    expect: { status: 429, code: 'upstream_rate_limited', retryable: true, retryAfter: true, upstreamStatus: 429 },
    rest: (s) => s.rest({ input: MESSAGE }),
    mcp: (s) => s.mcp(MESSAGE),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE) }),
  },
  {
    name: 'the audit trail unable to take more events',
    setup: (h) => {
      (h as unknown as { auditSink: { assertAccepting: () => void } }).auditSink.assertAccepting = () => {
        throw new Error('spool full');
      };
    },
    expect: { status: 503, code: 'unavailable', retryable: true, retryAfter: true },
    rest: (s) => s.rest({ input: MESSAGE }),
    mcp: (s) => s.mcp(MESSAGE),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE) }),
  },
  {
    name: 'an Idempotency-Key reused for another request',
    setup: async (h) => {
      await h.call('slack.post_message', { idempotencyKey: 'k-rest' }, { channel: 'C2', text: 'first' });
      await h.call('slack.post_message', { idempotencyKey: 'k-mcp' }, { channel: 'C3', text: 'first' });
      await h.proxy('POST', 'chat.postMessage', { idempotencyKey: 'k-proxy', body: Buffer.from('{"text":"first"}') });
    },
    expect: { status: 422, code: 'idempotency_key_reused', retryable: false, retryAfter: false, field: 'Idempotency-Key' },
    mcpField: '_causeway.idempotencyKey',
    rest: (s) => s.rest({ input: MESSAGE }, { 'idempotency-key': 'k-rest' }),
    mcp: (s) => s.mcp({ ...MESSAGE, _causeway: { idempotencyKey: 'k-mcp' } }),
    proxy: (s) => s.proxy('chat.postMessage', { body: JSON.stringify(MESSAGE), headers: { 'idempotency-key': 'k-proxy' } }),
  },
];

const ANOTHER_CONNECTION = randomUUID();

describe('one error contract across REST, MCP and the proxy', () => {
  it.each(failures)('answers $name the same on every surface', async (failure) => {
    const seen: Record<string, Seen> = {};
    for (const surface of ['rest', 'mcp', 'proxy'] as const) {
      // A fresh platform per surface, so one surface's call cannot set up another's failure.
      const h = pipelineHarness({ limits: failure.name.includes('quota') ? { keyCallsPerMinute: 10 } : {} });
      let bearer = h.acme.bearer;
      if (failure.key) {
        const key = generateApiKey();
        h.view.apply(change(h.acme.tenantId, 'api_key', 'narrow-key', keyData(key.secret, key.prefix, { scopes: failure.key })), 'stream');
        bearer = `Bearer ${key.key}`;
      }
      await failure.setup?.(h);
      const { on, close } = await surfaces(h, bearer);
      try {
        seen[surface] = await failure[surface](on);
      } finally {
        await close();
      }
    }
    expect(seen.rest).toEqual(failure.expect);
    expect(seen.proxy).toEqual(failure.expect);
    // MCP has no HTTP status, and names a field as the model sent it (`_causeway.…`).
    const { status: _status, field: _field, ...decidable } = failure.expect;
    expect(seen.mcp).toEqual({ ...decidable, ...(failure.mcpField ? { field: failure.mcpField } : {}) });
  });
});
