import { createCatalog } from '../catalog/catalog';
import { defineAction, defineProvider } from '../definition/define';
import { createConnectorEngine } from './execute-action';
import { encodeCursor } from './pagination-cursor';
import { UpstreamTimeoutError } from './undici-transport';
import type { Credential, HttpTransport, UpstreamRequest, UpstreamResponse } from './types';

const fileAction = defineAction({
  id: 'acme.read_file',
  version: '1.0.0',
  title: 'Read a file',
  description: 'Reads a file from the Acme test service.',
  usage: 'Only in the engine unit tests of this module.',
  errorGuide: { upstream_not_found: 'No such file.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  scopes: [],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'File path.', examples: ['a/b.txt'] },
      tags: { type: 'array', items: { type: 'string' }, description: 'Tags.', examples: [['x']] },
      cursor: { type: 'string', description: 'Cursor.', examples: ['abc'] },
    },
  },
  outputSchema: { type: 'object', properties: { name: { type: 'string' }, files: { type: 'array' } } },
  http: { method: 'GET', path: '/files/{+path}', query: { tags: { $input: 'tags' } }, response: { wrapArrayAs: 'files' } },
  pagination: { style: 'link_header', cursorInput: 'cursor' },
  provenance: { docsUrl: 'https://acme.example/docs/files' },
  sourceFile: __filename,
});

const formAction = defineAction({
  id: 'acme.send_form',
  version: '1.0.0',
  title: 'Send a form',
  description: 'Sends a form to the Acme test service.',
  usage: 'Only in the engine unit tests of this module.',
  errorGuide: { upstream_invalid_request: 'Bad form.' },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
  scopes: [],
  authModes: ['key'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name.', examples: ['n'] },
      blocks: { type: 'array', description: 'Blocks.', examples: [[{ type: 'x' }]] },
    },
  },
  outputSchema: { type: 'object', properties: { saved: { const: true } }, required: ['saved'] },
  http: {
    method: 'POST',
    path: '/forms',
    body: { encoding: 'form', value: { name: { $input: 'name' }, blocks: { $input: 'blocks' } } },
    response: { onNoContent: { saved: true } },
  },
  provenance: { docsUrl: 'https://acme.example/docs/forms' },
  sourceFile: __filename,
});

const acme = defineProvider({
  id: 'acme',
  name: 'Acme',
  description: 'A fake provider for engine unit tests.',
  docsUrl: 'https://acme.example/docs',
  servers: { default: { url: 'https://api.acme.example/v1', description: 'The API.', source: 'https://acme.example/docs' } },
  connectionParams: {},
  hosts: ['api.acme.example'],
  authModes: [
    {
      id: 'token',
      type: 'bearer_token',
      label: 'Token',
      docsUrl: 'https://acme.example/docs/auth',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
    },
    { id: 'key', type: 'api_key', label: 'Key', docsUrl: 'https://acme.example/docs/auth', inject: { in: 'query', name: 'api_key' } },
    { id: 'basic', type: 'basic', label: 'Basic', docsUrl: 'https://acme.example/docs/auth', inject: { in: 'header', name: 'Authorization', scheme: 'Basic' } },
  ],
  rateLimitSignals: { retryAfterHeader: 'retry-after', partitioning: 'Per token, per minute.', source: 'https://acme.example/docs/limits' },
  declaredLimits: [],
  noPublishedLimit: { statement: 'Acme publishes no number; it answers 429 with Retry-After.', source: 'https://acme.example/docs/limits' },
  pagination: { style: 'offset', notes: 'Not used by these tests.', source: 'https://acme.example/docs' },
  errors: { source: 'https://acme.example/docs/errors', envelope: { codePaths: ['code'], messagePaths: ['message'], fieldPaths: [] }, rules: [] },
  actions: [fileAction, formAction],
  sourceFile: __filename,
});

const token: Credential = { authMode: 'token', kind: 'token', token: 'secret-token-123' };

