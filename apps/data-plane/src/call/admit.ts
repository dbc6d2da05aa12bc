import type { ProviderDefinition, CatalogAction } from '@causeway/connectors';
import { upstreamKey, type AdmissionDecision, type HoldCheck, type TokenTake } from '@causeway/resilience';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { declaredPace } from '../actions/declared-pace';
import type { CallGuards } from '../limits/call-guards';
import { CallError } from './call-error';

/** Longest the data plane queues a call for the upstream's pace before answering upstream_rate_limited. */
const MAX_GATE_WAIT_MS = 2_000;

/** Who refused a call's admission: its quotas, a hold the upstream announced, its declared pace. */
type AdmissionScope = 'tenant' | 'key' | 'upstream' | 'pace';
export interface AdmissionChecks {
  holds: HoldCheck<AdmissionScope>[];
  takes: TokenTake<AdmissionScope>[];
}

const GATE_OPEN: AdmissionDecision<AdmissionScope> = { allowed: true };

/**
 * The upstream's part of a call's admission: the holds on the connection and on the declared
 * limit's bucket (a channel, a method), and one token of the declared pace, counted in that
 * bucket (or the whole connection when the limit names none).
 */
export function upstreamAdmission(provider: string, connectionId: string, declared: ReturnType<typeof declaredPace>): AdmissionChecks {
  const connection = upstreamKey(provider, connectionId);
  const bucket = declared?.bucket ? upstreamKey(provider, connectionId, declared.bucket) : undefined;
  return {
    holds: bucket
      ? [
          { scope: 'upstream', key: connection },
          { scope: 'upstream', key: bucket },
        ]
      : [{ scope: 'upstream', key: connection }],
    takes: declared ? [{ scope: 'pace', key: `pace:${bucket ?? connection}`, rule: declared.rule }] : [],
  };
}

/** The upstream checks of a catalog action: its declared pace, bucketed by its input. */
export function actionAdmission(provider: ProviderDefinition, action: CatalogAction, connectionId: string, input: Record<string, unknown>): AdmissionChecks {
  return upstreamAdmission(provider.id, connectionId, declaredPace(provider, action, input));
}

/**
 * A call's admission, held from the quotas to its last attempt: the key's concurrency slot,
 * and what each attempt must pass before it is sent (`beforeAttempt`). The first attempt
 * passes nothing more when admission took everything at once; it waits for the upstream when
 * the upstream refused then; every later attempt passes the upstream's part again.
 */
export class AdmissionLease {
  private next: AdmissionChecks | undefined;

  constructor(
    private readonly admission: Admission,
    private readonly upstream: AdmissionChecks,
    firstGate: AdmissionChecks | undefined,
    private readonly deadline: number,
    readonly release: () => void,
  ) {
    this.next = firstGate;
  }

  /** Allowed, or the upstream's refusal for longer than the call can wait (a quota refusal cannot happen here: they were taken). */
  async beforeAttempt(): Promise<AdmissionDecision<AdmissionScope> | CallError> {
    const checks = this.next;
    this.next = this.upstream;
    return checks ? this.admission.waitForGate(checks, this.deadline) : GATE_OPEN;
  }
}

/**
 * Admission of a call: quotas, concurrency, the upstream's holds and its declared pace, taken
 * together in one decision (one Redis round trip) and held as one lease.
 */
export class Admission {
  constructor(private readonly guards: CallGuards) {}

  /**
   * The key's concurrency slot (in this replica), then everything shared in one atomic decision:
   * the tenant and key quotas, the upstream's holds and the first attempt's declared pace, all
   * taken or none, so a refused call costs no quota. A quota refusal is answered at once
   * (`rate_limited`, retryAfterMs the longest wait that applies). When only the upstream
   * refused, nothing was taken and the call goes on: its first attempt asks for all of it again
   * and waits for the upstream there, after the idempotency check, so duplicates of an
   * in-flight write are answered 409 without queueing for the upstream's pace.
   */
  async admit(principal: AgentPrincipal, upstream: AdmissionChecks, deadline: number): Promise<AdmissionLease | CallError> {
    const { limits, decisions, concurrency } = this.guards;
    const slot = concurrency.tryAcquire(`key:${principal.keyId}`, limits.keyConcurrentCalls);
    if (!slot) {
      decisions.inc({ decision: 'throttled', scope: 'concurrency' });
      return new CallError('rate_limited', `this key already has ${limits.keyConcurrentCalls} calls in flight`, { retryAfterMs: 100 });
    }
    const checks: AdmissionChecks = {
      holds: upstream.holds,
      takes: [
        {
          scope: 'tenant',
          key: `tenant:${principal.tenantId}`,
          rule: { perMinute: limits.tenantCallsPerMinute, burst: Math.max(1, Math.ceil(limits.tenantCallsPerMinute / 10)) },
        },
        {
          scope: 'key',
          key: `key:${principal.keyId}`,
          rule: { perMinute: limits.keyCallsPerMinute, burst: Math.max(1, Math.ceil(limits.keyCallsPerMinute / 10)) },
        },
        ...upstream.takes,
      ],
    };
    let decision: AdmissionDecision<AdmissionScope> | CallError;
    try {
      decision = await this.waitForGate(checks, deadline, 0);
    } catch (error) {
      slot.release();
      throw error;
    }
    if (decision instanceof CallError) {
      slot.release();
      return decision;
    }
    return new AdmissionLease(this, upstream, decision.allowed ? undefined : checks, deadline, () => slot.release());
  }

  /**
   * Decides `checks`, all taken or none, and waits (up to `maxWaitMs`) while only the upstream
   * refuses: a hold it announced (Retry-After) or our own pacing to its declared limit. Waiting
   * here is not a retry — nothing was sent — so it costs no retry budget. A quota refusal is
   * never waited for: `rate_limited`. Otherwise the decision that ended the wait, allowed or
   * refused by the upstream for longer than `maxWaitMs` or the deadline allows.
   */
  async waitForGate(checks: AdmissionChecks, deadline: number, maxWaitMs = MAX_GATE_WAIT_MS): Promise<AdmissionDecision<AdmissionScope> | CallError> {
    const { admission, decisions } = this.guards;
    for (;;) {
      const decision = await admission.decide(checks);
      if (decision.allowed) {
        if (checks.takes.some((t) => t.scope === 'key')) decisions.inc({ decision: 'allowed', scope: 'key' });
        return decision;
      }
      const quota = decision.refused.find((r) => r.scope === 'tenant' || r.scope === 'key');
      const waitMs = Math.ceil(decision.retryAfterMs);
      if (quota) {
        decisions.inc({ decision: 'throttled', scope: quota.scope });
        return new CallError(
          'rate_limited',
          quota.scope === 'tenant' ? "this tenant's call quota is used up for now" : "this key's call quota is used up for now",
          { retryAfterMs: waitMs },
        );
      }
      if (waitMs > maxWaitMs || Date.now() + waitMs >= deadline) return decision;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
