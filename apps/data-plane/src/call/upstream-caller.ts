import type { ActionResult, Credential, SideEffect } from '@causeway/connectors';
import { callWithRetry, upstreamKey } from '@causeway/resilience';
import type { CallMetrics } from '../actions/call-metrics';
import type { CredentialProvider, ConnectionRef } from '../credentials/credential-provider';
import type { CallGuards } from '../limits/call-guards';
import type { AdmissionLease } from './admit';
import { CallError, expectedFailure } from './call-error';

/** One request to the upstream with a given credential: the engine's action, or the proxy's raw request. */
export type Send = (credential: Credential, signal: AbortSignal, timeoutMs: number) => Promise<ActionResult>;

export interface UpstreamCall {
  ref: ConnectionRef;
  /** Display name of the provider, for the message when it asked us to wait. */
  providerName: string;
  sideEffect: SideEffect;
  send: Send;
  lease: AdmissionLease;
  deadline: number;
}

export interface UpstreamOutcome {
  result: ActionResult;
  attempts: number;
  /** Whether anything may have been sent: decides whether an idempotency key is stored or released. */
  reachedUpstream: boolean;
}

/**
 * The upstream, behind everything that protects it and us: each attempt waits for the
 * upstream's holds and pace (the admission lease), goes through the connection's breaker, is
 * retried only where safe (libs/resilience/src/retry), and a credential the upstream rejected
 * is refreshed once and the request sent once more — never a loop. Holds the upstream
 * announced (Retry-After, reset headers) are recorded for the whole connection.
 */
export class UpstreamCaller {
  constructor(
    private readonly guards: CallGuards,
    private readonly credentials: CredentialProvider,
    private readonly metrics: CallMetrics,
  ) {}

  async call(call: UpstreamCall): Promise<UpstreamOutcome | CallError> {
    const { ref, lease, deadline } = call;
    const breakerKey = upstreamKey(ref.provider, ref.connectionId);
    let credential: Credential;
    try {
      credential = await this.credentials.get(ref);
    } catch (error) {
      return expectedFailure(error);
    }
    let attempts = 0;
    let refused: CallError | undefined;
    const send = (cred: Credential) =>
      this.guards.breakers.execute(breakerKey, (signal) =>
        this.metrics.timeUpstream(ref.provider, () => call.send(cred, signal, Math.max(1, deadline - Date.now()))),
      );

    const attempt = async (): Promise<ActionResult & { breaker?: unknown }> => {
      const admitted = await lease.beforeAttempt();
      if (admitted instanceof CallError) {
        // A quota refusal on the first attempt: nothing was sent; ends the call as it is.
        refused = admitted;
        return { ok: false, error: { code: admitted.code, message: admitted.message, retryable: false } };
      }
      if (!admitted.allowed) {
        this.guards.decisions.inc({ decision: 'throttled', scope: 'upstream' });
        return {
          ok: false,
          error: {
            code: 'upstream_rate_limited',
            message: `${call.providerName} asked us to wait; nothing was sent`,
            retryable: true,
            retryAfterMs: admitted.retryAfterMs,
          },
        };
      }
      attempts += 1;
      const first = await send(credential);
      if ('breaker' in first) return first;
      let result = first as ActionResult;
      if (!result.ok && result.error.authExpired) {
        // One refresh and one retry, never a loop: a second rejection means re-consent.
        const refreshed = await this.credentials.refreshAfterRejection(ref, credential);
        if (refreshed) {
          credential = refreshed;
          attempts += 1;
          result = (await send(refreshed)) as ActionResult;
        }
        if (!result.ok && result.error.authExpired) result = { ...result, error: { ...result.error, code: 'needs_reauth', retryable: false } };
      }
      await this.guards.gate.afterCall(breakerKey, result.rateLimit);
      return result;
    };

    const outcome = await callWithRetry(attempt, {
      safety: { sideEffect: call.sideEffect },
      deadline,
      budgetKey: ref.provider,
      budget: this.guards.budget,
      // An open breaker is answered at once: waiting in the loop for its probe would defeat it.
      isFinal: (result) => 'breaker' in result || refused !== undefined,
    });
    if (refused) return refused;
    return { result: outcome.result, attempts, reachedUpstream: attempts > 0 };
  }
}
