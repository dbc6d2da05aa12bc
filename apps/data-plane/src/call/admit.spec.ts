import { Registry } from 'prom-client';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { CallGuards } from '../limits/call-guards';
import { SPEC_LIMITS } from './call-pipeline.test-support';
import { Admission, AdmissionLease, upstreamAdmission } from './admit';
import { CallError } from './call-error';

const principal = { tenantId: 't1', keyId: 'k1' } as AgentPrincipal;
const far = () => Date.now() + 60_000;

function admission(limits: Partial<typeof SPEC_LIMITS> = {}) {
  const guards = new CallGuards({ ...SPEC_LIMITS, ...limits }, { registry: new Registry() });
  return { guards, admission: new Admission(guards) };
}

describe('admission', () => {
  it('holds one concurrency slot per call until the lease is released', async () => {
    const { admission: a } = admission({ keyConcurrentCalls: 1 });
    const upstream = upstreamAdmission('slack', 'c1', undefined);
    const first = (await a.admit(principal, upstream, far())) as AdmissionLease;
    expect(first).toBeInstanceOf(AdmissionLease);
    expect(await a.admit(principal, upstream, far())).toMatchObject({ code: 'rate_limited', extra: { retryAfterMs: 100 } });
    first.release();
    expect(await a.admit(principal, upstream, far())).toBeInstanceOf(AdmissionLease);
  });

  it('answers a spent key quota at once with when to retry, and gives the slot back', async () => {
    const { admission: a } = admission({ keyCallsPerMinute: 1, keyConcurrentCalls: 1 });
    const upstream = upstreamAdmission('slack', 'c1', undefined);
    ((await a.admit(principal, upstream, far())) as AdmissionLease).release();
    const refused = (await a.admit(principal, upstream, far())) as CallError;
    expect(refused).toMatchObject({ code: 'rate_limited', message: "this key's call quota is used up for now" });
    expect(refused.extra.retryAfterMs).toBeGreaterThan(0);
    // The slot was given back (the limit is 1): the next refusal is the quota's again, not "in flight".
    expect(await a.admit(principal, upstream, far())).toMatchObject({ code: 'rate_limited', message: "this key's call quota is used up for now" });
  });

  it('lets the call on when only the upstream holds it, and makes the first attempt wait for the hold', async () => {
    const { guards, admission: a } = admission();
    const upstream = upstreamAdmission('slack', 'c1', undefined);
    await guards.gate.afterCall(upstream.holds[0].key, { limited: true, retryAfterMs: 60_000 });
    const lease = (await a.admit(principal, upstream, far())) as AdmissionLease;
    expect(lease).toBeInstanceOf(AdmissionLease);
    // Longer than the call may queue: the attempt is refused without sending, with the upstream's wait.
    expect(await lease.beforeAttempt()).toMatchObject({ allowed: false, retryAfterMs: expect.any(Number) });
    lease.release();
  });

  it('passes the first attempt at once when admission took everything, and checks the upstream again before a retry', async () => {
    const { guards, admission: a } = admission();
    const upstream = upstreamAdmission('slack', 'c1', undefined);
    const lease = (await a.admit(principal, upstream, far())) as AdmissionLease;
    expect(await lease.beforeAttempt()).toEqual({ allowed: true });
    await guards.gate.afterCall(upstream.holds[0].key, { limited: true, retryAfterMs: 60_000 });
    expect(await lease.beforeAttempt()).toMatchObject({ allowed: false });
    lease.release();
  });
});
