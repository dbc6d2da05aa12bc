import type { ApprovalWire } from '@causeway/contracts';
import type { ApprovalRow } from './approval.entities';

/** How an approval is shown: to the agent (`GET /v1/approvals/{id}`), to approvers (internal API → GraphQL) and in notifications. */
export function approvalView(row: ApprovalRow, opts: { withInput: boolean; withResult?: boolean }): ApprovalWire {
  return {
    id: row.id,
    status: row.status,
    tool: row.tool,
    connectionId: row.connectionId,
    onBehalfOf: row.onBehalfOf,
    keyId: row.keyId,
    keyName: row.keyName,
    reason: row.reason,
    inputHash: row.inputHash,
    ...(opts.withInput ? { input: row.input } : {}),
    requestedAt: row.requestedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    note: row.note,
    executedAt: row.executedAt?.toISOString() ?? null,
    executionOutcome: row.executionOutcome,
    ...(opts.withResult && row.status === 'executed' && row.result ? { result: row.result } : {}),
  };
}
