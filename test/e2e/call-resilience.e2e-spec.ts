import { createServer, type Server } from 'node:http';
import { request as undiciRequest } from 'undici';
import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;

/**
 * The data plane under upstream trouble, against the Slack simulator behind a recording
 * proxy (so the test sees every request that actually reached the upstream): idempotent
 * writes, Retry-After honoured, the breaker opening and recovering.
 */
describe('calls under upstream trouble', () => {
  const cp = new PlatformHarness({ BREAKER_HALF_OPEN_AFTER_MS: 1000 });
  let slack: Sim;
  let proxy: Server;
  const seen: { at: number; path: string }[] = [];
  let key: string;

  beforeAll(async () => {
    slack = await startSlackSimulator();
    proxy = createServer((req, res) => {
      seen.push({ at: Date.now(), path: req.url ?? '' });
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const upstream = await undiciRequest(`${slack.url}${req.url}`, {
          method: req.method as 'POST',
          headers: req.headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(upstream.statusCode, upstream.headers as Record<string, string>);
        res.end(Buffer.from(await upstream.body.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    await cp.start();
    const tenant = await cp.tenantWithOwner('trouble');
    await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${proxyUrl}/api` },
      ['chat:write', 'channels:read', 'channels:history'],
    );
    key = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
    await eventually(async () => ((await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } })).status === 200 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'a working connection',
    });
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
    await new Promise((r) => proxy.close(r));
  }, 30_000);

  it('makes exactly one upstream write for 100 concurrent duplicates with one Idempotency-Key', async () => {
    slack.control.resetWrites();
    const body = { input: { channel: 'C0ENG000001', text: 'deploy finished' } };
    const results = await Promise.all([...Array(100)].map(() => cp.callTool(key, 'slack.post_message', body, { 'idempotency-key': 'deploy-123' })));
    expect(slack.control.writeCount()).toBe(1);
    const statuses = new Set(results.map((r) => r.status));
    expect([...statuses].every((s) => s === 200 || s === 409)).toBe(true);
    // Once settled, every duplicate gets the stored answer, marked as a replay.
    const replay = await cp.callTool(key, 'slack.post_message', body, { 'idempotency-key': 'deploy-123' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(results.find((r) => r.status === 200 && !r.headers.get('idempotent-replayed'))!.body);
    expect(slack.control.writeCount()).toBe(1);
  });

  it('answers 422 when an Idempotency-Key is reused for a different request', async () => {
    await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0ENG000001', text: 'one' } }, { 'idempotency-key': 'reused-key' });
    const other = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0ENG000001', text: 'two' } }, { 'idempotency-key': 'reused-key' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  });

  it('never sends anything to the upstream before its Retry-After', async () => {
    slack.control.injectFault({ kind: 'rate_limit', retryAfterSeconds: 3, match: { path: 'conversations.history' } });
    const before = seen.length;
    const limitedCall = cp.callTool(key, 'slack.get_channel_history', { input: { channel: 'C0GENERAL01' } });
    await eventually(() => (seen.slice(before).some((r) => r.path.includes('conversations.history')) ? true : undefined));
    const refusedAt = seen.slice(before).find((r) => r.path.includes('conversations.history'))!.at;
    // Meanwhile another call on the same connection waits for the hold (or is told to wait).
    await new Promise((r) => setTimeout(r, 200));
    const during = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
    if (during.status !== 200) expect(during.body.error).toMatchObject({ code: 'upstream_rate_limited', retryable: true });
    // The read itself is safe to retry: it went out again only once the 3 s had passed.
    const limited = await limitedCall;
    expect(limited.status).toBe(200);
    expect(limited.body.meta.attempts).toBe(2);
    const afterRefusal = seen.slice(before).filter((r) => r.at > refusedAt);
    expect(afterRefusal.length).toBeGreaterThan(0);
    expect(afterRefusal.every((r) => r.at >= refusedAt + 3000)).toBe(true);
  });

  it('opens the breaker on a failing upstream, fails fast, and recovers through a probe', async () => {
    slack.control.injectFault({ kind: 'server_error', status: 503, times: Infinity, match: { path: 'conversations.history' } });
    const call = () => cp.callTool(key, 'slack.get_channel_history', { input: { channel: 'C0ENG000001' } });
    let fast: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 10 && !fast; i++) {
      const before = seen.length;
      const result = await call();
      if (result.body.error?.code === 'upstream_unavailable' && seen.length === before) fast = result;
    }
    expect(fast?.status).toBe(503);
    expect(fast?.body.error).toMatchObject({ code: 'upstream_unavailable', retryable: true, retryAfterMs: expect.any(Number) });
    const metrics = await (await fetch(`${cp.dataPlane.url}/metrics`)).text();
    expect(metrics).toMatch(/causeway_breaker_state\{[^}]*connector="slack"[^}]*\} 2/);
    slack.control.clearFaults();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call()).status).toBe(200);
  }, 90_000);
});
