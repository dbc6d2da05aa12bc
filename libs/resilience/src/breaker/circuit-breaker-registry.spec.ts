import { upstreamKey } from '../upstream/upstream-key';
import { BREAKER_STATE, CircuitBreakerRegistry, type BreakerState } from './circuit-breaker-registry';

// cockatiel's policy reads Date.now(); fake timers move it.
beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => jest.useRealTimers());
const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

const key = upstreamKey('jira', 'conn-1');
type Outcome = { ok: true; data: string } | { ok: false; error: { code: 'upstream_unavailable'; message: string; retryable: boolean } };
const success = async (): Promise<Outcome> => ({ ok: true, data: 'fine' });
const fault = async (): Promise<Outcome> => ({ ok: false, error: { code: 'upstream_unavailable', message: 'down', retryable: true } });
const options = { failureRateThreshold: 0.5, windowMs: 10_000, minimumCalls: 10, halfOpenAfterMs: 5_000 };

async function feed(registry: CircuitBreakerRegistry, pattern: string): Promise<void> {
  for (const c of pattern) await registry.execute(key, c === 'x' ? fault : success);
}

describe('CircuitBreakerRegistry', () => {
  it('opens once half the calls in the window failed, given the minimum number of calls', async () => {
    const registry = new CircuitBreakerRegistry(options);
    await feed(registry, 'xxxxxxxxx'); // 9 failures: below the minimum
    expect(registry.state(key)).toBe(BREAKER_STATE.closed);
    await feed(registry, 'x');
    expect(registry.state(key)).toBe(BREAKER_STATE.open);

    const mixed = new CircuitBreakerRegistry(options);
    await feed(mixed, '.x.x.x.x.');
    expect(mixed.state(key)).toBe(BREAKER_STATE.closed); // 4 of 9
    await feed(mixed, 'x');
    expect(mixed.state(key)).toBe(BREAKER_STATE.open); // 5 of 10
  });

  it('stays closed below the threshold', async () => {
    const registry = new CircuitBreakerRegistry(options);
    await feed(registry, '..x..x..x..x..x.');
    expect(registry.state(key)).toBe(BREAKER_STATE.closed);
  });

  it('forgets failures that slid out of the window', async () => {
    const registry = new CircuitBreakerRegistry(options);
    await feed(registry, 'xxxxxxxxx');
    advance(11_000);
    await feed(registry, 'x');
    expect(registry.state(key)).toBe(BREAKER_STATE.closed);
  });

  it('fails fast while open with upstream_unavailable and the time until the probe', async () => {
    const registry = new CircuitBreakerRegistry(options);
    await feed(registry, 'xxxxxxxxxx');
    advance(1_500);
    const fn = jest.fn(success);
    expect(await registry.execute(key, fn)).toEqual({
      ok: false,
      breaker: 'open',
      error: { code: 'upstream_unavailable', message: expect.stringContaining('jira'), retryable: true, retryAfterMs: 3_500 },
    });
    expect(fn).not.toHaveBeenCalled();
    // Other connections of the same provider are not affected.
    expect(await registry.execute(upstreamKey('jira', 'conn-2'), success)).toEqual({ ok: true, data: 'fine' });
  });

  it('lets one probe through after halfOpenAfterMs, refuses the rest meanwhile, and closes on its success', async () => {
    const registry = new CircuitBreakerRegistry(options);
    await feed(registry, 'xxxxxxxxxx');
    advance(5_000);
    let finishProbe!: () => void;
    const probe = registry.execute(key, () => new Promise<{ ok: true; data: string }>((resolve) => (finishProbe = () => resolve({ ok: true, data: 'probe' }))));
    expect(registry.state(key)).toBe(BREAKER_STATE.halfOpen);
    const during = jest.fn(success);
    expect(await registry.execute(key, during)).toMatchObject({
      ok: false,
      breaker: 'half_open',
      error: { code: 'upstream_unavailable', retryAfterMs: 1_000 },
    });
    expect(during).not.toHaveBeenCalled();
    finishProbe();
    expect(await probe).toEqual({ ok: true, data: 'probe' });
    expect(registry.state(key)).toBe(BREAKER_STATE.closed);
    expect(await registry.execute(key, success)).toEqual({ ok: true, data: 'fine' });
    // The window started afresh: one failure does not reopen it.
    await feed(registry, 'x');
    expect(registry.state(key)).toBe(BREAKER_STATE.closed);
  });

  it('reopens when the probe fails', async () => {
    const registry = new CircuitBreakerRegistry(options);
    await feed(registry, 'xxxxxxxxxx');
    advance(5_000);
    await registry.execute(key, fault);
    expect(registry.state(key)).toBe(BREAKER_STATE.open);
    expect(await registry.execute(key, success)).toMatchObject({ ok: false, breaker: 'open', error: { retryAfterMs: 5_000 } });
  });

  it('counts thrown errors as failures and rethrows them; client errors do not count', async () => {
    const registry = new CircuitBreakerRegistry(options);
    const invalid = async () => ({ ok: false as const, error: { code: 'upstream_invalid_request' as const, message: 'bad', retryable: false } });
    for (let i = 0; i < 20; i++) await registry.execute(key, invalid);
    expect(registry.state(key)).toBe(BREAKER_STATE.closed);
    for (let i = 0; i < 10; i++) await expect(registry.execute(key, () => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    expect(registry.state(key)).toBe(BREAKER_STATE.closed); // 10 of 30
    for (let i = 0; i < 10; i++) await expect(registry.execute(key, () => Promise.reject(new Error('socket hang up')))).rejects.toThrow();
    expect(registry.state(key)).toBe(BREAKER_STATE.open); // 20 of 40
  });

  it('reports state changes and a per-provider summary without connection ids', async () => {
    const changes: Array<[string, BreakerState]> = [];
    const registry = new CircuitBreakerRegistry({ ...options, onStateChange: (k, s) => changes.push([k, s]) });
    await feed(registry, 'xxxxxxxxxx');
    await registry.execute(upstreamKey('jira', 'conn-2'), success);
    await registry.execute(upstreamKey('slack', 'conn-3'), success);
    expect(changes).toEqual([[key, BREAKER_STATE.open]]);
    expect(registry.summary()).toEqual({ jira: { closed: 1, halfOpen: 0, open: 1 }, slack: { closed: 1, halfOpen: 0, open: 0 } });
  });

  it('holds at most maxKeys breakers and drops idle ones', async () => {
    const registry = new CircuitBreakerRegistry({ ...options, maxKeys: 50, idleMs: 60_000 });
    for (let i = 0; i < 200; i++) await registry.execute(upstreamKey('github', `conn-${i}`), success);
    expect(registry.size).toBe(50);
    advance(60_001);
    expect(registry.summary()).toEqual({});
  });
});
