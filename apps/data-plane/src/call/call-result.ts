import type { PendingApproval } from '../approvals/approval-gate';
import { CallError } from './call-error';

export interface CallSuccess {
  data: unknown;
  meta: { requestId: string; attempts: number; nextCursor?: string };
}

/**
 * How one call ended, whichever surface asked: it ran (or its stored answer was replayed), it
 * waits for a human (nothing was sent), or it failed with a contract code. Each surface turns
 * this into its response exactly once.
 */
export type CallResult =
  | { kind: 'success'; body: CallSuccess; replayed: boolean }
  | { kind: 'pending'; approval: PendingApproval }
  | { kind: 'failure'; error: CallError; replayed: boolean };

export function failed(error: CallError): CallResult {
  return { kind: 'failure', error, replayed: false };
}

/** A stored answer (idempotency key or executed approval) given again. */
export function replayOf(response: { status: number; body: unknown }): CallResult {
  if (response.status === 200) return { kind: 'success', body: response.body as CallSuccess, replayed: true };
  return { kind: 'failure', error: CallError.fromStored(response.body), replayed: true };
}
