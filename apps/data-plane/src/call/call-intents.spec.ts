import { pipelineHarness } from './call-pipeline.test-support';

const WRITE = 'slack.post_message';

describe('the call pipeline’s intents (a trail entry before the side effect)', () => {
  it('makes a call’s intent durable before it is sent, and ends it only once its event is kept', async () => {
    const h = pipelineHarness();
    await h.call(WRITE);
    expect(h.timeline).toEqual(['intent.begun', 'sent', 'event:success', 'intent.ended']);
    expect(h.intents.open.size).toBe(0);
  });

  it('names the tool, connection, key, request and Idempotency-Key in the intent, never the payload', async () => {
    const h = pipelineHarness();
    let seen: unknown;
    h.upstream.answer = async () => {
      seen = [...h.intents.open.values()][0];
      return { ok: true, data: {}, upstreamStatus: 200 };
    };
    await h.call(WRITE, { idempotencyKey: 'deploy-1' }, { channel: 'C1', text: 'the secret plan' });
    expect(seen).toEqual({
      tenantId: h.acme.tenantId,
      keyId: expect.any(String),
      keyName: expect.any(String),
      tool: WRITE,
      connectionId: h.acme.slack,
      idempotencyKey: 'deploy-1',
      correlationId: 'req-1',
      begunAt: expect.any(String),
    });
    expect(JSON.stringify(seen)).not.toContain('secret plan');
  });

  it('gives the call’s event the intent’s id, so a recovery’s outcome_unknown after a crash between the two is the same event', async () => {
    const h = pipelineHarness();
    let intentId: string | undefined;
    h.upstream.answer = async () => {
      intentId = [...h.intents.open.keys()][0];
      return { ok: true, data: {}, upstreamStatus: 200 };
    };
    await h.call(WRITE);
    expect(intentId).toEqual(expect.any(String));
    expect((h.events[0].value as { id: string }).id).toBe(intentId);
  });

  it('announces reads too: every call that may reach a provider', async () => {
    const h = pipelineHarness();
    await h.call('slack.list_channels', {}, { limit: 1 });
    expect(h.timeline).toEqual(['intent.begun', 'sent', 'event:success', 'intent.ended']);
  });

  it('makes no intent for a call refused before the upstream stage', async () => {
    const h = pipelineHarness();
    await h.call('slack.no_such_tool');
    await h.call(WRITE, {}, { channel: 'C1' });
    expect(h.timeline).toEqual(['event:failed', 'event:failed']);
  });

  it('does not send a call whose intent could not be made durable, and says the trail is unavailable', async () => {
    const h = pipelineHarness();
    h.intents.refuse = new Error('disk full');
    const result = await h.call(WRITE);
    expect(result.kind === 'failure' && result.error.code).toBe('unavailable');
    expect(h.upstream.sent).toHaveLength(0);
    expect(h.timeline).toEqual(['event:failed']);
  });

  it('leaves the intent open when the call’s event could not be kept, for the next start to report', async () => {
    const h = pipelineHarness();
    h.upstream.answer = async () => {
      h.auditSink.refuse = new Error('spool closed');
      return { ok: true, data: {}, upstreamStatus: 200 };
    };
    await expect(h.call(WRITE)).rejects.toThrow('spool closed');
    expect(h.intents.open.size).toBe(1);
  });

  it('announces a proxied request like an action', async () => {
    const h = pipelineHarness();
    await h.proxy('POST', 'chat.postMessage', { body: Buffer.from('{"channel":"C1","text":"hi"}'), headers: { 'content-type': 'application/json' } });
    expect(h.timeline).toEqual(['intent.begun', 'sent', 'event:success', 'intent.ended']);
    expect([...h.intents.open]).toEqual([]);
  });
});
