import { InMemoryIdempotencyStore, ManualClock } from '@causeway/resilience';
import { CallError } from './call-error';
import { IdempotentWrites, type IdempotencyClaim } from './idempotent';

const scope = { tenantId: 't1', apiKeyId: 'k1' };
const request = { tool: 'slack.post_message', input: { channel: 'C1', text: 'hi' } };

function writes() {
  // The call's deadline is on the wall clock (Date.now), as the pipeline sets it; the store's clock starts there.
  const clock = new ManualClock(Date.now());
  return { clock, idempotency: new IdempotentWrites(new InMemoryIdempotencyStore({ clock })) };
}

describe('idempotent writes', () => {
  it('gives the first call the key and its duplicates the stored answer', async () => {
    const { clock, idempotency } = writes();
    const claim = (await idempotency.begin(scope, 'k', request, clock.now() + 30_000)) as IdempotencyClaim;
    expect(claim.lease).toEqual(expect.any(String));
    await idempotency.settle(claim, { status: 200, body: { data: 1, meta: { requestId: 'r', attempts: 1 } } });
    expect(await idempotency.begin(scope, 'k', request, clock.now() + 30_000)).toEqual({
      kind: 'answered',
      result: { kind: 'success', body: { data: 1, meta: { requestId: 'r', attempts: 1 } }, replayed: true },
    });
  });

  it('tells a duplicate that arrives while the call runs when to come back, and keeps the key past the call deadline', async () => {
    const { clock, idempotency } = writes();
    await idempotency.begin(scope, 'k', request, clock.now() + 30_000);
    const duplicate = (await idempotency.begin(scope, 'k', request, clock.now() + 30_000)) as CallError;
    expect(duplicate).toMatchObject({ code: 'idempotency_in_flight' });
    expect(duplicate.extra.retryAfterMs).toBeGreaterThan(30_000);
    clock.advance(31_000);
    expect(await idempotency.begin(scope, 'k', request, clock.now() + 30_000)).toMatchObject({ code: 'idempotency_in_flight' });
  });

  it('binds the key to what the agent sent: another input, connection or user named is another request', async () => {
    const { clock, idempotency } = writes();
    await idempotency.begin(scope, 'k', request, clock.now() + 30_000);
    for (const other of [
      { ...request, input: { channel: 'C1', text: 'bye' } },
      { ...request, connectionId: 'c2' },
      { ...request, onBehalfOf: 'u1' },
    ]) {
      expect(await idempotency.begin(scope, 'k', other, clock.now() + 30_000)).toMatchObject({
        code: 'idempotency_key_reused',
        extra: { field: 'Idempotency-Key' },
      });
    }
  });

  it('releases the key when nothing was sent, so the same request can be made again', async () => {
    const { clock, idempotency } = writes();
    const claim = (await idempotency.begin(scope, 'k', request, clock.now() + 30_000)) as IdempotencyClaim;
    await idempotency.settle(claim, undefined);
    expect(await idempotency.begin(scope, 'k', request, clock.now() + 30_000)).toMatchObject({ lease: expect.any(String) });
  });

  it('answers a correct retry after a crash mid-write with idempotency_outcome_unknown, never a second send', async () => {
    const { clock, idempotency } = writes();
    // The owner claims the key and dies before recording a result: no settle().
    await idempotency.begin(scope, 'k', request, clock.now() + 30_000);
    clock.advance(30_000 + 5_000 + 1);
    const retry = await idempotency.begin(scope, 'k', request, clock.now() + 30_000);
    expect(retry).toBeInstanceOf(CallError);
    expect(retry).toMatchObject({ code: 'idempotency_outcome_unknown', retryable: false, extra: { field: 'Idempotency-Key' } });
    expect((retry as CallError).message).toContain('check the provider');
    expect((retry as CallError).message).toContain('new Idempotency-Key');
  });
});
