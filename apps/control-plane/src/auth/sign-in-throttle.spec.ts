import { MemoryAttemptCounter, SignInThrottle } from './sign-in-throttle';

describe('the sign-in throttle (embedded, in memory)', () => {
  let now = 1_000_000;
  const throttle = () => new SignInThrottle(new MemoryAttemptCounter(), () => now);
  const outcome = (p: Promise<void>) =>
    p.then(
      () => 'checked',
      (e: { code?: string }) => e.code,
    );

  it('lets only 5 of 18 parallel attempts on an account from one address be checked', async () => {
    const t = throttle();
    const results = await Promise.all(Array.from({ length: 18 }, () => outcome(t.beforeAttempt('a@x.test', '203.0.113.1'))));
    expect(results.filter((r) => r === 'checked')).toHaveLength(5);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(13);
  });

  it('never locks the account for another address', async () => {
    const t = throttle();
    for (let i = 0; i < 8; i++) await outcome(t.beforeAttempt('a@x.test', '203.0.113.1'));
    expect(await outcome(t.beforeAttempt('a@x.test', '192.0.2.7'))).toBe('checked');
  });

  it('opens again when the window has passed, and a success clears the pair', async () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) await t.beforeAttempt('b@x.test', '203.0.113.1');
    expect(await outcome(t.beforeAttempt('b@x.test', '203.0.113.1'))).toBe('rate_limited');
    now += 15 * 60_000;
    expect(await outcome(t.beforeAttempt('b@x.test', '203.0.113.1'))).toBe('checked');
    await t.succeeded('b@x.test', '203.0.113.1');
    for (let i = 0; i < 5; i++) expect(await outcome(t.beforeAttempt('b@x.test', '203.0.113.1'))).toBe('checked');
  });
});
