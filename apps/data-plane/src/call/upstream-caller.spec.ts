import { Registry } from 'prom-client';
import type { ActionResult, Credential } from '@causeway/connectors';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { CallMetrics } from '../actions/call-metrics';
import type { CredentialProvider } from '../credentials/credential-provider';
import { CallGuards } from '../limits/call-guards';
import { Admission, upstreamAdmission, type AdmissionLease } from './admit';
import { POSTED, SPEC_LIMITS } from './call-pipeline.test-support';
import { UpstreamCaller, type UpstreamOutcome } from './upstream-caller';

const ref = { tenantId: 't1', connectionId: 'c1', provider: 'slack' };
const expired: ActionResult = {
  ok: false,
  error: { code: 'unauthenticated', message: 'token_expired', retryable: false, authExpired: true, upstreamStatus: 401 },
};
const unavailable: ActionResult = { ok: false, error: { code: 'upstream_unavailable', message: 'down', retryable: true, upstreamStatus: 503 } };

async function harness(answers: ActionResult[], sideEffect: 'read' | 'write' = 'write', limits: Partial<typeof SPEC_LIMITS> = {}) {
  const registry = new Registry();
  const guards = new CallGuards({ ...SPEC_LIMITS, ...limits }, { registry });
  let refreshes = 0;
  const credentials = {
    get: async () => ({ authMode: 'oauth2', kind: 'token', token: 'old' }) as Credential,
    refreshAfterRejection: async () => (refreshes++, { authMode: 'oauth2', kind: 'token', token: 'new' } as Credential),
  } as unknown as CredentialProvider;
  const caller = new UpstreamCaller(guards, credentials, new CallMetrics(registry));
  const tokens: string[] = [];
  const run = async () => {
    const lease = (await new Admission(guards).admit(
      { tenantId: 't1', keyId: 'k1' } as AgentPrincipal,
      upstreamAdmission('slack', 'c1', undefined),
      Date.now() + 10_000,
    )) as AdmissionLease;
    try {
      return await caller.call({
        ref,
        providerName: 'Slack',
        sideEffect,
        lease,
        deadline: Date.now() + 10_000,
        send: async (credential) => (tokens.push((credential as { token: string }).token), answers.shift() ?? POSTED),
      });
    } finally {
      lease.release();
    }
  };
  return { run, tokens, refreshes: () => refreshes, guards };
}

describe('the upstream caller', () => {
  it('refreshes a rejected credential once and sends once more', async () => {
    const h = await harness([expired, POSTED]);
    expect(await h.run()).toMatchObject({ result: { ok: true }, attempts: 2, reachedUpstream: true });
    expect(h.tokens).toEqual(['old', 'new']);
    expect(h.refreshes()).toBe(1);
  });

  it('never loops: a second rejection means re-consent (needs_reauth)', async () => {
    const h = await harness([expired, expired, POSTED]);
    const outcome = (await h.run()) as UpstreamOutcome;
    expect(outcome.result).toMatchObject({ ok: false, error: { code: 'needs_reauth', retryable: false } });
    expect(h.tokens).toEqual(['old', 'new']);
  });

  it('does not resend a write the upstream may have applied, but retries a read', async () => {
    const write = await harness([unavailable, POSTED], 'write');
    expect(await write.run()).toMatchObject({ result: { ok: false }, attempts: 1 });
    const read = await harness([unavailable, POSTED], 'read');
    expect(await read.run()).toMatchObject({ result: { ok: true }, attempts: 2 });
  });

  it('answers at once through an open breaker, without sending', async () => {
    const h = await harness(
      Array.from({ length: 40 }, () => unavailable),
      'write',
    );
    for (let i = 0; i < 20; i++) await h.run();
    const sentBefore = h.tokens.length;
    const outcome = (await h.run()) as UpstreamOutcome;
    expect(outcome.result).toMatchObject({ ok: false, error: { code: 'upstream_unavailable' } });
    expect('breaker' in outcome.result).toBe(true);
    expect(h.tokens.length).toBe(sentBefore);
  });
});