function fakeTransport(answer: (request: UpstreamRequest) => Promise<UpstreamResponse> | UpstreamResponse) {
  const requests: UpstreamRequest[] = [];
  const transport: HttpTransport = async (request) => {
    requests.push(request);
    return answer(request);
  };
  return { requests, transport };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('executeAction', () => {
  const engineWith = (transport: HttpTransport) => createConnectorEngine({ catalog: createCatalog([acme]), transport, now: () => 1_000_000 });

  it('keeps the slashes of a {+path} value but encodes each segment, and comma-joins array query values', async () => {
    const { requests, transport } = fakeTransport(() => json(200, { name: 'b' }));
    await engineWith(transport).executeAction({ action: 'acme.read_file', input: { path: 'docs/my file.md', tags: ['a', 'b'] }, credential: token });
    expect(requests[0]?.url).toBe('https://api.acme.example/v1/files/docs/my%20file.md?tags=a%2Cb');
    expect(requests[0]?.headers).toMatchObject({ authorization: 'Bearer secret-token-123', accept: 'application/json' });
  });

  it('puts an API key in the query and form-encodes nested values as JSON strings', async () => {
    const { requests, transport } = fakeTransport(() => ({ status: 204, headers: {}, body: '' }));
    const result = await engineWith(transport).executeAction({
      action: 'acme.send_form',
      input: { name: 'n', blocks: [{ type: 'x' }] },
      credential: { authMode: 'key', kind: 'token', token: 'k1' },
    });
    expect(requests[0]?.url).toBe('https://api.acme.example/v1/forms?api_key=k1');
    expect(requests[0]?.body).toBe('name=n&blocks=%5B%7B%22type%22%3A%22x%22%7D%5D');
    expect(requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(result).toEqual({ ok: true, data: { saved: true }, upstreamStatus: 204 });
  });

  it('sends basic credentials base64-encoded', async () => {
    const { requests, transport } = fakeTransport(() => json(200, {}));
    await engineWith(transport).executeAction({
      action: 'acme.read_file',
      input: { path: 'x' },
      credential: { authMode: 'basic', kind: 'basic', username: 'ada', password: 'pw' },
    });
    expect(requests[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('ada:pw').toString('base64')}`);
  });

  it('wraps a top-level array so the result is an object', async () => {
    const { transport } = fakeTransport(() => json(200, [{ name: 'a' }]));
    const result = await engineWith(transport).executeAction({ action: 'acme.read_file', input: { path: 'dir' }, credential: token });
    expect(result).toMatchObject({ ok: true, data: { files: [{ name: 'a' }] } });
  });

  it('turns the Link next URL into an opaque cursor and follows it on the same origin only', async () => {
    const { requests, transport } = fakeTransport(() => json(200, [], { link: '<https://api.acme.example/v1/files/dir?page=2>; rel="next"' }));
    const engine = engineWith(transport);
    const first = await engine.executeAction({ action: 'acme.read_file', input: { path: 'dir' }, credential: token });
    expect(first.ok && first.nextCursor).toEqual(expect.any(String));
    await engine.executeAction({ action: 'acme.read_file', input: { path: 'dir', cursor: first.ok ? first.nextCursor : '' }, credential: token });
    expect(requests[1]?.url).toBe('https://api.acme.example/v1/files/dir?page=2');

    const elsewhere = encodeCursor({ action: 'acme.read_file', style: 'link_header', value: 'https://evil.example/steal' });
    const refused = await engine.executeAction({ action: 'acme.read_file', input: { path: 'dir', cursor: elsewhere }, credential: token });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'cursor' } });
    expect(requests).toHaveLength(2);
  });

  it('treats an answer that does not match the output schema as upstream_error (vendor output is untrusted)', async () => {
    const { transport } = fakeTransport(() => json(200, { name: 42 }));
    const result = await engineWith(transport).executeAction({ action: 'acme.read_file', input: { path: 'x' }, credential: token });
    expect(result).toMatchObject({ ok: false, error: { code: 'upstream_error', retryable: true, upstreamStatus: 200 } });
    expect(!result.ok && result.error.message).toContain('unexpected shape');
  });

  it('treats malformed JSON at 200 as upstream_error', async () => {
    const { transport } = fakeTransport(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"name":' }));
    expect(await engineWith(transport).executeAction({ action: 'acme.read_file', input: { path: 'x' }, credential: token })).toMatchObject({
      ok: false,
      error: { code: 'upstream_error' },
    });
  });

  it('maps a connection failure to upstream_unavailable without leaking the URL or the secret', async () => {
    const failing: HttpTransport = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED https://api.acme.example/v1/forms?api_key=k1'), { code: 'ECONNREFUSED' });
    };
    const result = await engineWith(failing).executeAction({
      action: 'acme.send_form',
      input: { name: 'n' },
      credential: { authMode: 'key', kind: 'token', token: 'k1' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'upstream_unavailable', retryable: true } });
    expect(JSON.stringify(result)).not.toContain('k1');
  });

  it('gives up with upstream_timeout after timeoutMs, aborting the upstream request', async () => {
    let aborted = false;
    const hanging: HttpTransport = (request) =>
      new Promise((_resolve, reject) => {
        request.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      });
    const result = await engineWith(hanging).executeAction({ action: 'acme.read_file', input: { path: 'x' }, credential: token, timeoutMs: 20 });
    expect(result).toMatchObject({ ok: false, error: { code: 'upstream_timeout' } });
    expect(aborted).toBe(true);
  });

  it('leaves the deadline to a transport that enforces one: timeoutMs handed over, no timer of its own', async () => {
    const seen: UpstreamRequest[] = [];
    const enforcing: HttpTransport = Object.assign(
      async (request: UpstreamRequest): Promise<UpstreamResponse> => {
        seen.push(request);
        throw new UpstreamTimeoutError(request.timeoutMs!);
      },
      { enforcesTimeout: true },
    );
    const caller = new AbortController();
    const timers = jest.spyOn(global, 'setTimeout');
    let result;
    try {
      result = await engineWith(enforcing).executeAction({
        action: 'acme.read_file',
        input: { path: 'x' },
        credential: token,
        timeoutMs: 250,
        signal: caller.signal,
      });
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
    expect(seen[0]).toMatchObject({ timeoutMs: 250, signal: caller.signal });
    expect(result).toMatchObject({ ok: false, error: { code: 'upstream_timeout', message: 'Acme did not answer within 250 ms' } });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const hanging: HttpTransport = (request) =>
      new Promise((_resolve, reject) => request.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const pending = engineWith(hanging).executeAction({ action: 'acme.read_file', input: { path: 'x' }, credential: token, signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'upstream_timeout', message: expect.stringContaining('cancelled') } });
  });

  it('maps a 429 with Retry-After even for a vendor without rules', async () => {
    const { transport } = fakeTransport(() => json(429, { message: 'slow down' }, { 'retry-after': '7' }));
    const result = await engineWith(transport).executeAction({ action: 'acme.read_file', input: { path: 'x' }, credential: token });
    expect(result).toEqual({
      ok: false,
      error: { code: 'upstream_rate_limited', message: 'Acme refused the call (slow down)', retryable: true, retryAfterMs: 7000, upstreamStatus: 429 },
      rateLimit: { limited: true, retryAfterMs: 7000 },
    });
  });

  it('answers not_found for an unknown action and connection_required for a credential of another auth mode', async () => {
    const { requests, transport } = fakeTransport(() => json(200, {}));
    const engine = engineWith(transport);
    expect(await engine.executeAction({ action: 'acme.nope', input: {}, credential: token })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await engine.executeAction({ action: 'acme.send_form', input: { name: 'n' }, credential: token })).toMatchObject({
      ok: false,
      error: { code: 'connection_required' },
    });
    expect(requests).toHaveLength(0);
  });

  it("does not modify the caller's input object", async () => {
    const { transport } = fakeTransport(() => json(200, {}));
    const input = { path: 'x' };
    await engineWith(transport).executeAction({ action: 'acme.read_file', input, credential: token });
    expect(input).toEqual({ path: 'x' });
  });
});
