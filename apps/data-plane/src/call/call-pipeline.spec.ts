import type { Credential } from '@causeway/connectors';
import { AppError } from '@causeway/platform';
import { pipelineHarness, POSTED } from './call-pipeline.test-support';

const WRITE = 'slack.post_message';

describe('the call pipeline', () => {
  it('runs a call once and answers its data with the attempts it took', async () => {
    const h = pipelineHarness();
    const result = await h.call(WRITE);
    expect(result).toEqual({ kind: 'success', body: { data: (POSTED as { data: unknown }).data, meta: { requestId: 'req-1', attempts: 1 } }, replayed: false });
    expect(h.upstream.sent).toHaveLength(1);
  });

  it('writes exactly one audit event for each way a call ends', async () => {
    const h = pipelineHarness();
    await h.call('slack.no_such_tool');
    await h.call(WRITE, {}, { channel: 'C1' });
    await h.call(WRITE);
    h.upstream.answer = async () => ({ ok: false, error: { code: 'upstream_not_found', message: 'channel_not_found', retryable: false, upstreamStatus: 404 } });
    await h.call(WRITE);
    h.upstream.answer = async () => {
      throw new TypeError('a bug');
    };
    await expect(h.call(WRITE)).rejects.toThrow('a bug');
    expect(h.audited().map((e) => [e.outcome, e.details?.errorCode])).toEqual([
      ['failed', 'not_found'],
      ['failed', 'invalid_input'],
      ['success', undefined],
      ['failed', 'upstream_not_found'],
      ['failed', 'internal'],
    ]);
  });

  it('labels call metrics only with names from the catalog: invented tool names make one series', async () => {
    const h = pipelineHarness();
    for (const name of ['x.a', 'x.b', 'slack.c', 'evil"}{']) await h.call(name);
    await h.call(WRITE);
    const series = (await h.registry.getSingleMetric('causeway_connector_calls_total')!.get()).values.map((v) => [v.labels.connector, v.labels.action]);
    expect(series).toEqual([
      ['unknown', 'unknown'],
      ['slack', WRITE],
    ]);
  });

  it('replays a correct retry of an idempotent write even when the connection it resolved to was re-created meanwhile', async () => {
    const h = pipelineHarness();
    const first = await h.call(WRITE, { idempotencyKey: 'deploy-1' });
    h.recreateSlackConnection('acme-connection-slack-2');
    const retry = await h.call(WRITE, { idempotencyKey: 'deploy-1' });
    expect(first.kind).toBe('success');
    expect(retry).toMatchObject({ kind: 'success', replayed: true });
    expect(h.upstream.sent).toHaveLength(1);
    expect(h.audited().map((e) => e.outcome)).toEqual(['success', 'replayed']);
  });

  it('answers 422 when the key comes back with another input, and 409 while the first call runs', async () => {
    const h = pipelineHarness();
    let finish!: () => void;
    h.upstream.answer = () => new Promise((resolve) => (finish = () => resolve(POSTED)));
    const running = h.call(WRITE, { idempotencyKey: 'k' });
    await new Promise((r) => setImmediate(r));
    expect(await h.call(WRITE, { idempotencyKey: 'k' })).toMatchObject({ kind: 'failure', error: { code: 'idempotency_in_flight' } });
    finish();
    await running;
    expect(await h.call(WRITE, { idempotencyKey: 'k' }, { channel: 'C1', text: 'other' })).toMatchObject({
      kind: 'failure',
      error: { code: 'idempotency_key_reused' },
    });
  });

  it('stores a failure that may have reached the upstream, and releases the key when nothing was sent', async () => {
    const h = pipelineHarness();
    h.upstream.answer = async () => ({ ok: false, error: { code: 'upstream_unavailable', message: 'down', retryable: true, upstreamStatus: 503 } });
    expect(await h.call(WRITE, { idempotencyKey: 'k' })).toMatchObject({ kind: 'failure', error: { code: 'upstream_unavailable' }, replayed: false });
    // A 503 after sending may have applied the write: replayed, never resent.
    expect(await h.call(WRITE, { idempotencyKey: 'k' })).toMatchObject({ kind: 'failure', error: { code: 'upstream_unavailable' }, replayed: true });
    expect(h.upstream.sent).toHaveLength(1);

    const noCredential = pipelineHarness();
    noCredential.credentials.get = async () => {
      throw new AppError('needs_reauth', 'reconnect slack');
    };
    expect(await noCredential.call(WRITE, { idempotencyKey: 'k' })).toMatchObject({ kind: 'failure', error: { code: 'needs_reauth' } });
    noCredential.credentials.get = async () => ({ authMode: 'oauth2', kind: 'token', token: 't' }) as Credential;
    expect(await noCredential.call(WRITE, { idempotencyKey: 'k' })).toMatchObject({ kind: 'success', replayed: false });
  });
});
