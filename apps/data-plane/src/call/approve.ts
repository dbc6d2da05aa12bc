import type { ApprovalGate, GateInput, GateTicket } from '../approvals/approval-gate';
import { CallError, expectedAsync } from './call-error';
import { replayOf, type CallResult } from './call-result';

/** The call may go on (holding `ticket` when the gate let it through, to settle once it ends), or the gate answered it. */
export type Approval = { kind: 'proceed'; ticket?: GateTicket } | { kind: 'answered'; result: CallResult } | CallError;

const PROCEED: Approval = { kind: 'proceed' };

/**
 * Human approval, progressive trust and daily budgets (docs/approvals.md): after the quotas
 * (approval requests are calls too), before idempotency and the upstream. A call that waits
 * for a human is answered `pending`; re-sending an approved call that already ran replays it.
 */
export async function approve(gate: ApprovalGate | undefined, input: GateInput): Promise<Approval> {
  if (!gate) return PROCEED;
  const decision = await expectedAsync(() => gate.evaluate(input));
  if (decision instanceof CallError) return decision;
  if (decision.kind === 'pending') return { kind: 'answered', result: { kind: 'pending', approval: decision.approval } };
  if (decision.kind === 'replay') return { kind: 'answered', result: replayOf(decision.response) };
  return { kind: 'proceed', ticket: decision.ticket };
}
