import { catalog } from '@causeway/connectors';
import { errorBody, type ErrorCode } from '@causeway/contracts';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallErrorExtra } from '../call/call-error';
import type { CallSuccess } from '../call/call-result';
import type { PendingApproval } from '../approvals/approval-gate';
import { argumentField, CALL_OPTION_FIELDS, CAUSEWAY_ARGUMENT } from './call-options';
import { NEXT_STEP } from './next-steps';

/**
 * A successful call: `structuredContent` is the data (it matches the tool's outputSchema),
 * the first text block is the same data serialised for clients that only read text, and a
 * second block tells the model how to page on, because `meta` has no place in
 * structuredContent. `_meta` carries REST's `meta` for hosts.
 */
export function successResult(tool: string, success: CallSuccess, replayed = false): CallToolResult {
  const { data, meta } = success;
  const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(data) }];
  if (meta.nextCursor) {
    content.push({
      type: 'text',
      text: `More results: call ${tool} again with the same arguments and cursor ${JSON.stringify(meta.nextCursor)} for the next page.`,
    });
  }
  return {
    content,
    ...(isRecord(data) ? { structuredContent: data } : {}),
    isError: false,
    _meta: {
      'causeway/requestId': meta.requestId,
      'causeway/attempts': meta.attempts,
      ...(meta.nextCursor ? { 'causeway/nextCursor': meta.nextCursor } : {}),
      ...(replayed ? { 'causeway/replayed': true } : {}),
    },
  };
}

/**
 * A call that waits for a human, answered as an error result (`isError: true`) that says
 * exactly how to follow the approval.
 *
 * Why an error and not a success: a successful result of a tool with an outputSchema must
 * carry `structuredContent` that conforms to it, and conformant clients check (the official
 * Python SDK raises "has an output schema but did not return structured content"). The schema
 * describes the real result, which does not exist yet; clients do not validate error results,
 * so this form reaches every model and host intact. Nothing was sent to the provider.
 */
export function pendingResult(tool: string, pending: PendingApproval, requestId: string): CallToolResult {
  const approval = { id: pending.id, status: pending.status, expiresAt: pending.expiresAt, reason: pending.reason };
  const next = {
    pollUrl: `/v1/approvals/${pending.id}?waitMs=30000`,
    retryWith: { [CAUSEWAY_ARGUMENT]: { approvalId: pending.id } },
  };
  const lines = [
    `Approval required: this ${tool} call was not made; it waits for a human to approve it (rule ${pending.reason}). This is not a failure of the tool.`,
    `Approval id: ${pending.id}. Status: pending. Expires at: ${pending.expiresAt}.`,
    `Next step: tell the user an approval is pending. To check its state, the REST API answers GET ${next.pollUrl}; or call ${tool} again with exactly the same arguments plus "${CAUSEWAY_ARGUMENT}": { "approvalId": "${pending.id}" } — it answers approval_pending while undecided, runs the call once approved, and answers approval_rejected or approval_expired otherwise. Do not change the arguments: a different call needs a new approval.`,
    JSON.stringify({ approval, next }),
  ];
  return {
    content: [{ type: 'text', text: lines.join('\n') }],
    isError: true,
    _meta: { 'causeway/requestId': requestId, 'causeway/approval': approval, 'causeway/next': next },
  };
}

/**
 * A failed call as a tool result, not a protocol error, so the model sees it and can act:
 * the code, whether and when to retry, and what to do next — the tool's own advice for the
 * code when it has some — followed by the contract's error body.
 */
export function failureResult(
  tool: string,
  error: { code: ErrorCode; message: string; retryable: boolean; extra: CallErrorExtra },
  requestId: string,
): CallToolResult {
  const extra = { ...error.extra, ...(error.extra.field ? { field: mcpField(error.extra.field) } : {}) };
  const body = errorBody(error.code, error.message, requestId, extra);
  const retry = !error.retryable ? 'no' : extra.retryAfterMs !== undefined ? `yes, after ${extra.retryAfterMs} ms` : 'yes';
  const advice = catalog.findAction(tool)?.action.errorGuide[error.code] ?? NEXT_STEP[error.code];
  const lines = [
    `Error ${error.code}: ${error.message}`,
    `Retryable: ${retry}.`,
    ...(extra.field ? [`Field: ${extra.field}.`] : []),
    `Next step: ${advice}`,
    JSON.stringify(body),
  ];
  return { content: [{ type: 'text', text: lines.join('\n') }], isError: true, _meta: { 'causeway/error': body.error } };
}

/** REST names call options by their body field or header; an MCP caller sent them in `_causeway`. */
function mcpField(field: string): string {
  if (field === 'Idempotency-Key') return argumentField('idempotencyKey');
  if (field.startsWith('input.')) return field.slice('input.'.length);
  return (CALL_OPTION_FIELDS as readonly string[]).includes(field) ? argumentField(field) : field;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
