import { createServiceRegistry, httpDurationHistogram, LATENCY_BUCKETS_SECONDS } from './metrics';

describe('latency buckets', () => {
  it('reach 60 s, so a slow upstream call is measured instead of landing in +Inf', async () => {
    expect(Math.max(...LATENCY_BUCKETS_SECONDS)).toBe(60);
    const registry = createServiceRegistry('test');
    httpDurationHistogram(registry).observe({ labels: { method: 'POST', route: '/v1/actions/:tool', status_class: '2xx' }, value: 45 });
    const text = await registry.metrics();
    expect(text).toMatch(/causeway_http_request_duration_seconds_bucket\{le="30",[^}]*\} 0/);
    expect(text).toMatch(/causeway_http_request_duration_seconds_bucket\{le="60",[^}]*\} 1/);
  });

  it('are strictly increasing', () => {
    for (let i = 1; i < LATENCY_BUCKETS_SECONDS.length; i += 1) expect(LATENCY_BUCKETS_SECONDS[i]).toBeGreaterThan(LATENCY_BUCKETS_SECONDS[i - 1]);
  });
});
