import { pipelineHarness } from '../call/call-pipeline.test-support';

const unavailable = async () => ({ status: 503, headers: {}, body: Buffer.from('down') });

describe('the raw proxy on the call pipeline', () => {
  it("passes the upstream's answer through, with the credential injected and the agent's own headers dropped", async () => {
    const h = pipelineHarness();
    const result = await h.proxy('GET', 'conversations.list', { query: 'limit=1', headers: { authorization: 'Bearer agent-key', accept: 'application/json' } });
    expect(result).toMatchObject({ kind: 'success', body: { data: { status: 200, bodyBase64: Buffer.from('{"ok":true}').toString('base64') } } });
    expect(h.raw.sent).toHaveLength(1);
    expect(h.raw.sent[0].url).toMatch(/\/api\/conversations\.list\?limit=1$/);
    expect(h.raw.sent[0].init.headers).toMatchObject({ authorization: 'Bearer old', accept: 'application/json' });
  });

  it('audits every proxied call once, naming the method and path template, never the query', async () => {
    const h = pipelineHarness();
    await h.proxy('GET', 'conversations.history', { query: 'channel=C-secret' });
    await h.proxy('POST', 'chat.postMessage');
    await h.proxy('POST', 'users.profile.set/U123');
    const events = h.audited();
    expect(events.map((e) => [e.tool, e.outcome])).toEqual([
      ['slack.proxy GET /conversations.history', 'success'],
      ['slack.proxy POST /chat.postMessage', 'success'],
      ['slack.proxy POST /users.profile.set/{}', 'success'],
    ]);
    expect(JSON.stringify(h.events)).not.toContain('C-secret');
  });

  it('refuses a key without proxy:Connection, audited as denied, sending nothing', async () => {
    const h = pipelineHarness();
    const principal = h.principal();
    const narrowed = { ...principal, permissions: principal.permissions.filter((p) => p !== 'proxy:Connection') };
    const denied = await h.proxyAs(narrowed, 'GET', 'conversations.list');
    expect(denied).toMatchObject({ kind: 'failure', error: { code: 'forbidden' } });
    expect(h.raw.sent).toHaveLength(0);
    expect(h.audited().at(-1)).toMatchObject({ outcome: 'denied', details: { errorCode: 'forbidden', deniedBy: 'key_scopes' } });
  });

  it("applies the key's quota to proxied calls", async () => {
    const h = pipelineHarness({ limits: { keyCallsPerMinute: 10 } });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await h.proxy('GET', 'conversations.list'));
    expect(results.map((r) => r.kind)).toEqual(['success', 'failure', 'failure']);
    expect(results[1]).toMatchObject({ error: { code: 'rate_limited', extra: { retryAfterMs: expect.any(Number) } } });
    expect(h.raw.sent).toHaveLength(1);
  });

  it("honours the upstream's Retry-After: nothing is sent to it before the hold ends", async () => {
    const h = pipelineHarness();
    h.raw.answer = async () => ({ status: 429, headers: { 'retry-after': '30' }, body: Buffer.from('{"ok":false,"error":"ratelimited"}') });
    const limited = await h.proxy('POST', 'chat.postMessage');
    expect(limited).toMatchObject({ kind: 'failure', error: { code: 'upstream_rate_limited', extra: { upstreamStatus: 429 } } });
    h.raw.answer = async () => ({ status: 200, headers: {}, body: Buffer.from('{}') });
    const held = await h.proxy('GET', 'conversations.list');
    expect(held).toMatchObject({ kind: 'failure', error: { code: 'upstream_rate_limited' } });
    expect((held as { error: { extra: { retryAfterMs: number } } }).error.extra.retryAfterMs).toBeGreaterThan(25_000);
    expect(h.raw.sent).toHaveLength(1);
  });

  it('opens the breaker on a failing upstream and then answers without sending', async () => {
    const h = pipelineHarness();
    h.raw.answer = unavailable;
    for (let i = 0; i < 20; i++) await h.proxy('POST', 'chat.postMessage');
    const before = h.raw.sent.length;
    const answered = await h.proxy('POST', 'chat.postMessage');
    expect(answered).toMatchObject({ kind: 'failure', error: { code: 'upstream_unavailable', retryable: true } });
    expect(h.raw.sent.length).toBe(before);
  });

  it('retries a declared read after a 5xx but never an undeclared path, which counts as a write', async () => {
    const h = pipelineHarness();
    let calls = 0;
    h.raw.answer = async () => (++calls === 1 ? { status: 503, headers: {}, body: Buffer.from('') } : { status: 200, headers: {}, body: Buffer.from('{}') });
    expect(await h.proxy('GET', 'conversations.list')).toMatchObject({ kind: 'success', body: { meta: { attempts: 2 } } });
    calls = 0;
    expect(await h.proxy('GET', 'admin.users.list')).toMatchObject({ kind: 'failure', error: { code: 'upstream_unavailable' } });
    expect(calls).toBe(1);
  });

  it('sends a proxied write with an Idempotency-Key upstream once under 100 concurrent duplicates, and replays it', async () => {
    const h = pipelineHarness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.raw.answer = async () => {
      await gate;
      return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":true,"ts":"1.1"}') };
    };
    const body = Buffer.from('{"channel":"C1","text":"deploy finished"}');
    const duplicates = Array.from({ length: 100 }, () => h.proxy('POST', 'chat.postMessage', { body, idempotencyKey: 'deploy-7' }));
    await new Promise((r) => setImmediate(r));
    release();
    const results = await Promise.all(duplicates);
    expect(h.raw.sent).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'success' && !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.kind === 'success' || (r.kind === 'failure' && r.error.code === 'idempotency_in_flight'))).toBe(true);
    expect(await h.proxy('POST', 'chat.postMessage', { body, idempotencyKey: 'deploy-7' })).toMatchObject({
      kind: 'success',
      replayed: true,
      body: { data: { status: 200 } },
    });
    expect(await h.proxy('POST', 'chat.postMessage', { body: Buffer.from('{"text":"other"}'), idempotencyKey: 'deploy-7' })).toMatchObject({
      kind: 'failure',
      error: { code: 'idempotency_key_reused' },
    });
    expect(h.raw.sent).toHaveLength(1);
  });

  it('refuses dot segments that would leave the base path, sending nothing', async () => {
    const h = pipelineHarness();
    expect(await h.proxy('GET', '%2e%2e/admin')).toMatchObject({ kind: 'failure', error: { code: 'invalid_input', extra: { field: 'path' } } });
    expect(h.raw.sent).toHaveLength(0);
  });
});
