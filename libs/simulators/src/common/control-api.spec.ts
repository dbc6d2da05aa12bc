import { ManualClock } from './clock';
import type { RunningSimulator } from './simulator-server';
import { startSlackSimulator, type SlackSimulatorControl } from '../slack/slack-simulator';

/** The HTTP control API every simulator shares, for tests that cannot hold the `control` object. */
describe('simulator control API over HTTP', () => {
  let sim: RunningSimulator<SlackSimulatorControl>;
  const clock = new ManualClock();
  beforeEach(async () => {
    sim = await startSlackSimulator({ clock, tokenLifetimeSeconds: 60 });
  });
  afterEach(() => sim.stop());

  const control = (path: string, method: string, body?: unknown) =>
    fetch(`${sim.url}/__control/${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  const post = (token: string) =>
    fetch(`${sim.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0GENERAL01', text: 'hi' }),
    });

  it('injects a 429 with Retry-After for the next matching request only', async () => {
    const token = sim.control.issueToken();
    expect((await control('faults', 'POST', { kind: 'rate_limit', retryAfterSeconds: 12, match: { path: '/chat.postMessage' } })).status).toBe(204);
    const limited = await post(token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('12');
    expect((await post(token)).status).toBe(200);
  });

  it('injects server errors until cleared', async () => {
    await control('faults', 'POST', { kind: 'server_error', status: 500, times: 100 });
    expect((await post(sim.control.issueToken())).status).toBe(500);
    await control('faults', 'DELETE');
    expect((await post(sim.control.issueToken())).status).toBe(200);
  });

  it('counts successful writes per route', async () => {
    await post(sim.control.issueToken());
    await post(sim.control.issueToken());
    expect(await (await control('writes', 'GET')).json()).toEqual({ writes: { 'POST /api/chat.postMessage': 2 }, total: 2 });
  });

  it('expires tokens on demand and moves the simulated clock', async () => {
    const token = sim.control.issueToken();
    await control('tokens/expire', 'POST', { token });
    expect(await (await post(token)).json()).toEqual({ ok: false, error: 'token_expired' });
    const fresh = sim.control.issueToken();
    await control('clock/advance', 'POST', { ms: 61_000 });
    expect(await (await post(fresh)).json()).toEqual({ ok: false, error: 'token_expired' });
  });

  it('adds latency', async () => {
    await control('faults', 'POST', { kind: 'latency', ms: 120 });
    const started = Date.now();
    await post(sim.control.issueToken());
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
