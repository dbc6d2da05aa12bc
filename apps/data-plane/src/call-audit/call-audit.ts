import { randomUUID } from 'node:crypto';
import { TOPICS, type AuditEvent, type AuditOutcome, type ErrorCode } from '@causeway/contracts';
import type { BusMessage } from '@causeway/messaging';

/** Whatever accepts the data plane's audit events: the spooling publisher in production. */
export interface CallAuditSink {
  publish(messages: BusMessage[]): Promise<void>;
  /** Throws when the audit trail cannot take more events: new calls are refused, not unaudited. */
  assertAccepting?(): void;
}

export interface CallRecord {
  /**
   * The event's id: the call's intent id when it announced one, so the event and a recovery's
   * `outcome_unknown` for the same call (a crash after the event was kept and before the intent
   * was ended) are one event to the audit store, which keeps the first. Random otherwise.
   */
  id?: string;
  tenantId: string;
  keyId: string;
  keyName: string;
  tool: string;
  connectionId?: string;
  outcome: AuditOutcome;
  errorCode?: ErrorCode;
  upstreamStatus?: number;
  attempts: number;
  latencyMs: number;
  correlationId: string;
  workflowRunId?: string;
  /** Which layer refused a denied call (policy, key scopes, creator, allow-list). */
  deniedBy?: string;
  /** Input and result, already redacted: only for tenants that opted in (`auditPayloads: redacted`). */
  payload?: { input: unknown; output?: unknown };
}

/**
 * One audit event per agent call — allowed, denied, throttled, failed or replayed — without
 * secrets, and without payloads unless the tenant opted in (then redacted by the caller).
 */
export function callAuditMessage(record: CallRecord): BusMessage {
  const event: AuditEvent = {
    id: record.id ?? randomUUID(),
    specVersion: 1,
    tenantId: record.tenantId,
    occurredAt: new Date().toISOString(),
    actor: { type: 'api_key', id: record.keyId, label: record.keyName },
    action: 'tool.call',
    outcome: record.outcome,
    target: { type: 'tool', id: record.tool },
    correlationId: record.correlationId,
    ...(record.workflowRunId ? { workflowRunId: record.workflowRunId } : {}),
    tool: record.tool,
    ...(record.connectionId ? { connectionId: record.connectionId } : {}),
    ...(record.upstreamStatus ? { upstreamStatus: record.upstreamStatus } : {}),
    attempts: record.attempts,
    latencyMs: Math.round(record.latencyMs * 1000) / 1000,
    ...(record.errorCode || record.deniedBy || record.payload
      ? {
          details: {
            ...(record.errorCode ? { errorCode: record.errorCode } : {}),
            ...(record.deniedBy ? { deniedBy: record.deniedBy } : {}),
            ...(record.payload ? { payload: record.payload } : {}),
          },
        }
      : {}),
  };
  return { topic: TOPICS.audit, key: record.tenantId, value: event, headers: { 'event-id': event.id } };
}
