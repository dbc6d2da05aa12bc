import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run through the e2e Jest project');
  return url;
}

/**
 * Tenant and key quotas on the data plane with its limits in Redis (as in production), against
 * the Slack simulator. Admission is one atomic decision: a call the key quota refuses takes
 * nothing from the tenant's quota, so other keys of the tenant keep their share of it.
 */
describe('call quotas, shared in Redis', () => {
  // Tenant: 30/min with a burst of 3; each key: 6/min with a burst of 1.
  const cp = new PlatformHarness({ REDIS_URL: redisUrl(), TENANT_CALLS_PER_MINUTE: 30, KEY_CALLS_PER_MINUTE: 6 });
  let slack: Sim;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  const keys: string[] = [];

  beforeAll(async () => {
    slack = await startSlackSimulator();
    await cp.start();
    tenant = await cp.tenantWithOwner('quotas');
    await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['channels:read'],
    );
    for (let i = 0; i < 4; i++) {
      const created = await cp.ok<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(input: { name: "agent-${i}", scopes: ["call:Tool", "read:Tool"] }) { secret } }`,
        {},
        tenant.token,
      );
      keys.push(created.createApiKey.secret);
    }
    // /v1/tools is not quota'd: it only tells us the data plane knows every key and the connection.
    for (const key of keys) {
      await eventually(
        async () => {
          const tools = await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } });
          return tools.status === 200 && JSON.stringify(await tools.json()).includes('slack.list_channels') ? true : undefined;
        },
        { timeoutMs: 10_000, what: 'the key and its connection in the data plane' },
      );
    }
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
  }, 30_000);

  it("refuses a key over its quota without spending the tenant's quota, which other keys still get", async () => {
    const call = (key: string) => cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
    expect((await call(keys[0])).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const refused = await call(keys[0]);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: "this key's call quota is used up for now", retryable: true });
      expect(refused.body.error.retryAfterMs).toBeGreaterThan(9_000);
      expect(refused.headers.get('retry-after')).toBe(String(Math.ceil(refused.body.error.retryAfterMs / 1000)));
    }
    // Had the five refusals been charged to the tenant (burst 3), nothing would be left now.
    expect((await call(keys[1])).status).toBe(200);
    expect((await call(keys[2])).status).toBe(200);
    const overTenant = await call(keys[3]);
    expect(overTenant.status).toBe(429);
    expect(overTenant.body.error).toMatchObject({ code: 'rate_limited', message: "this tenant's call quota is used up for now" });
    // HTTP's own signal too, in whole seconds rounded up from the body's retryAfterMs.
    expect(overTenant.headers.get('retry-after')).toBe(String(Math.ceil(overTenant.body.error.retryAfterMs / 1000)));

    const metrics = await (await fetch(`${cp.dataPlane.url}/metrics`)).text();
    expect(metrics).toMatch(/causeway_rate_limit_decisions_total\{decision="throttled",scope="key",service="data-plane"\} 5/);
    expect(metrics).toMatch(/causeway_rate_limit_decisions_total\{decision="throttled",scope="tenant",service="data-plane"\} 1/);
    expect(metrics).toMatch(/causeway_rate_limit_decisions_total\{decision="allowed",scope="key",service="data-plane"\} 3/);
  });
});
