import { requestHash, type IdempotencyScope, type IdempotencyStore } from '@causeway/resilience';
import { CallError } from './call-error';
import { replayOf, type CallResult } from './call-result';

/** This call owns the key until it settles it. */
export interface IdempotencyClaim {
  scope: IdempotencyScope;
  key: string;
  lease: string;
}

/** What makes a retry "the same request": what the agent sent, never what the platform resolved. */
export interface AgentRequest {
  tool: string;
  connectionId?: string;
  onBehalfOf?: string;
  input: unknown;
}

/** Margin of the key's lease past the call's deadline: a lease must never expire under a call still running. */
const LEASE_MARGIN_MS = 5_000;

/**
 * `Idempotency-Key` for writes (libs/resilience/src/idempotency): the first call with a key
 * owns it; duplicates get its stored answer, 409 while it runs, 422 when the key was used for
 * a different request.
 */
export class IdempotentWrites {
  constructor(private readonly store: IdempotencyStore) {}

  async begin(
    scope: IdempotencyScope,
    key: string,
    request: AgentRequest,
    deadline: number,
  ): Promise<IdempotencyClaim | { kind: 'answered'; result: CallResult } | CallError> {
    const hash = requestHash(request);
    const begun = await this.store.begin(scope, key, hash, { leaseMs: deadline - Date.now() + LEASE_MARGIN_MS });
    switch (begun.kind) {
      case 'new':
        return { scope, key, lease: begun.lease };
      case 'replay':
        return { kind: 'answered', result: replayOf(begun.response) };
      case 'mismatch':
        return new CallError('idempotency_key_reused', 'this Idempotency-Key was used for a different request', { field: 'Idempotency-Key' });
      case 'in_flight':
        return new CallError('idempotency_in_flight', 'a call with this Idempotency-Key is still running', { retryAfterMs: begun.retryAfterMs });
      case 'abandoned':
        return new CallError(
          'idempotency_outcome_unknown',
          'the first call with this Idempotency-Key was cut off and may have reached the provider: check the provider before acting again, and retry with a new Idempotency-Key only if the action did not happen',
          { field: 'Idempotency-Key' },
        );
    }
  }

  /**
   * Once, when the call ends: an answer that may reflect the upstream's action is stored for
   * every duplicate; a call that provably sent nothing releases the key for a retry.
   */
  async settle(claim: IdempotencyClaim, response: { status: number; body: unknown } | undefined): Promise<void> {
    if (response) await this.store.complete(claim.scope, claim.key, claim.lease, response);
    else await this.store.fail(claim.scope, claim.key, claim.lease).catch(() => undefined);
  }
}
