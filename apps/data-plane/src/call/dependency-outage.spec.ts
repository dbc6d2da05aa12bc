import { pipelineHarness } from './call-pipeline.test-support';

const WRITE = 'slack.post_message';
/** What node-postgres throws while PostgreSQL restarts. */
const postgresAway = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('the call pipeline while a platform dependency is away', () => {
  it('answers unavailable (503, retryable) and sends nothing when the Idempotency-Key cannot be claimed', async () => {
    const h = pipelineHarness();
    h.guards.idempotency.begin = async () => {
      throw postgresAway();
    };

    const result = await h.call(WRITE, { idempotencyKey: 'k-1' });

    expect(result.kind === 'failure' && [result.error.status, result.error.code, result.error.retryable]).toEqual([503, 'unavailable', true]);
    expect(h.upstream.sent).toHaveLength(0);
    expect(h.audited().map((e) => [e.outcome, e.details?.errorCode])).toEqual([['failed', 'unavailable']]);
  });

  it('answers a proxied write the same way', async () => {
    const h = pipelineHarness();
    h.guards.idempotency.begin = async () => {
      throw postgresAway();
    };

    const result = await h.proxy('POST', 'chat.postMessage', { idempotencyKey: 'k-2', body: Buffer.from('{"channel":"C1","text":"hi"}') });

    expect(result.kind === 'failure' && [result.error.status, result.error.code]).toEqual([503, 'unavailable']);
    expect(h.raw.sent).toHaveLength(0);
  });

  it('gives the agent what the provider answered when the key cannot be settled after it, never "try again"', async () => {
    const h = pipelineHarness();
    h.guards.idempotency.complete = async () => {
      throw postgresAway();
    };

    const result = await h.call(WRITE, { idempotencyKey: 'k-1' });

    expect(result.kind).toBe('success');
    expect(h.upstream.sent).toHaveLength(1);
    expect(h.audited().map((e) => e.outcome)).toEqual(['success']);
  });

  it('still treats a defect as one: it is thrown, and audited as internal', async () => {
    const h = pipelineHarness();
    h.guards.idempotency.begin = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'lease')");
    };

    await expect(h.call(WRITE, { idempotencyKey: 'k-1' })).rejects.toThrow(TypeError);
    expect(h.audited().map((e) => [e.outcome, e.details?.errorCode])).toEqual([['failed', 'internal']]);
  });
});
